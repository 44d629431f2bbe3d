"""HS revisions concorded with UNSD's official correlation tables (all 21 pairs).

The links are packaged in ``hs_links.parquet`` (derived by ``scripts/derive_hs_concordance.py``
from the UNSD workbooks; attribution in ``hs_links.toml``). A warehouse may hold imported
links (``chuhai data import`` of a UNSD workbook, table ``hs_links``): callers pass them as
``imported`` (pair ``"HS22>HS17"`` -> :class:`LinkTable`, read by
:func:`chuhai.data.queries.hs_links.imported_links`) and a pair found there is used instead
of the packaged one; the summary's ``source`` says which (``packaged`` or
``warehouse:<import_id> (<file>)``). Converting flows from revision ``S`` to ``T``:

* a source code with one target (1:1, n:1) moves there whole;
* a source code with several targets (1:n, n:n) is split by **trade-weighted shares**:
  ``share_t = w_t / sum(w over the code's targets)``, ``w`` being the caller's trade in the
  target revision (e.g. world imports in the years both revisions exist); when none of its
  targets has trade, the split is **equal**;
* a source code without a link (HS2017 300219 is missing from UNSD's 2022->2017 table;
  ``999999``) stays under its own code and is listed in ``unmapped``;
* HS2022's sweeping headings (:data:`SWEEP_CODES`: 8549 waste and scrap, 8524 flat panel
  modules, 8529.90) link to up to 1,019 older codes each: from HS2022 they use the
  Conversion sheet's one target; towards HS2022 an older code's links to them count only
  when it has no other link (valves stay valves);
* BACI folds 2710xx into ``271000`` (:data:`FOLDS`): a folded source code takes the links of
  the codes it folds, and the output folds them back when the input used the folded code.

Every share of a code sums to one (the last is one minus the others), so totals are kept.

API::

    out = convert_flows([("848180", 1e6), ("854140", 5e5)], "HS17", "HS22", weights={...})
    out.flows            # (("848180", 1e6), ("854141", ...), ...) sorted by code
    out.concordance      # ConcordanceSummary: links used, value split, codes affected ...
    table, summary = convert_table(arrow_table, "HS22")   # rows with hs6, hs_revision, value_usd
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chuhai.data.reference.linktables import (
    PACKAGED,
    REVISIONS,
    SWEEP_CODES,
    LinkTable,
    check_revision,
    link_table,
    links,
    pair_key,
)
from chuhai.errors import InputError

_check = check_revision

__all__ = ["FOLDS", "PACKAGED", "REVISIONS", "SOURCE", "SWEEP_CODES", "ConcordanceSummary",
           "ConvertedFlows", "LinkTable", "Split", "convert_flows", "convert_table", "link_table",
           "links", "pair_key", "splits", "target_weights"]

#: Folded code -> prefix of the codes it stands for (BACI: 2710xx -> 271000).
FOLDS = {"271000": "2710"}
SOURCE = ("United Nations Statistics Division, HS correspondence tables (correlation and "
          "conversion), packaged in chuhai/data/reference/hs_links.parquet")


@dataclass(frozen=True, slots=True)
class Split:
    """Where one source code goes: ``(target, share)`` pairs summing to 1."""

    source: str
    targets: tuple[tuple[str, float], ...]
    relation: str  # 1:1, n:1, 1:n, n:n, unmapped
    weighting: str  # direct, trade-weighted, equal, none


@dataclass(frozen=True, slots=True)
class ConcordanceSummary:
    """What a conversion did (the ``concordance`` block of a result)."""

    from_revisions: tuple[str, ...]
    to_revision: str
    links_used: int
    relations: dict[str, int]  # links used by relation
    value_usd: float
    value_split_usd: float
    share_split: float  # value_split_usd / value_usd (0 when nothing)
    codes_affected: tuple[str, ...]  # source codes moved to another code or split
    codes_split: tuple[str, ...]
    unmapped: tuple[str, ...]
    weighting: tuple[str, ...]  # the rules used for the splits: trade-weighted, equal
    #: where the links came from: "packaged", or "warehouse:<import_id> (<file>)" for a pair
    #: imported into the warehouse; several, "; "-joined, when pairs differ (see link_sources)
    source: str = PACKAGED
    link_sources: dict[str, str] = field(default_factory=dict)  # "HS17>HS22" -> source
    attribution: str = SOURCE


@dataclass(frozen=True, slots=True)
class ConvertedFlows:
    flows: tuple[tuple[str, float], ...]
    concordance: ConcordanceSummary


def _targets(code: str, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    if code in table:
        return table[code]
    prefix = FOLDS.get(code)
    if prefix is None:
        return ()
    return tuple(sorted({t for s, ts in table.items() if s.startswith(prefix) for t in ts}))


def splits(codes: Iterable[str], from_revision: str, to_revision: str,
           weights: Mapping[str, float] | None = None,
           imported: Mapping[str, LinkTable] | None = None) -> dict[str, Split]:
    """How each of ``codes`` converts; ``weights`` is trade by target code (see module doc)."""
    src, dst = _check(from_revision), _check(to_revision)
    table = links(src, dst, imported)
    fan_in: Counter[str] = Counter(t for ts in table.values() for t in ts)
    out: dict[str, Split] = {}
    for code in set(codes):
        if src == dst:
            out[code] = Split(code, ((code, 1.0),), "1:1", "direct")
            continue
        ts = _targets(code, table)
        if not ts:
            out[code] = Split(code, ((code, 1.0),), "unmapped", "none")
            continue
        many_in = any(fan_in[t] > 1 for t in ts)
        if len(ts) == 1:
            out[code] = Split(code, ((ts[0], 1.0),), "n:1" if many_in else "1:1", "direct")
            continue
        w = [max(float((weights or {}).get(t, 0.0)), 0.0) for t in ts]
        total = sum(w)
        shares = [x / total for x in w] if total > 0 else [1.0 / len(ts)] * len(ts)
        shares[-1] = 1.0 - sum(shares[:-1])
        out[code] = Split(code, tuple(zip(ts, shares, strict=True)), "n:n" if many_in else "1:n",
                          "trade-weighted" if total > 0 else "equal")
    return out


def _fold_back(code: str, folded: set[str]) -> str:
    for fold in folded:
        if code.startswith(FOLDS[fold]):
            return fold
    return code


def target_weights(table: pa.Table, revision: str, *, hs_col: str = "hs6",
                   revision_col: str = "hs_revision", value_col: str = "value_usd") -> dict[str, float]:
    """Trade by code of the rows of ``table`` that are in ``revision`` (split weights)."""
    rev = _check(revision)
    rows = table.filter(pc.equal(pc.cast(table[revision_col], pa.string()), rev))
    if not rows.num_rows:
        return {}
    sums = rows.group_by(hs_col).aggregate([(value_col, "sum")])
    return dict(zip(sums[hs_col].to_pylist(), sums[f"{value_col}_sum"].to_pylist(), strict=True))


def _plan_parts(plan: Split, folded: set[str]) -> list[tuple[str, float]]:
    """The plan's (target, share) after folding targets back (shares of one code merge)."""
    merged: dict[str, float] = defaultdict(float)
    for target, share in plan.targets:
        merged[_fold_back(target, folded)] += share
    return [(t, x) for t, x in merged.items() if x > 0]


