"""What the full export-potential table reads: per (importer, hs6) cell with imports in
the window, the sums the ITC export potential of one exporter is computed from.

The group-bys over every flow stay in SQL for speed; the formula itself is computed by
the engine (:func:`chuhai.markets.potential.export_potential`) on :attr:`Cells.base`.
The ``_pa_*`` temp tables live only inside :func:`fetch_cells`, on the connection it
opens and closes. The exporter-independent market × product sums are cached per
warehouse state, window and parameters, so screening many exporters pays them once.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from chuhai.data.queries import dimensions
from chuhai.data.queries.identity import cached
from chuhai.data.queries.inputs import PotentialBase
from chuhai.data.queries.tariffs import (
    CUSTOMS_UNION,
    TARIFF_AGREEMENT,
    applied_rate_sql,
    rate_order_sql,
    zero_rate_sql,
)
from chuhai.data.queries.window import DEFAULT_WINDOW, all_years, global_revisions
from chuhai.data.warehouse import Warehouse
from chuhai.errors import NotFoundError, WarehouseError

__all__ = ["CELL_COLUMNS", "Cells", "fetch_cells"]

#: Per line the latest rate (MFN, preferential), the zero rate of pairs in an agreement,
#: the exporters' growth factors; ``{zero}`` is the rule's steps 2-3.
DIM_SQL = """
CREATE OR REPLACE TEMP TABLE _pa_tr AS
SELECT importer, partner, hs6, arg_min(rate, kk) AS rate FROM (
    SELECT importer, partner, hs6, rate, {order} AS kk FROM tariffs) GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE _pa_mfn AS
SELECT importer AS j, hs6 AS k, rate FROM _pa_tr WHERE partner = 'MFN';
CREATE OR REPLACE TEMP TABLE _pa_pref AS
SELECT importer AS j, partner AS s, hs6 AS k, rate FROM _pa_tr WHERE partner <> 'MFN';
CREATE OR REPLACE TEMP TABLE _pa_z AS
SELECT x, y, bool_or({cu_type}) AS cu FROM _pa_pairs WHERE {tariff_agreement} GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE _pa_sj AS
SELECT coalesce(d.o, z.y) AS s, coalesce(d.d, z.x) AS j, ln(d.km) AS lnd, {zero} AS zr
FROM _pa_dist d FULL OUTER JOIN _pa_z z ON z.y = d.o AND z.x = d.d;
CREATE OR REPLACE TEMP TABLE _pa_g AS
SELECT iso3, coalesce(dg, 1) AS dg FROM _pa_growth
"""

#: Flows with their preferential-or-zero rate ``sp``, log distance and exporter growth;
#: ``{where}`` narrows it to one exporter's rows. The MFN rate of the rest comes later.
FLOWS_SQL = """
SELECT t.exporter AS s, t.importer AS j, t.hs6 AS k, t.value_usd AS v,
    {sp} AS sp, sj.lnd, coalesce(g.dg, 1) AS dg
FROM trade t {pref_join}
LEFT JOIN _pa_sj sj ON sj.s = t.exporter AND sj.j = t.importer
LEFT JOIN _pa_g g ON g.iso3 = t.exporter
WHERE {revs} AND t.exporter <> t.importer {where}
"""

PREF_JOIN = "LEFT JOIN _pa_pref p ON p.j = t.importer AND p.s = t.exporter AND p.k = t.hs6"

#: Exporter-independent sums per market × product: the expensive full pass (cached).
ALL_AGG_SQL = """
SELECT j, k, sum(v) AS v, coalesce(sum(v) FILTER (WHERE sp IS NOT NULL), 0) AS v_sp,
    coalesce(sum(v * sp), 0) AS vt_sp,
    sum(v * lnd) FILTER (WHERE lnd IS NOT NULL)
        / nullif(sum(v) FILTER (WHERE lnd IS NOT NULL), 0) AS mean_ln_d,
    sum(v * dg) AS vdg
FROM ({flows}) GROUP BY j, k
"""

#: The exporter's own sums per market × product (about 1/200 of the flows).
EXP_AGG_SQL = """
CREATE OR REPLACE TEMP TABLE _pa_exp AS
SELECT j, k, sum(v) AS act, coalesce(sum(v) FILTER (WHERE sp IS NOT NULL), 0) AS act_sp,
    coalesce(sum(v * sp), 0) AS act_vt_sp
