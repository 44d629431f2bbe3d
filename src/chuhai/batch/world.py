"""The world table: export potential, untapped potential and the benchmark of every
exporter × market × HS6 cell (what ITC's Export Potential Map publishes), and the product
view (:mod:`chuhai.batch.diversify`), split by exporter so that memory per task stays at
one exporter's cells.

Layout under ``OUT`` (Hive partitions, readable by DuckDB, Polars and pandas)::

    cells/exporter=CHN/part-0.parquet      importer, hs6, imports_usd, actual_usd, tariffs,
                                           supply, demand, ease, potential_usd,
                                           untapped_usd, benchmark_untapped_usd
    products/exporter=CHN/part-0.parquet   the product view
    world.json                             provenance: warehouse, years, parameters, rows

Each part carries ``chuhai.key`` (warehouse state, years, parameters) in its Parquet
metadata; a run that finds both parts of an exporter with the same key keeps them
(resume). Every file is written atomically.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from chuhai.batch.diversify import product_view
from chuhai.batch.executors import executor
from chuhai.batch.outputs import write_json
from chuhai.data.queries.identity import warehouse_identity
from chuhai.data.queries.world import exporters as list_exporters
from chuhai.data.queries.world import fetch_bench
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError
from chuhai.fileio import atomic_write
from chuhai.markets import ScanParams, potential_all
from chuhai.markets.scan import check_exporter

__all__ = ["WorldResult", "exporter_tables", "part_path", "world_table"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class WorldResult:
    out: str
    demo: bool
    years: tuple[int, ...]
    exporters: tuple[str, ...]
    cells: int
    products: int
    resumed: int
    seconds: float


def part_path(out: Path, view: str, exporter: str) -> Path:
    return out / view / f"exporter={exporter}" / "part-0.parquet"


def exporter_tables(home: str, exporter: str, years: tuple[int, int] | None,
                    params: ScanParams) -> tuple[pa.Table, pa.Table, tuple[int, ...], bool]:
    """(cells, products, years, demo) of one exporter (a task: arguments pickle)."""
    wh = Warehouse(Path(home))
    pot = potential_all(wh, exporter=exporter, years=years, params=params)
    parts = fetch_bench(wh, exporter=pot.exporter, years=years, top=params.benchmark_top,
                        weighting=params.benchmark_weighting)
    b = parts.table
    gap = (b.column("bench_top").to_numpy(zero_copy_only=False).astype(np.float64)
           - b.column("exp_tw").to_numpy(zero_copy_only=False).astype(np.float64))
    bench = pa.table({"importer": b.column("importer"), "hs6": b.column("hs6"),
                      "benchmark_untapped_usd": np.maximum(gap, 0.0) if params.floor_untapped
                      else gap})
    cells = pot.table.join(bench, keys=["importer", "hs6"], join_type="left outer")
    cells = cells.sort_by([("importer", "ascending"), ("hs6", "ascending")])
    return cells, product_view(cells), pot.years, pot.demo


def _key(wh: Warehouse, years: tuple[int, int] | None, params: ScanParams) -> str:
    body = json.dumps([list(map(str, warehouse_identity(wh))), years,
                       dataclasses.asdict(params)], sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()[:32]


def _stored(out: Path, exporter: str, key: str) -> tuple[int, int] | None:
    """(cells, products) rows of an exporter already written with ``key``, else None."""
    rows = []
    for view in ("cells", "products"):
        try:
            meta = pq.read_metadata(part_path(out, view, exporter))
        except (OSError, pa.ArrowException):
            return None
        if (meta.metadata or {}).get(b"chuhai.key") != key.encode():
            return None
        rows.append(meta.num_rows)
    return rows[0], rows[1]


def _write(path: Path, table: pa.Table, key: str, exporter: str) -> None:
    buf = io.BytesIO()
    meta = {b"chuhai.key": key.encode(), b"chuhai.exporter": exporter.encode()}
    pq.write_table(table.replace_schema_metadata(meta), buf)
    try:
        atomic_write(path, buf.getvalue())
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}", file=path) from exc


def world_table(warehouse: Warehouse, *, out: Path, exporters: Sequence[str] | None = None,
                years: tuple[int, int] | None = None, params: ScanParams | None = None,
                scheduler: str | None = None, progress: Progress | None = None) -> WorldResult:
    """Compute (or resume) the world table of ``exporters`` (default: every exporter)."""
    started = time.perf_counter()
    p = params or ScanParams()
    chosen = tuple(sorted({check_exporter(e) for e in exporters})) if exporters else \
        list_exporters(warehouse, years)
    key = _key(warehouse, years, p)
    counts: dict[str, tuple[int, int]] = {}
    for e in chosen:
        hit = _stored(out, e, key)
        if hit is not None:
            counts[e] = hit
    resumed = len(counts)
    todo = [e for e in chosen if e not in counts]
    found_years: tuple[int, ...] = ()
    demo = warehouse.is_demo()
    if progress:
        progress(len(counts), len(chosen))
    if todo:
        home = str(warehouse.home.resolve())
        # in-process: one exporter at a time (DuckDB parallelises each exporter's queries
        # itself; concurrent registrations of the shared cached Arrow sums raced in DuckDB)
        with executor(scheduler, workers=1) as pool:
            futures: dict[Future[tuple[pa.Table, pa.Table, tuple[int, ...], bool]], str] = {
                pool.submit(exporter_tables, home, e, years, p): e for e in todo}
            for fut in as_completed(futures):
                e = futures[fut]
                cells, products, found_years, _demo = fut.result()
                _write(part_path(out, "cells", e), cells, key, e)
                _write(part_path(out, "products", e), products, key, e)
                counts[e] = (cells.num_rows, products.num_rows)
                if progress:
                    progress(len(counts), len(chosen))
    result = WorldResult(out=str(out), demo=demo, years=found_years, exporters=chosen,
                         cells=sum(c for c, _ in counts.values()),
                         products=sum(q for _, q in counts.values()), resumed=resumed,
                         seconds=round(time.perf_counter() - started, 3))
    write_json(out / "world.json", {
        "what": "chuhai world export-potential table", "key": key, "demo": demo,
        "warehouse": str(warehouse.home.resolve()), "years_asked": years,
        "years": list(found_years) or None, "params": dataclasses.asdict(p),
        "exporters": list(chosen), "cells": result.cells, "products": result.products,
        "layout": {"cells": "cells/exporter=<ISO3>/part-0.parquet",
                   "products": "products/exporter=<ISO3>/part-0.parquet"},
        "rows": {e: {"cells": c, "products": q} for e, (c, q) in sorted(counts.items())}})
    return result
