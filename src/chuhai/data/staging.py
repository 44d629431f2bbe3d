"""Staging: importers write validated rows here as Parquet before the warehouse sees them."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from chuhai.data.leftovers import sweep
from chuhai.data.schema import data_columns
from chuhai.data.warehouse import TableLoad

__all__ = ["STAGE_PREFIX", "stage_arrow", "staging_dir", "sweep_staging"]


STAGE_PREFIX = "chuhai-stage-"
_OWNER = re.compile(rf"^{STAGE_PREFIX}(\d+)-")


def sweep_staging(tmpdir: Path | None = None) -> list[Path]:
    """Remove staging directories of processes that died (a kill mid-import)."""
    return sweep(tmpdir or Path(tempfile.gettempdir()), f"{STAGE_PREFIX}*", _OWNER)


@contextmanager
def staging_dir() -> Iterator[Path]:
    """A temporary directory, outside the warehouse, removed on exit; named after this
    process, so the next import sweeps it if the process is killed meanwhile."""
    sweep_staging()
    with tempfile.TemporaryDirectory(prefix=f"{STAGE_PREFIX}{os.getpid()}-") as tmp:
        yield Path(tmp)


def stage_arrow(table: str, rows: pa.Table, directory: Path, *, name: str | None = None) -> TableLoad:
    """Write ``rows`` (columns exactly ``schema.data_columns(table)``, any order) to Parquet."""
    cols = data_columns(table)
    missing = [c for c in cols if c not in rows.column_names]
    if missing:
        raise ValueError(f"staged {table} rows lack columns {missing}")
    path = directory / f"{name or table}.parquet"
    pq.write_table(rows.select(cols), path)
    return TableLoad(table=table, parquet=path, rows=rows.num_rows)
