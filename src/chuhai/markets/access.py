"""Market access in SQL: agreements in force, applied tariffs per (market, supplier,
HS6) and distances. Builds temp tables on the scan's connection.

Applied tariff of importer j on supplier s for line h (latest rate at or before the last
window year, else the earliest later one):

1. a partner-specific (preferential) row ``tariffs(partner = s)``, as given;
2. else 0 when j and s are in the same customs union in force (internal tariffs of a CU
   are zero by definition);
3. else 0 when they share another agreement in force and ``fta_zero`` is set (not an
   ``MOU``: Belt and Road cooperation documents give no tariff preference);
4. else the MFN row;
5. else unknown (NULL) — never a silent zero.
"""

from __future__ import annotations

import duckdb

from chuhai.data.warehouse import Warehouse
from chuhai.markets.window import dimension

__all__ = ["build_access_tables", "build_dimensions"]

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

TARIFF_SQL = """
CREATE OR REPLACE TEMP TABLE _m_tr AS
SELECT importer, partner, hs6,
       arg_min(rate, k) AS rate, arg_min(non_ad_valorem, k) AS nav
FROM (SELECT importer, partner, hs6, rate, non_ad_valorem,
             CASE WHEN year <= {y1} THEN {y1} - year ELSE 1000 + year - {y1} END AS k
      FROM tariffs WHERE {pred})
GROUP BY ALL
"""

RATE_SQL = """
CREATE OR REPLACE TEMP TABLE _m_rate AS
WITH keys AS (
    SELECT DISTINCT exporter AS s, importer AS j, hs6 AS h FROM _m_f
    UNION
    SELECT DISTINCT '{exp}' AS s, importer AS j, hs6 AS h FROM _m_f WHERE importer <> '{exp}'
),
cu AS (SELECT x, y, min(agreement_id) AS ag FROM _m_pairs WHERE type LIKE 'CU%' GROUP BY ALL),
oth AS (SELECT x, y, min(agreement_id) AS ag FROM _m_pairs
        WHERE type NOT LIKE 'CU%' AND type <> 'MOU' GROUP BY ALL)
SELECT k.s, k.j, k.h,
    CASE WHEN p.rate IS NOT NULL THEN p.rate
         WHEN cu.ag IS NOT NULL THEN 0.0
         WHEN oth.ag IS NOT NULL AND {fta_zero} THEN 0.0
         ELSE m.rate END AS rate,
    CASE WHEN p.rate IS NOT NULL THEN 'preferential'
         WHEN cu.ag IS NOT NULL THEN 'customs union ' || cu.ag
         WHEN oth.ag IS NOT NULL AND {fta_zero} THEN 'agreement ' || oth.ag || ' (assumed 0)'
         WHEN m.rate IS NOT NULL THEN 'mfn'
         WHEN coalesce(p.nav, m.nav, false) THEN 'unknown (non-ad-valorem)'
         ELSE 'unknown' END AS basis,
    cu.ag AS cu_ag, oth.ag AS fta_ag
FROM keys k
LEFT JOIN _m_tr p ON p.importer = k.j AND p.partner = k.s AND p.hs6 = k.h
LEFT JOIN _m_tr m ON m.importer = k.j AND m.partner = 'MFN' AND m.hs6 = k.h
LEFT JOIN cu ON cu.x = k.j AND cu.y = k.s
LEFT JOIN oth ON oth.x = k.j AND oth.y = k.s
"""

DIST_SQL = """
SELECT o, d, min(km) AS km FROM (
    SELECT origin AS o, destination AS d, dist_km AS km FROM distances
    UNION ALL SELECT destination, origin, dist_km FROM distances
) WHERE km > 0 GROUP BY ALL
"""


def build_dimensions(wh: Warehouse, con: duckdb.DuckDBPyConnection, last_year: int) -> None:
    """``_m_pairs`` (agreement pairs in force at the end of ``last_year``) and ``_m_dist``
    (distances both ways), cached per warehouse state."""
    dimension(wh, con, "_m_pairs", (last_year,), PAIRS_SQL.format(end=f"{last_year}-12-31"))
    dimension(wh, con, "_m_dist", (), DIST_SQL)


def build_access_tables(
    wh: Warehouse, con: duckdb.DuckDBPyConnection, *, exporter: str, pred: str,
    last_year: int, fta_zero: bool,
) -> None:
    """``_m_pairs``, ``_m_dist``, ``_m_tr`` and ``_m_rate`` (needs ``_m_f``)."""
    build_dimensions(wh, con, last_year)
    con.execute(TARIFF_SQL.format(y1=last_year, pred=pred))
    con.execute(RATE_SQL.format(exp=exporter, fta_zero="true" if fta_zero else "false"))
