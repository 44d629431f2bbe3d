"""Staging: importers write validated rows here as Parquet before the warehouse sees them."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from chuhai.data.arrowbuf import arrow_of, numpy_of, packed_order, ranks_of
from chuhai.data.leftovers import sweep
from chuhai.data.schema import data_columns, not_null
from chuhai.data.warehouse import ROW_GROUP_SIZE, TableLoad

__all__ = ["STAGE_PREFIX", "stage_arrow", "stage_trade_years", "staging_dir", "sweep_staging"]


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


def stage_trade_years(rows: pa.Table, directory: Path) -> tuple[TableLoad, ...]:
    """``trade`` rows staged in the stored layout (see :class:`TableLoad`): a file per
    year, sorted by (hs6, importer, exporter), in the warehouse's row groups, so
    :meth:`Warehouse.apply` moves the files in instead of rewriting them. Columns as for
    :func:`stage_arrow`; ValueError for a NULL in a NOT NULL column."""
    rows = rows.select(data_columns("trade"))
    for col in not_null("trade"):
        if col in rows.column_names and rows[col].null_count:
            raise ValueError(f"staged trade rows hold NULL in {col}")
    rows = rows.set_column(0, "year", rows["year"].cast(pa.int16()))
    order = packed_order([ranks_of(rows[c]) for c in ("year", "hs6", "importer", "exporter")])
    rows = rows.take(arrow_of(order))
    year = numpy_of(rows["year"])
    starts = np.flatnonzero(np.r_[True, year[1:] != year[:-1]]).tolist() if len(year) else []
    loads = []
    for a, b in zip(starts, [*starts[1:], len(year)], strict=True):
        dest = directory / f"trade-{int(year[a])}.parquet"
        pq.write_table(rows.slice(a, b - a), dest, row_group_size=ROW_GROUP_SIZE)
        loads.append(TableLoad(table="trade", parquet=dest, rows=b - a, year=int(year[a])))
    return tuple(loads)
