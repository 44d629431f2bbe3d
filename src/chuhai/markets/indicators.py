"""Per-market trade indicators of one product (or product group) in DuckDB SQL.

All money values are annual averages over the window's years (sum ÷ number of years in
the window), in USD. A product group is treated as one product: flows are summed over
its HS6 lines; tariffs are weighted by the market's imports of each line.

Tables built on the scan's connection (temp, dropped with it):

* ``_m_f``    flows (year, exporter, importer, hs6, v, q, vq) of the product;
* ``_m_sup``  per (importer, supplier): average value, quantity, time-weighted value,
  tariff-weighted value, rank;
* ``_m_mk``   per importer: demand, concentration, access, position, benchmark.
"""

from __future__ import annotations

from typing import Any

import duckdb

from chuhai.markets.types import ScanParams
from chuhai.markets.window import Window

__all__ = ["build_flows", "build_markets", "market_rows", "short_year", "supplier_shares"]

FLOWS_SQL = """
CREATE OR REPLACE TEMP TABLE _m_f AS
SELECT t.year, t.exporter, t.importer, t.hs6, t.v, t.q, t.vq
FROM _m_raw t JOIN (VALUES {revs}) r(year, rev) ON t.year = r.year AND t.hs_revision = r.rev
"""

SUP_SQL = """
CREATE OR REPLACE TEMP TABLE _m_sup AS
WITH w(year, w) AS (VALUES {weights}),
fr AS (
    SELECT f.*, r.rate, w.w FROM _m_f f
    LEFT JOIN _m_rate r ON r.s = f.exporter AND r.j = f.importer AND r.h = f.hs6
    JOIN w ON w.year = f.year
)
SELECT importer, exporter,
       sum(v) / {n} AS v, sum(q) / {n} AS q, sum(vq) / {n} AS vq,
       sum(v * w) / {wsum} AS tw,
       sum(v * rate) / {n} AS vt,
       sum(CASE WHEN rate IS NOT NULL THEN v END) / {n} AS vknown
FROM fr GROUP BY ALL
"""

