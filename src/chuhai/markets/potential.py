"""ITC export potential (supply × demand × ease) for one product over all markets, in SQL.

::

    Supply_ik  = x_ik·ΔGDP_i / Σ_s x_sk·ΔGDP_s          projected world market share
               × min(1, x_ik / m_ik)                   net-importer (re-export) correction
               × ((1 + t̄_ik) / (1 + t̄_k))^τ            global tariff (dis)advantage
    Demand_ijk = v_jk · (ΔGDP_j/ΔPOP_j)^ε · ΔPOP_j     projected imports of j
               × ((1 + t̄_jk) / (1 + t_ijk))^τ          i's tariff advantage in j
    Ease_ijk   = exp(−max(0, ln d_ij − mean ln d_jk))  distance vs j's usual suppliers
               × v_ij / Σ_k' (x_ik'/v_k')·v_jk'        actual ÷ hypothetical bilateral trade

ΔZ = (1 + mean annual growth of Z over the window's last ``horizon`` years)^horizon.
Unknown tariffs or distances leave their term at 1 and are flagged; the alternatives
(symmetric distance, all-markets global tariff, τ, ε) are :class:`ScanParams` fields.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from chuhai.data.warehouse import Warehouse
from chuhai.markets.types import ScanParams
from chuhai.markets.window import HS_REVISIONS, cached, dimension, year_revisions

__all__ = ["build_epi", "build_growth", "global_revisions"]

GROWTH_SQL = """
SELECT iso3,
    avg(value) FILTER (WHERE indicator = 'gdp_growth' AND year BETWEEN {g0} AND {y1}) AS g,
    avg(value) FILTER (WHERE indicator = 'population_growth' AND year BETWEEN {g0} AND {y1}) AS p,
    arg_max(value, year) FILTER (WHERE indicator = 'gdp_usd' AND year <= {y1}) AS gdp,
    arg_max(value, year) FILTER (WHERE indicator = 'gdp_per_capita_usd' AND year <= {y1}) AS gdppc,
    arg_max(value, year) FILTER (WHERE indicator = 'population' AND year <= {y1}) AS pop,
    ({wgi}) / nullif({wgi_n}, 0) AS wgi
FROM indicators WHERE year <= {y1} GROUP BY iso3
"""

WGI = ("wgi_va", "wgi_pv", "wgi_ge", "wgi_rq", "wgi_rl", "wgi_cc")

EPI_SQL = """
CREATE OR REPLACE TEMP TABLE _m_epi AS
WITH prod AS (
    SELECT coalesce(sum(v) FILTER (WHERE exporter = '{exp}'), 0) AS x_e,
           coalesce(sum(v) FILTER (WHERE importer = '{exp}'), 0) AS m_e,
           coalesce(sum(vt) FILTER (WHERE exporter = '{exp}'), 0) AS s_e,
           coalesce(sum(vknown) FILTER (WHERE exporter = '{exp}'), 0) AS w_e,
           coalesce(sum(vt), 0) AS s_all, coalesce(sum(vknown), 0) AS w_all,
           sum(v) AS world
    FROM _m_sup
),
den AS (
    SELECT sum(x.v * coalesce(power(1 + g.g, {h}), 1)) AS d
    FROM (SELECT exporter, sum(v) AS v FROM _m_sup GROUP BY 1) x
    LEFT JOIN _m_g g ON g.iso3 = x.exporter
),
me AS (SELECT power(1 + g, {h}) AS dg FROM _m_g WHERE iso3 = '{exp}'),
base AS (
    SELECT m.*, prod.*, gj.g AS g_j, gj.p AS p_j,
        coalesce(power(1 + gj.g, {h}), 1) AS dgdp, coalesce(power(1 + gj.p, {h}), 1) AS dpop,
        prod.x_e * coalesce((SELECT dg FROM me), 1) / nullif((SELECT d FROM den), 0) AS share_proj,
        CASE WHEN prod.m_e > 0 THEN least(1, prod.x_e / prod.m_e) ELSE 1 END AS net_importer,
        {te} AS t_e_global, {tk} AS t_k_global,
        coalesce(m.t_w, m.t_simple) AS t_e,
        dd.km AS dist_e, ln(dd.km) - m.mean_ln_d AS rel_ln_d,
        coalesce(ea.vij, 0) AS vij, ea.hyp AS hyp
    FROM _m_mk m CROSS JOIN prod
    LEFT JOIN _m_g gj ON gj.iso3 = m.importer
    LEFT JOIN _m_dist dd ON dd.o = '{exp}' AND dd.d = m.importer
    LEFT JOIN _m_ease ea ON ea.importer = m.importer
),
terms AS (
    SELECT *,
        CASE WHEN t_e_global IS NULL OR t_k_global IS NULL THEN 1
             ELSE power((1 + t_e_global) / (1 + t_k_global), {tau}) END AS global_tariff_term,
        imports_usd * power(dgdp / dpop, {eps}) * dpop AS projected_imports,
        CASE WHEN t_e IS NULL OR tariff_average IS NULL THEN 1
             ELSE power((1 + tariff_average) / (1 + t_e), {tau}) END AS tariff_term,
        CASE WHEN rel_ln_d IS NULL THEN 1 ELSE exp(-{dist}) END AS distance_term,
        CASE WHEN coalesce(hyp, 0) > 0 THEN vij / hyp ELSE 0 END AS bilateral_ease
    FROM base
)
SELECT *,
    coalesce(share_proj, 0) * net_importer * global_tariff_term AS supply,
    projected_imports * tariff_term AS demand,
    distance_term * bilateral_ease AS ease,
    coalesce(share_proj, 0) * net_importer * global_tariff_term
        * projected_imports * tariff_term * distance_term * bilateral_ease AS potential