FROM ({flows}) GROUP BY j, k
"""

#: Per cell the annual averages; the MFN rate applied to the flows without ``sp``.
JK_SQL = """
CREATE OR REPLACE TEMP TABLE _pa_jk AS
SELECT a.j, a.k, a.v / {n} AS v_jk,
    (a.vt_sp + coalesce(m.rate * (a.v - a.v_sp), 0)) / {n} AS vt,
    (a.v_sp + CASE WHEN m.rate IS NOT NULL THEN a.v - a.v_sp ELSE 0 END) / {n} AS vk_,
    a.mean_ln_d, coalesce(e.act, 0) / {n} AS actual,
    (coalesce(e.act_vt_sp, 0) + coalesce(m.rate * (coalesce(e.act, 0) - coalesce(e.act_sp, 0)), 0))
        / {n} AS e_vt,
    (coalesce(e.act_sp, 0) + CASE WHEN m.rate IS NOT NULL
        THEN coalesce(e.act, 0) - coalesce(e.act_sp, 0) ELSE 0 END) / {n} AS e_vk,
    a.vdg / {n} AS vdg
FROM _pa_all a LEFT JOIN _pa_exp e ON e.j = a.j AND e.k = a.k
LEFT JOIN _pa_mfn m ON m.j = a.j AND m.k = a.k;
CREATE OR REPLACE TEMP TABLE _pa_k AS
SELECT k, sum(v_jk) AS v_k, sum(actual) AS x_e,
    coalesce(sum(v_jk) FILTER (WHERE j = '{exp}'), 0) AS m_e,
    sum(e_vt) AS s_e, sum(e_vk) AS w_e, coalesce(sum(vt), 0) AS s_all,
    coalesce(sum(vk_), 0) AS w_all, sum(vdg) AS den
FROM _pa_jk GROUP BY k
"""

#: One row per cell: the output columns first, then the :class:`PotentialBase` fields (those
#: equal to an output column, or constant per exporter, are not fetched twice:
#: :data:`BASE_FROM`, ``dg_e``).
CELL_SQL = """
WITH bil AS (
    SELECT c.j, sum(c.actual) AS vij, sum(c.v_jk * pk.x_e / pk.v_k) AS hyp
    FROM _pa_jk c JOIN _pa_k pk ON pk.k = c.k WHERE pk.x_e > 0 GROUP BY c.j
),
te AS (
    SELECT c.j, c.k, {rate} AS t_e
    FROM _pa_jk c
    LEFT JOIN _pa_mfn m ON m.j = c.j AND m.k = c.k
    LEFT JOIN _pa_pref p ON p.j = c.j AND p.s = '{exp}' AND p.k = c.k
    LEFT JOIN _pa_z z ON z.x = c.j AND z.y = '{exp}'
)
SELECT c.j AS importer, c.k AS hs6, c.v_jk AS imports_usd, c.actual AS actual_usd,
    te.t_e AS tariff_exporter, c.vt / nullif(c.vk_, 0) AS tariff_average,
    pk.x_e, pk.m_e, pk.den, pk.s_e, pk.w_e, pk.s_all, pk.w_all,
    c.e_vt AS own_s_e, c.e_vk AS own_w_e,
    coalesce(c.vt, 0) AS own_s_all, coalesce(c.vk_, 0) AS own_w_all,
    coalesce(gj.dg, 1) AS dgdp, coalesce(gj.dp, 1) AS dpop,
    ln(dd.km) - c.mean_ln_d AS rel_ln_d, coalesce(bil.vij, 0) AS vij, bil.hyp
FROM _pa_jk c JOIN _pa_k pk ON pk.k = c.k
LEFT JOIN te ON te.j = c.j AND te.k = c.k
LEFT JOIN _pa_growth gj ON gj.iso3 = c.j
LEFT JOIN _pa_dist dd ON dd.o = '{exp}' AND dd.d = c.j
LEFT JOIN bil ON bil.j = c.j
WHERE c.j <> '{exp}'
"""

#: PotentialBase fields read from an output column of the cells table.
BASE_FROM = {"imports": "imports_usd", "t_avg": "tariff_average", "t_e": "tariff_exporter"}


def _dg(row: tuple[object, ...] | None) -> float:
    """The exporter's ΔGDP factor (1 when unknown)."""
    value = row[0] if row else None
    return 1.0 if value is None else float(value)  # type: ignore[arg-type]


