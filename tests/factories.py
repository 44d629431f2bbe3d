"""Small warehouses built in tests from literal rows (no demo, no shared data)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from chuhai.data.schema import data_columns
from chuhai.data.staging import stage_arrow, staging_dir
from chuhai.data.warehouse import ImportBatch, Warehouse


def make_warehouse(
    home: Path,
    *,
    demo: bool = False,
    source: str = "test",
    **tables: Sequence[Mapping[str, Any]],
) -> Warehouse:
    """A warehouse at ``home`` holding ``tables`` (name -> list of row dicts).

    Missing optional columns default to None; ``source`` defaults to ``source``.
    Example: ``make_warehouse(tmp, trade=[{"year": 2022, "exporter": "CHN", ...}])``.
    """
    wh = Warehouse(home).create()
    with staging_dir() as st:
        loads = []
        years: set[int] = set()
        for table, rows in tables.items():
            cols = data_columns(table)
            data = {c: [r.get(c, source if c == "source" else None) for r in rows] for c in cols}
            loads.append(stage_arrow(table, pa.table(data), st))
            years |= {int(r["year"]) for r in rows if "year" in r}
        digest = hashlib.sha256(repr(sorted(tables.items())).encode()).hexdigest()
        wh.apply(ImportBatch(source=source, file="factory", sha256=digest, scope=f"{source}/{digest}",
                             loads=tuple(loads), years=tuple(sorted(years))))
    if demo:
        wh.set_meta("demo", "true")
    return wh