FROM terms
"""

EASE_SQL = """
WITH jk AS (  -- one pass over trade: market x product totals and the exporter's part
    SELECT t.importer, t.hs6, sum(t.value_usd) AS v,
           coalesce(sum(t.value_usd) FILTER (WHERE t.exporter = '{exp}'), 0) AS x
    FROM trade t WHERE {revs} AND t.exporter <> t.importer GROUP BY ALL
),
sh AS (SELECT hs6, sum(x) / sum(v) AS s FROM jk GROUP BY hs6 HAVING sum(x) > 0)
SELECT jk.importer, sum(jk.x) / {n} AS vij, sum(jk.v * sh.s) / {n} AS hyp
FROM jk JOIN sh ON sh.hs6 = jk.hs6 WHERE jk.importer <> '{exp}' GROUP BY jk.importer
"""


def global_revisions(wh: Warehouse, con: duckdb.DuckDBPyConnection,
                     years: tuple[int, ...]) -> str:
    """SQL condition on ``trade t`` keeping ``years`` and, per year, only the newest HS
    revision stored in the whole table (no revision test when each year has just one:
    an expression per flow is not free at 50 M rows)."""
    revs = year_revisions(wh, con)
    ys = [y for y in years if y in revs] or list(years)
    cond = f"t.year IN ({', '.join(map(str, ys))})"
    if all(len(revs.get(y, ())) <= 1 for y in ys):
        return cond
    rank = {r: i for i, r in enumerate(HS_REVISIONS)}
    whens = " ".join(f"WHEN {y} THEN '{max(revs[y], key=lambda r: rank.get(r, -1))}'"
                     for y in ys if y in revs)
    return f"{cond} AND t.hs_revision = (CASE t.year {whens} END)"


def bilateral_ease_table(
    wh: Warehouse, con: duckdb.DuckDBPyConnection, exporter: str, years: tuple[int, ...]
) -> pa.Table:
    """Per importer: the exporter's actual total exports ``vij`` and the hypothetical
    ``hyp`` = Σ_k (x_ik / v_k)·v_jk, annual averages (cached per exporter and years)."""
    revs = global_revisions(wh, con, years)
    return cached(wh, ("ease", exporter, years), lambda: con.sql(
        EASE_SQL.format(revs=revs, exp=exporter, n=len(years))).to_arrow_table())


def build_growth(wh: Warehouse, con: duckdb.DuckDBPyConnection, last_year: int,
                 horizon: int) -> None:
    """``_m_g``: growth, size and governance per country from ``indicators`` (cached)."""
    wgi = " + ".join(
        f"coalesce(arg_max(value, year) FILTER (WHERE indicator = '{w}'), 0)" for w in WGI)
    wgi_n = " + ".join(
        f"(count(*) FILTER (WHERE indicator = '{w}') > 0)::INT" for w in WGI)
    dimension(wh, con, "_m_g", (last_year, horizon), GROWTH_SQL.format(
        g0=last_year - horizon + 1, y1=last_year, wgi=wgi, wgi_n=wgi_n))


def _global_tariff_sql(mode: str) -> tuple[str, str]:
    if mode == "off":
        return "NULL::DOUBLE", "NULL::DOUBLE"
    if mode == "all_markets":
        return ("prod.s_e / nullif(prod.w_e, 0)", "prod.s_all / nullif(prod.w_all, 0)")
    return ("(prod.s_e - coalesce(m.exp_vt, 0)) / nullif(prod.w_e - coalesce(m.exp_vknown, 0), 0)",
            "(prod.s_all - m.sum_vt) / nullif(prod.w_all - m.sum_vknown, 0)")


def build_epi(
    wh: Warehouse, con: duckdb.DuckDBPyConnection, exporter: str, years: tuple[int, ...],
    params: ScanParams,
) -> None:
    """``_m_epi``: every sub-term, factor and the potential per market (needs ``_m_mk``)."""
    ease = bilateral_ease_table(wh, con, exporter, years)
    con.register("_m_ease", ease)
    te, tk = _global_tariff_sql(params.global_tariff)
    dist = ("greatest(0, rel_ln_d)" if params.distance_form == "one_sided" else "abs(rel_ln_d)")
    con.execute(EPI_SQL.format(
        exp=exporter, h=params.horizon_years, te=te, tk=tk, tau=params.tariff_exponent,
        eps=params.income_elasticity, dist=dist))
