"""The ITC export potential of one exporter over every market × HS6 cell, in one SQL pass.

Same formulas as :mod:`chuhai.markets.potential` with k = each HS6 line (see there and
docs/methodology.md). Returns a :class:`PotentialTable` holding an Arrow table with one row
per (importer, hs6) cell that has imports in the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from chuhai.data.warehouse import Warehouse
from chuhai.errors import NotFoundError, WarehouseError
from chuhai.markets.access import build_dimensions
from chuhai.markets.potential import build_growth, global_revisions
from chuhai.markets.scan import check_exporter
from chuhai.markets.types import ScanParams
from chuhai.markets.window import DEFAULT_WINDOW, all_years, cached

__all__ = ["PotentialTable", "potential_all"]

ALL_SQL = """
CREATE OR REPLACE TEMP TABLE _pa_tr AS
SELECT importer, partner, hs6, arg_min(rate, kk) AS rate FROM (
    SELECT importer, partner, hs6, rate,
           CASE WHEN year <= {y1} THEN {y1} - year ELSE 1000 + year - {y1} END AS kk
    FROM tariffs) GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE _pa_mfn AS
SELECT importer AS j, hs6 AS k, rate FROM _pa_tr WHERE partner = 'MFN';
CREATE OR REPLACE TEMP TABLE _pa_pref AS
SELECT importer AS j, partner AS s, hs6 AS k, rate FROM _pa_tr WHERE partner <> 'MFN';
CREATE OR REPLACE TEMP TABLE _pa_z AS
SELECT x, y, bool_or(type LIKE 'CU%') AS cu FROM _m_pairs GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE _pa_sj AS
SELECT coalesce(d.o, z.y) AS s, coalesce(d.d, z.x) AS j, ln(d.km) AS lnd,
       CASE WHEN z.cu THEN 0.0 WHEN z.x IS NOT NULL AND {fta_zero} THEN 0.0 END AS zr
FROM _m_dist d FULL OUTER JOIN _pa_z z ON z.y = d.o AND z.x = d.d;
CREATE OR REPLACE TEMP TABLE _pa_g AS
SELECT iso3, coalesce(power(1 + g, {h}), 1) AS dg FROM _m_g;
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
FROM _pa_jk GROUP BY k;
"""

#: Flows with their preferential/zero rate, log distance and exporter growth; ``{where}``
#: narrows it to one exporter's rows. Small build sides only (the MFN rate comes later).
FLOWS_SQL = """
SELECT t.exporter AS s, t.importer AS j, t.hs6 AS k, t.value_usd AS v,
    {sp} AS sp, sj.lnd, coalesce(g.dg, 1) AS dg
FROM trade t {pref_join}
LEFT JOIN _pa_sj sj ON sj.s = t.exporter AND sj.j = t.importer
LEFT JOIN _pa_g g ON g.iso3 = t.exporter
WHERE {revs} AND t.exporter <> t.importer {where}
"""

#: Exporter-independent sums per market × product: the expensive full pass, cached per
#: warehouse state, window and parameters, so screening many exporters pays it once.
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

CELL_SQL = """
WITH bil AS (
    SELECT c.j, sum(c.actual) AS vij, sum(c.v_jk * pk.x_e / pk.v_k) AS hyp
    FROM _pa_jk c JOIN _pa_k pk ON pk.k = c.k WHERE pk.x_e > 0 GROUP BY c.j
),
te AS (
    SELECT c.j, c.k,
        CASE WHEN p.rate IS NOT NULL THEN p.rate
             WHEN z.cu THEN 0.0 WHEN z.x IS NOT NULL AND {fta_zero} THEN 0.0
             ELSE m.rate END AS t_e
    FROM _pa_jk c
    LEFT JOIN _pa_mfn m ON m.j = c.j AND m.k = c.k
    LEFT JOIN _pa_pref p ON p.j = c.j AND p.s = '{exp}' AND p.k = c.k
    LEFT JOIN _pa_z z ON z.x = c.j AND z.y = '{exp}'
),
b AS (
    SELECT c.j AS importer, c.k AS hs6, c.v_jk, c.actual, te.t_e,
        c.vt / nullif(c.vk_, 0) AS t_avg, pk.x_e, pk.m_e,
        pk.x_e * coalesce((SELECT power(1 + g, {h}) FROM _m_g WHERE iso3 = '{exp}'), 1)
            / nullif(pk.den, 0) AS share_proj,
        CASE WHEN pk.m_e > 0 THEN least(1, pk.x_e / pk.m_e) ELSE 1 END AS net_importer,
        {tge} AS tg_e, {tgk} AS tg_k,
        coalesce(power(1 + gj.g, {h}), 1) AS dgdp, coalesce(power(1 + gj.p, {h}), 1) AS dpop,
        ln(dd.km) - c.mean_ln_d AS rel_ln_d,
        CASE WHEN coalesce(bil.hyp, 0) > 0 THEN coalesce(bil.vij, 0) / bil.hyp ELSE 0 END AS bil
    FROM _pa_jk c JOIN _pa_k pk ON pk.k = c.k
    LEFT JOIN te ON te.j = c.j AND te.k = c.k
    LEFT JOIN _m_g gj ON gj.iso3 = c.j
    LEFT JOIN _m_dist dd ON dd.o = '{exp}' AND dd.d = c.j
    LEFT JOIN bil ON bil.j = c.j
    WHERE c.j <> '{exp}'
),
f AS (
    SELECT *,
        coalesce(share_proj, 0) * net_importer * CASE WHEN tg_e IS NULL OR tg_k IS NULL THEN 1
            ELSE power((1 + tg_e) / (1 + tg_k), {tau}) END AS supply,
        v_jk * power(dgdp / dpop, {eps}) * dpop * CASE WHEN t_e IS NULL OR t_avg IS NULL THEN 1
            ELSE power((1 + t_avg) / (1 + t_e), {tau}) END AS demand,
        CASE WHEN rel_ln_d IS NULL THEN 1 ELSE exp(-{dist}) END * bil AS ease
    FROM b
)
SELECT importer, hs6, v_jk AS imports_usd, actual AS actual_usd, t_e AS tariff_exporter,
       t_avg AS tariff_average, supply, demand, ease, supply * demand * ease AS potential_usd,
       {untapped} AS untapped_usd
