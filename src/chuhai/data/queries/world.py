"""What the world export-potential table reads beyond :mod:`.potential_all`: the
exporters in a window, and per cell the Trade-DSM/EMF benchmark's parts.

The benchmark of exporter X in cell (market j, HS6 k) is the mean time-weighted value of
the top ``benchmark_top`` suppliers of k to j other than X, less X's own (see
docs/methodology.md). The top ``benchmark_top + 1`` suppliers of every cell are one pass
over the flows, cached per warehouse state and window; an exporter's cells then need only
its own flows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from chuhai.data.codes import ISO3
from chuhai.data.queries import messages as msg
from chuhai.data.queries import tradesums
from chuhai.data.queries.identity import cached
from chuhai.data.queries.window import global_revisions, lines_sql, window_years
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError, WarehouseError

__all__ = ["BenchParts", "exporters", "fetch_bench", "product_lines", "time_weights"]

#: The top suppliers per cell by time-weighted value (rank ``r``).
TOP_SQL = """
WITH w(year, w) AS (VALUES {weights}),
f AS (
    SELECT t.exporter AS s, t.importer AS j, t.hs6 AS k, sum(t.value_usd * w.w) / {wsum} AS tw
    FROM trade t JOIN w ON w.year = t.year
    WHERE {revs} AND t.exporter <> t.importer GROUP BY ALL
)
SELECT j, k, s, tw, r FROM (
    SELECT *, row_number() OVER (PARTITION BY j, k ORDER BY tw DESC, s) AS r FROM f
) WHERE r <= {top1}
"""

#: Exporter-independent, from the top table (cached with it): per cell the top-N mean and
#: count (``_w_def``, the benchmark of every exporter outside that cell's top N), and per
#: supplier ``s`` in a cell's top N the mean and count of the top N + 1 without ``s``
#: (``_w_alt``, its own benchmark). An exporter's benchmark is then two hash joins, not a
#: window over every cell per exporter (what made the world table cost 11-15x potential_all).
DEF_SQL = "SELECT j, k, avg(tw) AS bench_top, count(*) AS bench_n FROM _w_top WHERE r <= {top} GROUP BY j, k"
ALT_SQL = """
SELECT a.j, a.k, a.s, avg(b.tw) AS bench_top, count(*) AS bench_n
FROM _w_top a JOIN _w_top b ON b.j = a.j AND b.k = a.k AND b.r <> a.r
WHERE a.r <= {top} GROUP BY a.j, a.k, a.s
"""

#: Per cell with another supplier: the top-N others' mean and count, the exporter's own.
BENCH_SQL = """
WITH w(year, w) AS (VALUES {weights}),
e AS (
    SELECT t.importer AS j, t.hs6 AS k, sum(t.value_usd * w.w) / {wsum} AS tw
    FROM trade t JOIN w ON w.year = t.year
    WHERE {revs} AND t.exporter = '{exp}' AND t.importer <> t.exporter GROUP BY ALL
),
mine AS (SELECT j, k FROM _w_top WHERE s = '{exp}' AND r <= {top}),
o AS (
    SELECT d.j, d.k, d.bench_top, d.bench_n FROM _w_def d ANTI JOIN mine m ON m.j = d.j AND m.k = d.k
    UNION ALL
    SELECT j, k, bench_top, bench_n FROM _w_alt WHERE s = '{exp}'
)
SELECT o.j AS importer, o.k AS hs6, o.bench_top, o.bench_n, coalesce(e.tw, 0) AS exp_tw
FROM o LEFT JOIN e ON e.j = o.j AND e.k = o.k
WHERE TRUE {lines}
"""

#: The HS6 lines with trade in the window, sorted (from the persisted sums).
LINES_SQL = "SELECT DISTINCT hs6 FROM _agg_k t WHERE {revs} ORDER BY 1"


def time_weights(years: tuple[int, ...], weighting: str) -> list[tuple[int, float]]:
    """The benchmark's time weights: linear 1..n (newest heaviest) or equal."""
    if weighting == "equal":
        return [(y, 1.0) for y in years]
    return [(y, float(i + 1)) for i, y in enumerate(years)]


