"""Flat tables of a :class:`MarketScan` for CSV / Parquet export.

One row per market; lists are joined with ``;``. CSV cells starting with ``=``, ``+``,
``-`` or ``@`` (formula injection in spreadsheets) are prefixed with a single quote.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from chuhai.errors import InputError
from chuhai.markets.types import MarketScan

__all__ = ["flat_rows", "safe_cell", "write_csv", "write_parquet"]

COLUMNS = (
    "rank", "importer", "name", "score", "imports_usd", "imports_cagr", "imports_cagr_short",
    "world_share", "projected_imports_usd", "exporter_exports_usd", "exporter_share",
    "exporter_rank", "hhi", "top_suppliers", "unit_value_usd_per_t", "price_band",
    "tariff_exporter", "tariff_basis", "tariff_average", "distance_km", "agreements",
    "potential_usd", "untapped_usd", "benchmark_untapped_usd", "supply", "demand", "ease",
    "screens_failed", "localisation_pressure", "posture", "explanation",
)


def flat_rows(result: MarketScan) -> list[dict[str, Any]]:
    rows = []
    for m in result.markets:
        d = m.to_dict()
        d["top_suppliers"] = ";".join(f"{s.exporter}:{s.share:.4f}" for s in m.top_suppliers)
        d["agreements"] = ";".join(m.agreements)
        d["screens_failed"] = ";".join(s.name for s in m.screens if not s.passed)
        rows.append({c: d.get(c) for c in COLUMNS})
    return rows


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formula injection in a CSV cell."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_csv(result: MarketScan, path: Path) -> None:
    try:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(COLUMNS))
            w.writeheader()
            for row in flat_rows(result):
                w.writerow({k: safe_cell(v) for k, v in row.items()})
    except OSError as exc:
        raise InputError(f"cannot write CSV: {exc}", file=path) from exc


def write_parquet(result: MarketScan, path: Path) -> None:
    rows = flat_rows(result)
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: [] for c in COLUMNS})
    meta = {b"chuhai.demo": str(result.demo).lower().encode(),
            b"chuhai.product": result.product.encode(), b"chuhai.exporter": result.exporter.encode(),
            b"chuhai.years": ",".join(map(str, result.years)).encode()}
    try:
        pq.write_table(table.replace_schema_metadata(meta), path)
    except OSError as exc:
        raise InputError(f"cannot write Parquet: {exc}", file=path) from exc
