"""The batch's output files, each written whole or not at all (temp file + rename).

``OUT/<view>.parquet`` per view (:mod:`chuhai.batch.views`), ``OUT/batch.xlsx`` with a sheet
per view (formula-safe: a text cell starting with ``= + - @`` is prefixed with ``'``) and
``OUT/batch.json`` (the ``--json`` object).
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from chuhai.errors import InputError
from chuhai.fileio import atomic_write
from chuhai.markets.export import safe_cell

__all__ = ["write_json", "write_parquet", "write_xlsx"]


def _write(path: Path, data: bytes) -> None:
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise InputError(f"cannot write {path.name}: {exc.strerror}", file=path) from exc


def write_parquet(path: Path, table: pa.Table, meta: Mapping[str, str]) -> None:
    buf = io.BytesIO()
    old = table.schema.metadata or {}
    pq.write_table(table.replace_schema_metadata(
        {**old, **{f"chuhai.{k}".encode(): v.encode() for k, v in meta.items()}}), buf)
    _write(path, buf.getvalue())


def write_xlsx(path: Path, sheets: Mapping[str, pa.Table]) -> None:
    import openpyxl  # lazy: start-up speed (only batch outputs write workbooks)

    wb = openpyxl.Workbook(write_only=True)
    for name, table in sheets.items():
        ws = wb.create_sheet(title=name[:31])
        ws.append([safe_cell(c) for c in table.column_names])
        for row in table.to_pylist():
            ws.append([safe_cell(v) for v in row.values()])
    buf = io.BytesIO()
    wb.save(buf)
    _write(path, buf.getvalue())


def write_json(path: Path, obj: Any) -> None:
    _write(path, (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode())
