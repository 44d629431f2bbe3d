"""Tables derived from other tables inside the same import: hooks keyed on the table.

An import whose staged batch holds rows of a table listed in :data:`HOOKS` gets the derived
rows staged too, before the warehouse sees the batch, so they are written in the same
transaction, carry the same ``import_id`` and are replaced or retired with their source
rows. Today: ``contract_awards`` -> ``contract_products`` (the product match of each
contract, :mod:`chuhai.data.reference.procurement_rules`), for World Bank and OCDS imports
alike.

Classification codes (CPV, UNSPSC): read from a staged table of the batch with the columns
``source``, ``contract_id``, ``classification_scheme`` and ``classification_id``, and from
the OCDS ``tenders`` rows (``classifications``: ``scheme:id; ...``) through the awards'
``ocid``.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from chuhai.data.batch import ImportBatch, TableLoad
from chuhai.data.reference.procurement_rules import load_rules
from chuhai.data.staging import stage_arrow

__all__ = ["CODE_COLUMNS", "DERIVES", "HOOKS", "contract_products", "with_derived"]

CODE_COLUMNS = ("source", "contract_id", "classification_scheme", "classification_id")

Hook = Callable[[ImportBatch, TableLoad, Path], list[TableLoad]]


def _split_codes(text: str | None) -> list[tuple[str, str]]:
    """``"CPV:38421100-3; UNSPSC:40141600"`` -> ``[("CPV", "38421100-3"), ...]``."""
    out = []
    for part in (text or "").split(";"):
        scheme, _, code = part.strip().partition(":")
        if scheme and code:
            out.append((scheme.strip(), code.strip()))
    return out


def _codes(batch: ImportBatch) -> tuple[dict[tuple[str, str], list[tuple[str, str]]],
                                        dict[str, list[tuple[str, str]]]]:
    """Codes per (source, contract_id), and per OCDS ocid."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    by_ocid: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for load in batch.loads:
        names = set(pq.read_schema(load.parquet).names)
        if {"ocid", "classifications"} <= names:
            cols = pq.read_table(load.parquet, columns=["ocid", "classifications"]).to_pydict()
            for ocid, text in zip(cols["ocid"], cols["classifications"], strict=True):
                if ocid:
                    by_ocid[ocid] += _split_codes(text)
        if not set(CODE_COLUMNS) <= names:
            continue
        cols = pq.read_table(load.parquet, columns=list(CODE_COLUMNS)).to_pydict()
        for src, cid, scheme, code in zip(*(cols[c] for c in CODE_COLUMNS), strict=True):
            if src and cid and scheme and code:
                out[(src, cid)].append((str(scheme), str(code)))
    return out, by_ocid


def contract_products(batch: ImportBatch, load: TableLoad, staging: Path) -> list[TableLoad]:
    """``contract_products`` rows for the staged ``contract_awards`` of ``batch``: one per
    contract × product class, from its description and classification codes."""
    awards = pq.read_table(load.parquet, columns=["source", "contract_id", "description", "ocid"])
    codes, by_ocid = _codes(batch)
    rules = load_rules()
    seen: set[tuple[str, str]] = set()
    rows: dict[str, list[object]] = {c: [] for c in
                                     ("source", "contract_id", "hs", "product_class", "rule",
                                      "confidence")}
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for src, cid, desc, ocid in zip(*(awards.column(c).to_pylist() for c in awards.column_names),
                                    strict=True):
        if ocid and ocid in by_ocid and (src, cid) not in codes:
            codes[(src, cid)] = by_ocid[ocid]
        if desc:
            texts[(src, cid)].append(desc)
        else:
            texts.setdefault((src, cid), [])
    for key, descs in texts.items():
        if key in seen:
            continue
        seen.add(key)
        for m in rules.match(" | ".join(dict.fromkeys(descs)), codes.get(key, ())):
            for col, value in zip(rows, (*key, m.hs, m.product_class, m.rule, m.confidence),
                                  strict=True):
                rows[col].append(value)
    schema = pa.schema([(c, pa.float64() if c == "confidence" else pa.string()) for c in rows])
    table = pa.table(rows, schema=schema)
    return [stage_arrow("contract_products", table, staging,
                        name=f"contract_products-{load.parquet.stem}")]


#: table -> hook deriving other tables from its staged rows
HOOKS: dict[str, Hook] = {"contract_awards": contract_products}
#: table -> the tables its hook derives (a batch already holding them all skips the hook)
DERIVES: dict[str, tuple[str, ...]] = {"contract_awards": ("contract_products",)}


def with_derived(batch: ImportBatch, staging: Path) -> ImportBatch:
    """``batch`` plus the loads its hooks derive (a batch already holding a derived table is
    returned unchanged)."""
    present = {load.table for load in batch.loads}
    extra: list[TableLoad] = []
    for load in batch.loads:
        hook = HOOKS.get(load.table)
        if hook is not None and not set(DERIVES[load.table]) <= present:
            extra += [new for new in hook(batch, load, staging) if new.table not in present]
    return dataclasses.replace(batch, loads=(*batch.loads, *extra)) if extra else batch
