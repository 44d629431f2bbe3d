"""Ranking: a weighted score of percentile-ranked components, filters, explanations.

Each component is turned into a percentile rank in [0, 1] among the markets kept after
filtering (higher = better; ties share the average rank; a single market gets 1). A
component without data counts 0.5. Score = 100 × Σ weight × component.

Nothing here changes its input: :func:`score` returns new :class:`Scored` values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from chuhai.markets import messages as m
from chuhai.markets.inputs import Assessed
from chuhai.markets.types import Components, Filters, Weights
from chuhai.messages import Message

__all__ = ["COMPONENT_LABELS", "Scored", "apply_filters", "explain", "percentile_ranks",
           "score"]

#: Each ranking component's name in sentences (a message per weight name).
COMPONENT_LABELS = m.COMPONENT


@dataclass(frozen=True, slots=True)
class Scored:
    """One market's ranking components (percentiles) and its score (0–100)."""

    components: Components
    score: float


def percentile_ranks(values: list[float | None]) -> list[float | None]:
    """Average-tie percentile ranks in [0, 1] of the non-None values (None stays None)."""
    idx = [i for i, v in enumerate(values) if v is not None]
    out: list[float | None] = [None] * len(values)
    if not idx:
        return out
    arr = np.array([values[i] for i in idx], dtype=float)
    if len(arr) == 1:
        out[idx[0]] = 1.0
        return out
    order = arr.argsort(kind="mergesort")
    ranks = np.empty(len(arr))
    ranks[order] = np.arange(len(arr), dtype=float)
    for v in np.unique(arr):  # average ties
        mask = arr == v
        ranks[mask] = ranks[mask].mean()
    for j, i in enumerate(idx):
        out[i] = float(ranks[j] / (len(arr) - 1))
    return out


def raw_components(a: Assessed) -> dict[str, float | None]:
    """Higher-is-better raw values per component for one market."""
    r = a.inputs
    t, avg = r.tariff_exporter, r.tariff_average
    gap = None if t is None else -round(t - (avg if avg is not None else t), 6)
    loc = a.localisation_pressure
    growth = r.imports_cagr_short if r.imports_cagr_short is not None else r.imports_cagr
    if r.growth_tiny_base:  # growth from a base below the floor is no strength: missing
        growth = None
    passed = [s.passed and s.status != "unknown" for s in a.screens]
    return {
        "untapped": r.untapped_usd, "benchmark": r.benchmark_untapped_usd,
        "size": r.imports_usd, "growth": growth, "access": gap, "risk": r.wgi,
        "localisation": None if loc is None else -loc,
        "screens": sum(passed) / len(passed) if passed else None,
    }


def score(markets: Sequence[Assessed], weights: Weights) -> tuple[Scored, ...]:
    """Components (percentiles among ``markets``) and score (0–100) of each market."""
    w = weights.normalised()
    raws = [raw_components(a) for a in markets]
    pct = {name: percentile_ranks([raw[name] for raw in raws]) for name in w}
    out = []
    for i in range(len(markets)):
        c = {name: pct[name][i] for name in w}
        total = 100.0 * sum(w[k] * (0.5 if (v := c[k]) is None else v) for k in w)
        out.append(Scored(Components(**c), round(total, 2)))
    return tuple(out)


def apply_filters(markets: Sequence[Assessed], f: Filters) -> list[Assessed]:
    """Markets that pass the user's filters (case-insensitive on names)."""
    regions = {x.lower() for x in f.regions}
    incomes = {x.lower() for x in f.income_groups}
    ags = {x.lower() for x in f.agreements}
    excl = {x.upper() for x in f.exclude}
    out = []
    for a in markets:
        r = a.inputs
        if r.importer in excl:
            continue
        if regions and (r.region or "").lower() not in regions:
            continue
        if incomes and (r.income_group or "").lower() not in incomes:
            continue
        if ags and not ags & {x.lower() for x in r.memberships}:
            continue
        if f.min_imports_usd is not None and r.imports_usd < f.min_imports_usd:
            continue
        out.append(a)
    return out


def explain(a: Assessed, s: Scored, rank: int, n: int, weights: Weights) -> Message:
    """One sentence on why the market sits where it does."""
    w = weights.normalised()
    c = s.components
    contrib = {k: w[k] * ((0.5 if getattr(c, k) is None else getattr(c, k)) - 0.5)
               for k in w if w[k] > 0}
    best = [k for k, v in sorted(contrib.items(), key=lambda kv: -kv[1]) if v > 0][:2]
    worst = [k for k, v in sorted(contrib.items(), key=lambda kv: kv[1]) if v < 0][:2]
    body: list[Message] = []
    if best:
        body.append(m.STRONGEST(parts=tuple(_detail(k, a) for k in best)))
    if worst:
        body.append(m.HELD_BACK(parts=tuple(_detail(k, a) for k in worst)))
    if w.get("growth", 0.0) > 0 and a.inputs.growth_tiny_base:
        r = a.inputs
        g = r.imports_cagr_short if r.imports_cagr_short is not None else r.imports_cagr
        body.append(m.TINY_BASE(growth=g, base=r.growth_base_usd, floor=r.growth_floor_usd))
    failed = tuple(x.name for x in a.screens if not x.passed)
    tpl = m.RANKED if not failed else m.RANKED_FAILS if len(failed) == 1 else m.RANKED_FAILS_MANY
    extra = {"failed": failed} if failed else {}
    return tpl(rank=rank, n=n, score=s.score, body=tuple(body) or (m.AVERAGE,), **extra)


def _detail(k: str, a: Assessed) -> Message:
    label, r = COMPONENT_LABELS[k], a.inputs
    if k == "untapped":
        return m.DETAIL_USD(label=label, value=r.untapped_usd)
    if k == "benchmark" and r.benchmark_untapped_usd is not None:
        return m.DETAIL_USD(label=label, value=r.benchmark_untapped_usd)
    if k == "size":
        return m.DETAIL_USD(label=label, value=r.imports_usd)
    if k == "growth":  # the short-run growth only, as the explanation always said
        g = r.imports_cagr_short
        return m.DETAIL_GROWTH(label=label, growth=g) if g is not None else label
    if k == "access" and r.tariff_exporter is not None:
        if r.tariff_average is None:
            return m.DETAIL_TARIFF(label=label, tariff=r.tariff_exporter)
        return m.DETAIL_TARIFF_VS(label=label, tariff=r.tariff_exporter, average=r.tariff_average)
    if k == "risk" and r.wgi is not None:
        return m.DETAIL_WGI(label=label, wgi=r.wgi)
    if k == "localisation" and a.localisation_pressure is not None:
        return m.DETAIL_LOCALISATION(pressure=a.localisation_pressure)
    return label