#: The columns of the cells table that are output as they are.
CELL_COLUMNS = ("importer", "hs6", "imports_usd", "actual_usd", "tariff_exporter",
                "tariff_average")


@dataclass(frozen=True, slots=True)
class Cells:
    """The cells of one exporter: ``table`` holds :data:`CELL_COLUMNS` (one row per
    (importer, hs6) with imports in ``years``), ``base`` the potential's inputs, row
    for row."""

    years: tuple[int, ...]
    table: pa.Table
    base: PotentialBase
    demo: bool


def _years(wh: Warehouse, con: duckdb.DuckDBPyConnection,
           years: tuple[int, int] | None) -> tuple[int, ...]:
    present = all_years(wh, con)
    chosen = present[-DEFAULT_WINDOW:] if years is None else \
        [y for y in present if years[0] <= y <= years[1]]
    if not chosen:
        raise NotFoundError(f"no trade in the warehouse {wh.home} for the years asked")
    return tuple(chosen)


def _script(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    for stmt in filter(str.strip, sql.split(";")):
        con.execute(stmt)


def fetch_cells(warehouse: Warehouse, *, exporter: str, years: tuple[int, int] | None,
                horizon_years: int, fta_zero: bool) -> Cells:
    """Every market × HS6 cell of ``exporter`` (see :class:`Cells`)."""
    try:
        with warehouse.connect() as con:
            ys = _years(warehouse, con, years)
            revs = global_revisions(warehouse, con, ys)
            con.register("_pa_pairs", dimensions.agreement_pairs(warehouse, con, ys[-1]))
            con.register("_pa_dist", dimensions.distances(warehouse, con))
            con.register("_pa_growth", dimensions.growth(warehouse, con, ys[-1], horizon_years))
            has_pref = con.execute(
                "SELECT count(*) > 0 FROM tariffs WHERE partner <> 'MFN'").fetchone()
            pref = bool(has_pref and has_pref[0])
            fmt = dict(revs=revs, pref_join=PREF_JOIN if pref else "",
                       sp=applied_rate_sql("p.rate" if pref else None, "sj.zr", None))
            _script(con, DIM_SQL.format(
                order=rate_order_sql(ys[-1]), cu_type=CUSTOMS_UNION, tariff_agreement=TARIFF_AGREEMENT,
                zero=zero_rate_sql("z.cu", "z.x IS NOT NULL", fta_zero)))
            flows_all = FLOWS_SQL.format(where="", **fmt)
            agg = cached(warehouse, ("epi_all", ys, revs, pref, horizon_years, fta_zero),
                         lambda: con.sql(ALL_AGG_SQL.format(flows=flows_all)).to_arrow_table())
            con.register("_pa_all", agg)
            con.execute(EXP_AGG_SQL.format(
                flows=FLOWS_SQL.format(where=f"AND t.exporter = '{exporter}'", **fmt)))
            _script(con, JK_SQL.format(n=len(ys), exp=exporter))
            rate = applied_rate_sql(
                "p.rate", zero_rate_sql("z.cu", "z.x IS NOT NULL", fta_zero), "m.rate")
            table = con.sql(CELL_SQL.format(exp=exporter, rate=rate)).to_arrow_table()
            con_dg = con.execute(
                f"SELECT dg FROM _pa_growth WHERE iso3 = '{exporter}'").fetchone()
            demo = con.execute("SELECT any_value(value) FROM meta WHERE key = 'demo'").fetchone()
    except duckdb.Error as exc:
        raise WarehouseError(f"potential_all failed on {warehouse.db_path}: {exc}") from exc
    base = PotentialBase.from_arrow(table, renamed=BASE_FROM, constant={"dg_e": _dg(con_dg)})
    return Cells(years=ys, table=table.select(list(CELL_COLUMNS)), base=base,
                 demo=bool(demo and demo[0] == "true"))