FROM f
"""


PREF_JOIN = "LEFT JOIN _pa_pref p ON p.j = t.importer AND p.s = t.exporter AND p.k = t.hs6"


@dataclass(frozen=True, slots=True)
class PotentialTable:
    """EPI of ``exporter`` per (importer, hs6): columns importer, hs6, imports_usd,
    actual_usd, tariff_exporter, tariff_average, supply, demand, ease, potential_usd,
    untapped_usd (USD annual averages over ``years``)."""

    demo: bool
    exporter: str
    years: tuple[int, ...]
    table: pa.Table

    def to_dict(self) -> dict[str, Any]:
        return {"demo": self.demo, "exporter": self.exporter, "years": list(self.years),
                "cells": self.table.to_pylist()}


def _years(wh: Warehouse, con: duckdb.DuckDBPyConnection,
           years: tuple[int, int] | None) -> tuple[int, ...]:
    present = all_years(wh, con)
    chosen = present[-DEFAULT_WINDOW:] if years is None else \
        [y for y in present if years[0] <= y <= years[1]]
    if not chosen:
        raise NotFoundError(f"no trade in the warehouse {wh.home} for the years asked")
    return tuple(chosen)


def potential_all(
    warehouse: Warehouse, *, exporter: str, years: tuple[int, int] | None = None,
    params: ScanParams | None = None,
) -> PotentialTable:
    """Full EPI for ``exporter`` over all market × HS6 cells (one SQL pass)."""
    p = params or ScanParams()
    exp = check_exporter(exporter)
    lm = p.global_tariff == "leave_market_out"
    tge, tgk = (("NULL::DOUBLE", "NULL::DOUBLE") if p.global_tariff == "off" else
                (("(pk.s_e - c.e_vt) / nullif(pk.w_e - c.e_vk, 0)",
                  "(pk.s_all - coalesce(c.vt, 0)) / nullif(pk.w_all - coalesce(c.vk_, 0), 0)")
                 if lm else ("pk.s_e / nullif(pk.w_e, 0)", "pk.s_all / nullif(pk.w_all, 0)")))
    dist = "greatest(0, rel_ln_d)" if p.distance_form == "one_sided" else "abs(rel_ln_d)"
    untapped = ("greatest(0, supply * demand * ease - actual)" if p.floor_untapped
                else "supply * demand * ease - actual")
    fz = "true" if p.fta_zero else "false"
    try:
        with warehouse.connect() as con:
            ys = _years(warehouse, con, years)
            revs = global_revisions(warehouse, con, ys)
            build_dimensions(warehouse, con, ys[-1])
            build_growth(warehouse, con, ys[-1], p.horizon_years)
            has_pref = con.execute(
                "SELECT count(*) > 0 FROM tariffs WHERE partner <> 'MFN'").fetchone()
            pref = bool(has_pref and has_pref[0])
            fmt = dict(revs=revs, pref_join=PREF_JOIN if pref else "",
                       sp="coalesce(p.rate, sj.zr)" if pref else "sj.zr")
            head, tail = ALL_SQL.split("CREATE OR REPLACE TEMP TABLE _pa_jk AS")
            for stmt in filter(str.strip, head.format(y1=ys[-1], fta_zero=fz,
                                                      h=p.horizon_years).split(";")):
                con.execute(stmt)
            flows_all = FLOWS_SQL.format(where="", **fmt)
            agg = cached(warehouse, ("epi_all", ys, revs, pref, p.horizon_years, fz),
                         lambda: con.sql(ALL_AGG_SQL.format(flows=flows_all)).to_arrow_table())
            con.register("_pa_all", agg)
            con.execute(EXP_AGG_SQL.format(
                flows=FLOWS_SQL.format(where=f"AND t.exporter = '{exp}'", **fmt)))
            tail_sql = "CREATE OR REPLACE TEMP TABLE _pa_jk AS" + tail
            for stmt in filter(str.strip, tail_sql.format(n=len(ys), exp=exp).split(";")):
                con.execute(stmt)
            table = con.sql(CELL_SQL.format(
                exp=exp, h=p.horizon_years, tge=tge, tgk=tgk, tau=p.tariff_exponent,
                eps=p.income_elasticity, dist=dist, untapped=untapped, fta_zero=fz,
            )).to_arrow_table()
    except duckdb.Error as exc:
        raise WarehouseError(f"potential_all failed on {warehouse.db_path}: {exc}") from exc
    return PotentialTable(demo=warehouse.is_demo(), exporter=exp, years=ys, table=table)
