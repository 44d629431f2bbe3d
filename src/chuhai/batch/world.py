"""The world table: export potential, untapped potential and the benchmark of every
exporter × market × HS6 cell (what ITC's Export Potential Map publishes), and the product
view (:mod:`chuhai.batch.diversify`), split by exporter and by product range
(``product_parts`` ranges of about equal numbers of HS6 lines) so that memory per task
stays at one exporter's cells of one range. A range's cells equal the same cells of the
unsplit table (the ease term still sums over every product of a market; tested).

Layout under ``OUT`` (Hive partitions, readable by DuckDB, Polars and pandas)::

    cells/exporter=CHN/part-<i>.parquet      importer, hs6, imports_usd, actual_usd, tariffs,
                                             supply, demand, ease, potential_usd,
                                             untapped_usd, benchmark_untapped_usd
    products/exporter=CHN/part-<i>.parquet   the product view of range i
    world.json                               provenance: warehouse, years, parameters,
                                             ranges, rows

Each part carries ``chuhai.key`` (warehouse state, years, parameters, ranges) in its
Parquet metadata; a run that finds both files of a part with the same key keeps them
(resume), and removes parts beyond the current ranges. Every file is written atomically.
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

from chuhai.batch.diversify import codes, product_view
from chuhai.batch.executors import executor
from chuhai.batch.outputs import write_json
from chuhai.data.queries.identity import warehouse_identity
from chuhai.data.queries.world import exporters as list_exporters
from chuhai.data.queries.world import fetch_bench, product_lines
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError
from chuhai.fileio import atomic_write
from chuhai.markets import ScanParams, potential_all
from chuhai.markets.scan import check_exporter

__all__ = ["WorldResult", "exporter_tables", "line_ranges", "part_path", "world_table"]

Progress = Callable[[int, int], None]
#: A product range: its first and last HS6 (None: every line).
Lines = tuple[str, str] | None


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


def part_path(out: Path, view: str, exporter: str, part: int = 0) -> Path:
    return out / view / f"exporter={exporter}" / f"part-{part}.parquet"


def line_ranges(lines: Sequence[str], parts: int) -> tuple[Lines, ...]:
    """``lines`` (sorted HS6) cut into ``parts`` contiguous ranges of about equal size;
    (None,) for one part."""
    if parts < 1:
        raise InputError("product_parts must be ≥ 1", field="product_parts")
    if parts == 1 or not lines:
        return (None,)
    cuts = [round(i * len(lines) / parts) for i in range(parts + 1)]
    return tuple((lines[a], lines[b - 1]) for a, b in zip(cuts, cuts[1:], strict=False) if b > a)


def exporter_tables(home: str, exporter: str, years: tuple[int, int] | None,
                    params: ScanParams, lines: Lines = None,
                    ) -> tuple[pa.Table, pa.Table, tuple[int, ...], bool]:
    """(cells, products, years, demo) of one exporter in one product range (a task:
    arguments pickle)."""
    wh = Warehouse(Path(home))
    pot = potential_all(wh, exporter=exporter, years=years, params=params, lines=lines)
    parts = fetch_bench(wh, exporter=pot.exporter, years=years, top=params.benchmark_top,
                        weighting=params.benchmark_weighting, lines=lines)
    b = parts.table
    gap = (b.column("bench_top").to_numpy(zero_copy_only=False).astype(np.float64)
           - b.column("exp_tw").to_numpy(zero_copy_only=False).astype(np.float64))
    bench = pa.table({"importer": b.column("importer"), "hs6": b.column("hs6"),
                      "benchmark_untapped_usd": np.maximum(gap, 0.0) if params.floor_untapped
                      else gap})
    cells = pot.table.join(bench, keys=["importer", "hs6"], join_type="left outer")
    # sorted by (importer, hs6) through integer codes (Arrow's sort of two string columns
    # cost ~0.3 s per exporter)
    _, hs_code = codes(cells.column("hs6"))
    _, imp_code = codes(cells.column("importer"))
    cells = cells.take(pa.array(np.lexsort((hs_code, imp_code))))
    return cells, product_view(cells), pot.years, pot.demo


def _key(wh: Warehouse, years: tuple[int, int] | None, params: ScanParams,
         ranges: tuple[Lines, ...]) -> str:
    body = json.dumps([list(map(str, warehouse_identity(wh))), years,
                       dataclasses.asdict(params), ranges], sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()[:32]


def _stored(out: Path, exporter: str, part: int, key: str) -> tuple[int, int] | None:
    """(cells, products) rows of a part already written with ``key``, else None."""
    rows = []
    for view in ("cells", "products"):
        try:
            meta = pq.read_metadata(part_path(out, view, exporter, part))
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


def _prune(out: Path, exporter: str, parts: int) -> None:
    """Remove an exporter's parts beyond ``parts`` (left by a run with more ranges)."""
    for view in ("cells", "products"):
        for path in (out / view / f"exporter={exporter}").glob("part-*.parquet"):
            index = path.stem.removeprefix("part-")
            if not index.isdigit() or int(index) >= parts:
                path.unlink(missing_ok=True)