@dataclass(frozen=True, slots=True)
class BenchParts:
    """Per (importer, hs6): ``bench_top`` (mean time-weighted value of the top others),
    ``bench_n`` (how many), ``exp_tw`` (the exporter's own time-weighted value)."""

    years: tuple[int, ...]
    table: pa.Table


def exporters(warehouse: Warehouse, years: tuple[int, int] | None) -> tuple[str, ...]:
    """Every exporter with trade in the window, sorted."""
    try:
        with warehouse.connect() as con:
            ys = window_years(warehouse, con, years)
            revs = global_revisions(warehouse, con, ys)
            rows = con.execute(f"SELECT DISTINCT t.exporter FROM trade t WHERE {revs} "
                               "ORDER BY 1").fetchall()
    except duckdb.Error as exc:
        raise WarehouseError(msg.QUERY_FAILED(query="exporters"), home=str(warehouse.home), cause=str(exc)) from exc
    return tuple(str(r[0]) for r in rows)


def product_lines(warehouse: Warehouse, years: tuple[int, int] | None) -> tuple[str, ...]:
    """Every HS6 line with trade in the window, sorted."""
    try:
        with warehouse.connect() as con:
            ys = window_years(warehouse, con, years)
            revs = global_revisions(warehouse, con, ys)
            table = tradesums.arrow(warehouse, con, LINES_SQL.format(revs=revs))
    except duckdb.Error as exc:
        raise WarehouseError(msg.QUERY_FAILED(query="products"), home=str(warehouse.home), cause=str(exc)) from exc
    return tuple(str(x) for x in table.column("hs6").to_pylist())


def _tops(con: duckdb.DuckDBPyConnection, sql: str,
          top: int) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The top table and its per-cell benchmarks (:data:`DEF_SQL`, :data:`ALT_SQL`)."""
    tops = con.sql(sql).to_arrow_table()
    con.register("_w_top", tops)
    return (tops, con.sql(DEF_SQL.format(top=top)).to_arrow_table(),
            con.sql(ALT_SQL.format(top=top)).to_arrow_table())


def fetch_bench(warehouse: Warehouse, *, exporter: str, years: tuple[int, int] | None,
                top: int, weighting: str, lines: tuple[str, str] | None = None) -> BenchParts:
    """The benchmark's parts for every cell of ``exporter`` (an ISO3 code the engine has
    checked, see :class:`BenchParts`); with ``lines`` (first, last HS6) those of that
    product range only."""
    if not re.fullmatch(ISO3, exporter):
        raise InputError(f"exporter {exporter!r} is not an ISO3 code", field="exporter")
    try:
        with warehouse.connect() as con:
            ys = window_years(warehouse, con, years)
            revs = global_revisions(warehouse, con, ys)
            w = time_weights(ys, weighting)
            fmt = dict(weights=", ".join(f"({y}, {x})" for y, x in w),
                       wsum=sum(x for _, x in w), revs=revs)
            tops = cached(warehouse, ("world_top", ys, revs, top, weighting),
                          lambda: _tops(con, TOP_SQL.format(top1=top + 1, **fmt), top))
            for name, part in zip(("_w_top", "_w_def", "_w_alt"), tops, strict=True):
                con.register(name, part)
            table = con.sql(BENCH_SQL.format(top=top, exp=exporter,
                                             lines=lines_sql("o.k", lines), **fmt)).to_arrow_table()
    except duckdb.Error as exc:
        raise WarehouseError(msg.QUERY_FAILED(query="benchmark"), home=str(warehouse.home), cause=str(exc)) from exc
    return BenchParts(years=ys, table=table)