def convert_table(table: pa.Table, to_revision: str, *, weights: Mapping[str, float] | None = None,
                  hs_col: str = "hs6", revision_col: str = "hs_revision",
                  value_col: str = "value_usd",
                  imported: Mapping[str, LinkTable] | None = None,
                  ) -> tuple[pa.Table, ConcordanceSummary]:
    """Convert every row of ``table`` (any other columns carried along) to ``to_revision``.

    A row whose code splits becomes one row per target with its share of ``value_col``
    (the last part takes the remainder, so each row's parts sum to its value);
    ``revision_col`` becomes ``to_revision``. Rows keep their order; split rows follow
    each other. Vectorised over the rows: one plan per distinct (revision, code).
    ``imported``: the warehouse's links by pair (see the module doc), else the packaged ones.
    ``weights`` defaults to the table's own trade in ``to_revision`` by code (the rows
    already in the target revision, e.g. the window's years both revisions cover).
    """
    dst = _check(to_revision)
    for col in (hs_col, revision_col, value_col):
        if col not in table.column_names:
            raise InputError(f"the flows lack the column {col!r}", field=col)
        if col != value_col and table[col].null_count:
            raise InputError(f"the flows have rows without {col!r}", field=col)
    keys = pc.binary_join_element_wise(pc.cast(table[revision_col], pa.string()),
                                       pc.cast(table[hs_col], pa.string()), "|")
    enc = pc.dictionary_encode(keys).combine_chunks()
    uniq = [k.split("|", 1) for k in enc.dictionary.to_pylist()]
    key_of_row = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    values = pc.fill_null(pc.cast(table[value_col], pa.float64()), 0.0).to_numpy()
    if weights is None:
        weights = target_weights(table, dst, hs_col=hs_col, revision_col=revision_col,
                                 value_col=value_col)
    by_rev: dict[str, list[str]] = defaultdict(list)
    for rev, code in uniq:
        by_rev[_check(rev)].append(code)
    plans = {rev: splits(codes, rev, dst, weights, imported) for rev, codes in by_rev.items()}
    used = {f"{rev}>{dst}": link_table(rev, dst, imported).source
            for rev in sorted(by_rev) if rev != dst}
    folded = {code for _, code in uniq if code in FOLDS}
    key_plans = [plans[_check(rev)][code] for rev, code in uniq]
    key_parts = [_plan_parts(plan, folded) for plan in key_plans]
    counts = np.array([len(p) for p in key_parts], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    flat_targets = np.array([t for p in key_parts for t, _ in p], dtype=object)
    flat_shares = np.array([x for p in key_parts for _, x in p], dtype=float)
    # expand the rows: row i repeated counts[key_of_row[i]] times, one per target
    row_counts = counts[key_of_row]
    rows = np.repeat(np.arange(len(values)), row_counts)
    starts = np.repeat(np.cumsum(row_counts) - row_counts, row_counts)
    flat = offsets[key_of_row[rows]] + (np.arange(len(rows)) - starts)
    parts = values[rows] * flat_shares[flat]
    if len(rows):
        last = np.cumsum(row_counts) - 1
        parts[last] += values - np.bincount(rows, weights=parts, minlength=len(values))
    out = table.take(pa.array(rows, pa.int64()))
    out = out.set_column(out.column_names.index(hs_col), hs_col,
                         pa.array(flat_targets[flat].tolist(), pa.string()))
    out = out.set_column(out.column_names.index(value_col), value_col, pa.array(parts, pa.float64()))
    out = out.set_column(out.column_names.index(revision_col), revision_col,
                         pa.array([dst] * len(rows), pa.string()))
    # summary, per distinct (revision, code)
    key_value = np.bincount(key_of_row, weights=values, minlength=len(uniq))
    key_any = np.bincount(key_of_row, weights=(values != 0).astype(float), minlength=len(uniq)) > 0
    relations: Counter[str] = Counter()
    affected, split_codes, unmapped, rules = set(), set(), set(), set()
    split_value = 0.0
    for k, ((_, code), plan, kp) in enumerate(zip(uniq, key_plans, key_parts, strict=True)):
        if plan.relation == "unmapped":
            unmapped.add(code)
        elif key_any[k]:
            relations[plan.relation] += len(plan.targets)
        if len(kp) > 1:
            split_value += float(key_value[k])
            split_codes.add(code)
            rules.add(plan.weighting)
        if len(kp) > 1 or kp[0][0] != code:
            affected.add(code)
    total = float(values.sum())
    summary = ConcordanceSummary(
        from_revisions=tuple(sorted(by_rev)), to_revision=dst, links_used=sum(relations.values()),
        relations=dict(sorted(relations.items())), value_usd=total, value_split_usd=split_value,
        share_split=split_value / total if total else 0.0, codes_affected=tuple(sorted(affected)),
        codes_split=tuple(sorted(split_codes)), unmapped=tuple(sorted(unmapped)),
        weighting=tuple(sorted(rules)), source="; ".join(sorted(set(used.values()))) or PACKAGED,
        link_sources=used)
    return out, summary


def convert_flows(flows: Iterable[tuple[str, float]], from_revision: str, to_revision: str, *,
                  weights: Mapping[str, float] | None = None,
                  imported: Mapping[str, LinkTable] | None = None) -> ConvertedFlows:
    """``(hs6, value)`` flows of one revision, converted and summed by target code."""
    rows = list(flows)
    src = _check(from_revision)
    table = pa.table({"hs6": pa.array([c for c, _ in rows], pa.string()),
                      "hs_revision": pa.array([src] * len(rows), pa.string()),
                      "value_usd": pa.array([float(v) for _, v in rows], pa.float64())})
    out, summary = convert_table(table, to_revision, weights=weights, imported=imported)
    sums: dict[str, float] = defaultdict(float)
    for code, value in zip(out["hs6"].to_pylist(), out["value_usd"].to_pylist(), strict=True):
        sums[code] += value
    return ConvertedFlows(tuple(sorted(sums.items())), summary)