def world_table(warehouse: Warehouse, *, out: Path, exporters: Sequence[str] | None = None,
                years: tuple[int, int] | None = None, params: ScanParams | None = None,
                scheduler: str | None = None, progress: Progress | None = None,
                product_parts: int = 1) -> WorldResult:
    """Compute (or resume) the world table of ``exporters`` (default: every exporter),
    each in ``product_parts`` product ranges (one task per exporter × range)."""
    started = time.perf_counter()
    p = params or ScanParams()
    chosen = tuple(sorted({check_exporter(e) for e in exporters})) if exporters else \
        list_exporters(warehouse, years)
    ranges = line_ranges(product_lines(warehouse, years) if product_parts > 1 else (),
                         product_parts)
    key = _key(warehouse, years, p, ranges)
    counts: dict[tuple[str, int], tuple[int, int]] = {}
    for e in chosen:
        _prune(out, e, len(ranges))
        for i in range(len(ranges)):
            hit = _stored(out, e, i, key)
            if hit is not None:
                counts[e, i] = hit
    resumed = sum(all((e, i) in counts for i in range(len(ranges))) for e in chosen)
    todo = [(e, i) for e in chosen for i in range(len(ranges)) if (e, i) not in counts]
    total = len(chosen) * len(ranges)
    found_years: tuple[int, ...] = ()
    demo = warehouse.is_demo()
    if progress:
        progress(len(counts), total)
    if todo:
        home = str(warehouse.home.resolve())
        # in-process: one task at a time (DuckDB parallelises each task's queries itself;
        # concurrent registrations of the shared cached Arrow sums raced in DuckDB)
        with executor(scheduler, workers=1) as pool:
            futures: dict[Future[tuple[pa.Table, pa.Table, tuple[int, ...], bool]],
                          tuple[str, int]] = {
                pool.submit(exporter_tables, home, e, years, p, ranges[i]): (e, i)
                for e, i in todo}
            for fut in as_completed(futures):
                e, i = futures[fut]
                cells, products, found_years, _demo = fut.result()
                _write(part_path(out, "cells", e, i), cells, key, e)
                _write(part_path(out, "products", e, i), products, key, e)
                counts[e, i] = (cells.num_rows, products.num_rows)
                if progress:
                    progress(len(counts), total)
    per: dict[str, tuple[int, int]] = {}
    for (e, _), (c, q) in counts.items():
        had = per.get(e, (0, 0))
        per[e] = (had[0] + c, had[1] + q)
    result = WorldResult(out=str(out), demo=demo, years=found_years, exporters=chosen,
                         cells=sum(c for c, _ in per.values()),
                         products=sum(q for _, q in per.values()), resumed=resumed,
                         seconds=round(time.perf_counter() - started, 3))
    write_json(out / "world.json", {
        "what": "chuhai world export-potential table", "key": key, "demo": demo,
        "warehouse": str(warehouse.home.resolve()), "years_asked": years,
        "years": list(found_years) or None, "params": dataclasses.asdict(p),
        "exporters": list(chosen), "cells": result.cells, "products": result.products,
        "product_ranges": [None if r is None else list(r) for r in ranges],
        "layout": {"cells": "cells/exporter=<ISO3>/part-<i>.parquet",
                   "products": "products/exporter=<ISO3>/part-<i>.parquet"},
        "rows": {e: {"cells": c, "products": q} for e, (c, q) in sorted(per.items())}})
    return result
