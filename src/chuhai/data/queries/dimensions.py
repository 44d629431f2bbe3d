"""Small warehouse-wide tables the market queries join against, each computed once per
warehouse state (and key) and returned as Arrow: agreement pairs in force, distances
both ways, growth/size/governance per country.

A caller registers them under names of its own on the connection it manages.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from chuhai.data.queries.identity import cached
from chuhai.data.warehouse import Warehouse

__all__ = ["agreement_pairs", "distances", "growth"]

PAIRS_SQL = """
SELECT a.iso3 AS x, b.iso3 AS y, g.agreement_id, g.type
FROM agreement_members a
JOIN agreement_members b ON a.agreement_id = b.agreement_id AND a.iso3 <> b.iso3
JOIN agreements g ON g.agreement_id = a.agreement_id
WHERE g.in_force IS NOT NULL AND g.in_force <= DATE '{end}'
  AND (a.joined IS NULL OR a.joined <= DATE '{end}')
  AND (b.joined IS NULL OR b.joined <= DATE '{end}')
  AND (a.left_on IS NULL OR a.left_on > DATE '{end}')
  AND (b.left_on IS NULL OR b.left_on > DATE '{end}')
"""

DIST_SQL = """
SELECT o, d, min(km) AS km FROM (
    SELECT origin AS o, destination AS d, dist_km AS km FROM distances
    UNION ALL SELECT destination, origin, dist_km FROM distances
) WHERE km > 0 GROUP BY ALL
"""

GROWTH_SQL = """
SELECT iso3,
    avg(value) FILTER (WHERE indicator = 'gdp_growth' AND year BETWEEN {g0} AND {y1}) AS g,
    avg(value) FILTER (WHERE indicator = 'population_growth' AND year BETWEEN {g0} AND {y1}) AS p,
    arg_max(value, year) FILTER (WHERE indicator = 'gdp_usd' AND year <= {y1}) AS gdp,
    arg_max(value, year) FILTER (WHERE indicator = 'gdp_per_capita_usd' AND year <= {y1}) AS gdppc,
    arg_max(value, year) FILTER (WHERE indicator = 'population' AND year <= {y1}) AS pop,
    ({wgi}) / nullif({wgi_n}, 0) AS wgi,
    power(1 + g, {h}) AS dg, power(1 + p, {h}) AS dp  -- ΔGDP, ΔPOP over the horizon
FROM indicators WHERE year <= {y1} GROUP BY iso3
"""

#: The six Worldwide Governance Indicators averaged into ``wgi``.
WGI = ("wgi_va", "wgi_pv", "wgi_ge", "wgi_rq", "wgi_rl", "wgi_cc")


def _table(wh: Warehouse, con: duckdb.DuckDBPyConnection, key: tuple[object, ...],
           sql: str) -> pa.Table:
    return cached(wh, ("dim", *key), lambda: con.sql(sql).to_arrow_table())


def agreement_pairs(wh: Warehouse, con: duckdb.DuckDBPyConnection, last_year: int) -> pa.Table:
    """(x, y, agreement_id, type): ordered member pairs of agreements in force at the end
    of ``last_year``."""
    return _table(wh, con, ("_m_pairs", last_year), PAIRS_SQL.format(end=f"{last_year}-12-31"))


def distances(wh: Warehouse, con: duckdb.DuckDBPyConnection) -> pa.Table:
    """(o, d, km): distances both ways, positive only."""
    return _table(wh, con, ("_m_dist",), DIST_SQL)


def growth(wh: Warehouse, con: duckdb.DuckDBPyConnection, last_year: int,
           horizon: int) -> pa.Table:
    """(iso3, g, p, gdp, gdppc, pop, wgi, dg, dp): mean GDP and population growth over
    the last ``horizon`` years to ``last_year``, latest size, the mean of the WGI present,
    and the projection factors ΔGDP = (1 + g)^horizon, ΔPOP = (1 + p)^horizon."""
    wgi = " + ".join(
        f"coalesce(arg_max(value, year) FILTER (WHERE indicator = '{w}'), 0)" for w in WGI)
    wgi_n = " + ".join(
        f"(count(*) FILTER (WHERE indicator = '{w}') > 0)::INT" for w in WGI)
    return _table(wh, con, ("_m_g", last_year, horizon), GROWTH_SQL.format(
        g0=last_year - horizon + 1, y1=last_year, wgi=wgi, wgi_n=wgi_n, h=horizon))