MARKET_SQL = """
CREATE OR REPLACE TEMP TABLE _m_mk AS
WITH s AS (
    SELECT s.*, d.km,
           rank() OVER (PARTITION BY importer ORDER BY v DESC) AS rk,
           CASE WHEN exporter <> '{exp}' THEN row_number() OVER (
               PARTITION BY importer, exporter = '{exp}' ORDER BY tw DESC, exporter) END AS brk,
           sum(v) OVER (PARTITION BY importer) AS tot
    FROM _m_sup s LEFT JOIN _m_dist d ON d.o = s.exporter AND d.d = s.importer
),
yr AS (
    SELECT importer,
           sum(v) FILTER (WHERE year = {y0}) AS v_first,
           sum(v) FILTER (WHERE year = {ys}) AS v_short,
           sum(v) FILTER (WHERE year = {y1}) AS v_last
    FROM _m_f GROUP BY importer
),
own AS (  -- the market's own exports of the product (production signal)
    SELECT exporter AS importer, sum(v) / {n} AS own_exports FROM _m_f GROUP BY exporter
),
lines AS (  -- the exporter's tariff, weighted by the market's imports of each line
    SELECT r.j AS importer,
           sum(coalesce(l.v, 0) * r.rate) / nullif(sum(CASE WHEN r.rate IS NOT NULL
               THEN coalesce(l.v, 0) END), 0) AS t_w,
           avg(r.rate) AS t_simple,
           string_agg(DISTINCT r.basis, ', ') AS basis
    FROM _m_rate r
    LEFT JOIN (SELECT importer, hs6, sum(v) AS v FROM _m_f GROUP BY ALL) l
        ON l.importer = r.j AND l.hs6 = r.h
    WHERE r.s = '{exp}' GROUP BY r.j
)
SELECT s.importer,
    sum(s.v) AS imports_usd, sum(s.q) AS imports_t,
    sum(s.vq) / nullif(sum(s.q), 0) AS unit_value,
    count(*) FILTER (WHERE s.v > 0) AS suppliers,
    sum(s.v * s.v) / nullif(sum(s.v) * sum(s.v), 0) AS hhi_raw,
    sum(s.vt) / nullif(sum(s.vknown), 0) AS tariff_average,
    sum(s.vknown) / nullif(sum(s.v), 0) AS tariff_coverage,
    coalesce(sum(s.vt), 0) AS sum_vt, coalesce(sum(s.vknown), 0) AS sum_vknown,
    sum(s.v * ln(s.km)) FILTER (WHERE s.km IS NOT NULL)
        / nullif(sum(s.v) FILTER (WHERE s.km IS NOT NULL), 0) AS mean_ln_d,
    coalesce(sum(s.v) FILTER (WHERE s.exporter = '{exp}'), 0) AS exp_v,
    sum(s.vt) FILTER (WHERE s.exporter = '{exp}') AS exp_vt,
    sum(s.vknown) FILTER (WHERE s.exporter = '{exp}') AS exp_vknown,
    min(s.rk) FILTER (WHERE s.exporter = '{exp}') AS exp_rank,
    sum(s.vq) FILTER (WHERE s.exporter = '{exp}')
        / nullif(sum(s.q) FILTER (WHERE s.exporter = '{exp}'), 0) AS exp_uv,
    sum(s.vq) FILTER (WHERE s.exporter <> '{exp}')
        / nullif(sum(s.q) FILTER (WHERE s.exporter <> '{exp}'), 0) AS comp_uv,
    coalesce(avg(s.tw) FILTER (WHERE s.brk <= {btop}), 0) AS bench_top,
    count(*) FILTER (WHERE s.brk <= {btop}) AS bench_n,
    coalesce(sum(s.tw) FILTER (WHERE s.exporter = '{exp}'), 0) AS exp_tw,
    list({{'exporter': s.exporter, 'share': s.v / s.tot, 'value_usd': s.v}} ORDER BY s.v DESC,
         s.exporter) FILTER (WHERE s.exporter <> '{exp}' AND s.v > 0) AS rivals,
    any_value(yr.v_first) AS v_first, any_value(yr.v_short) AS v_short,
    any_value(yr.v_last) AS v_last,
    coalesce(any_value(own.own_exports), 0) AS own_exports,
    any_value(lines.t_w) AS t_w, any_value(lines.t_simple) AS t_simple,
    any_value(lines.basis) AS tariff_basis
FROM s
LEFT JOIN yr ON yr.importer = s.importer
LEFT JOIN own ON own.importer = s.importer
LEFT JOIN lines ON lines.importer = s.importer
WHERE s.importer <> '{exp}'
GROUP BY s.importer
"""


def _time_weights(win: Window, params: ScanParams) -> list[tuple[int, float]]:
    if params.benchmark_weighting == "equal":
        return [(y, 1.0) for y in win.years]
    return [(y, float(i + 1)) for i, y in enumerate(win.years)]


def short_year(win: Window, span: int) -> int:
    """The window year ``span`` years before the last (or the nearest earlier one)."""
    target = win.years[-1] - span
    earlier = [y for y in win.years if y <= target]
    return earlier[-1] if earlier else win.years[0]


def build_flows(con: duckdb.DuckDBPyConnection, win: Window, pred: str) -> None:
    """``_m_f``: the product's flows in the window, one HS revision per year (from
    ``_m_raw``, built by :func:`chuhai.markets.window.resolve_window`)."""
    con.execute(FLOWS_SQL.format(revs=win.rev_values_sql()))


def build_markets(
    con: duckdb.DuckDBPyConnection, win: Window, exporter: str, params: ScanParams
) -> None:
    """``_m_sup`` and ``_m_mk`` (needs ``_m_f``, ``_m_rate``, ``_m_dist``)."""
    weights = _time_weights(win, params)
    con.execute(SUP_SQL.format(
        weights=", ".join(f"({y}, {w})" for y, w in weights), n=win.n,
        wsum=sum(w for _, w in weights)))
    con.execute(MARKET_SQL.format(
        exp=exporter, y0=win.years[0], y1=win.years[-1],
        ys=short_year(win, params.short_span), n=win.n, btop=params.benchmark_top))


def market_rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    """Run ``sql`` and return rows as dicts."""
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def supplier_shares(con: duckdb.DuckDBPyConnection, importer: str) -> dict[str, float]:
    """Every supplier's share of ``importer``'s imports (needs ``_m_sup``)."""
    rows = con.execute(
        "SELECT exporter, v / sum(v) OVER () FROM _m_sup WHERE importer = ? AND v > 0",
        [importer]).fetchall()
    return {str(e): float(s) for e, s in rows}
