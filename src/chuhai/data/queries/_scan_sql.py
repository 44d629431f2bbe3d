"""The SQL of the one-product scan, private to :mod:`chuhai.data.queries.scan`, which
runs it on a connection it opens and closes (the ``_m_*`` temp tables die with it).

All money values are annual averages over the window's years (sum ÷ number of years),
in USD. A product group is treated as one product: flows are summed over its HS6 lines;
tariffs are weighted by the market's imports of each line.

* ``_m_raw``  the product's flows in a span of years, every HS revision;
* ``_m_f``    flows (year, exporter, importer, hs6, v, q, vq), one revision per year;
* ``_m_tr``, ``_m_rate0`` tariff rows and the applied rate per (supplier, market, line);
* ``_m_sup``  per (importer, supplier): average value, quantity, time-weighted value,
  tariff-weighted value;
  (the tables above do not depend on the exporter: several exporters' scans of one
  product share them, :func:`~chuhai.data.queries.scan.fetch_scans`)
* ``_m_rate`` ``_m_rate0`` and the exporter's rate in every market it does not supply;
* ``_m_mk``   per importer: demand, concentration, access, position, benchmark;
* ``_m_epi``  per importer: the sums the export potential is computed from.
"""

from __future__ import annotations

from chuhai.data.queries.tariffs import (
    CUSTOMS_UNION,
    TARIFF_AGREEMENT,
    applied_rate_sql,
    rate_order_sql,
    zero_rate_sql,
)

RAW_SQL = """
CREATE OR REPLACE TEMP TABLE _m_raw AS
SELECT year, hs_revision, exporter, importer, hs6, sum(value_usd) AS v,
       sum(quantity_t) AS q, sum(CASE WHEN quantity_t > 0 THEN value_usd END) AS vq
FROM trade WHERE {pred} AND year BETWEEN {lo} AND {hi} AND exporter <> importer
GROUP BY ALL
"""

RAW_YEARS_SQL = "SELECT year, hs_revision, count(*) FROM _m_raw GROUP BY ALL ORDER BY 1"

HS6_SQL = "SELECT DISTINCT hs6 FROM _m_raw WHERE year IN ({years}) ORDER BY 1"

FLOWS_SQL = """
CREATE OR REPLACE TEMP TABLE _m_f AS
SELECT t.year, t.exporter, t.importer, t.hs6, t.v, t.q, t.vq
FROM _m_raw t JOIN (VALUES {revs}) r(year, rev) ON t.year = r.year AND t.hs_revision = r.rev
"""


def tariff_sql(last_year: int, pred: str) -> str:
    """``_m_tr``: one rate per (importer, partner, line) of the product."""
    return f"""
CREATE OR REPLACE TEMP TABLE _m_tr AS
SELECT importer, partner, hs6,
       arg_min(rate, k) AS rate, arg_min(non_ad_valorem, k) AS nav
FROM (SELECT importer, partner, hs6, rate, non_ad_valorem, {rate_order_sql(last_year)} AS k
      FROM tariffs WHERE {pred})
GROUP BY ALL
"""


#: The (supplier, market, line) keys of ``_m_f``: exporter-independent (``_m_rate0``).
SUPPLIER_KEYS = "SELECT DISTINCT exporter AS s, importer AS j, hs6 AS h FROM _m_f"


def exporter_keys(exporter: str) -> str:
    """The exporter's keys in every market of ``_m_f`` that ``_m_rate0`` lacks."""
    return (f"SELECT DISTINCT '{exporter}' AS s, importer AS j, hs6 AS h FROM _m_f "
            f"WHERE importer <> '{exporter}' EXCEPT SELECT s, j, h FROM _m_rate0")


def exporter_rate_sql(exporter: str, fta_zero: bool) -> str:
    """``_m_rate``: ``_m_rate0`` and the exporter's rates where it does not supply."""
    return (keyed_rate_sql("_m_rate_e", exporter_keys(exporter), fta_zero) + ";\n"
            "CREATE OR REPLACE TEMP TABLE _m_rate AS "
            "SELECT * FROM _m_rate0 UNION ALL SELECT * FROM _m_rate_e")


def keyed_rate_sql(table: str, keys: str, fta_zero: bool) -> str:
    """``table``: the applied rate and its basis per (supplier, market, line) of ``keys``."""
    fz = "true" if fta_zero else "false"
    rate = applied_rate_sql(
        "p.rate", zero_rate_sql("cu.ag IS NOT NULL", "oth.ag IS NOT NULL", fta_zero), "m.rate")
    return f"""
CREATE OR REPLACE TEMP TABLE {table} AS
WITH keys AS ({keys}),
cu AS (SELECT x, y, min(agreement_id) AS ag FROM _m_pairs WHERE {CUSTOMS_UNION} GROUP BY ALL),
oth AS (SELECT x, y, min(agreement_id) AS ag FROM _m_pairs
        WHERE NOT ({CUSTOMS_UNION}) AND {TARIFF_AGREEMENT} GROUP BY ALL)
SELECT k.s, k.j, k.h, {rate} AS rate,
    CASE WHEN p.rate IS NOT NULL THEN 'preferential'
         WHEN cu.ag IS NOT NULL THEN 'customs union ' || cu.ag
         WHEN oth.ag IS NOT NULL AND {fz} THEN 'agreement ' || oth.ag || ' (assumed 0)'
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


SUP_SQL = """
CREATE OR REPLACE TEMP TABLE _m_sup AS
WITH w(year, w) AS (VALUES {weights}),
fr AS (
    SELECT f.*, r.rate, w.w FROM _m_f f
    LEFT JOIN _m_rate0 r ON r.s = f.exporter AND r.j = f.importer AND r.h = f.hs6
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
           string_agg(DISTINCT r.basis, ', ' ORDER BY r.basis) AS basis
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

#: The potential's inputs per market (columns of :class:`~chuhai.data.queries.inputs.
#: PotentialBase`), beside everything in ``_m_mk``.
BASE_SQL = """
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
    SELECT sum(x.v * coalesce(g.dg, 1)) AS d
    FROM (SELECT exporter, sum(v) AS v FROM _m_sup GROUP BY 1) x
    LEFT JOIN _m_g g ON g.iso3 = x.exporter
)
SELECT m.*, prod.*, gj.g AS g_j, gj.p AS p_j,
    coalesce(gj.dg, 1) AS dgdp, coalesce(gj.dp, 1) AS dpop,
    coalesce((SELECT dg FROM _m_g WHERE iso3 = '{exp}'), 1) AS dg_e,
    (SELECT d FROM den) AS den, m.imports_usd AS imports,
    coalesce(m.t_w, m.t_simple) AS t_e, m.tariff_average AS t_avg,
    coalesce(m.exp_vt, 0) AS own_s_e, coalesce(m.exp_vknown, 0) AS own_w_e,
    m.sum_vt AS own_s_all, m.sum_vknown AS own_w_all,
    dd.km AS dist_e, ln(dd.km) - m.mean_ln_d AS rel_ln_d,
    coalesce(ea.vij, 0) AS vij, ea.hyp AS hyp
FROM _m_mk m CROSS JOIN prod
LEFT JOIN _m_g gj ON gj.iso3 = m.importer
LEFT JOIN _m_dist dd ON dd.o = '{exp}' AND dd.d = m.importer
LEFT JOIN _m_ease ea ON ea.importer = m.importer
"""

#: Every exporter's exports of all products, annual average (from the persisted sums).
TOTALS_SQL = """
SELECT t.exporter, sum(t.v) / {n} AS total FROM _agg_pairs t
WHERE {revs} AND t.exporter <> t.importer GROUP BY t.exporter
"""

#: One row per market: ``_m_epi`` with names, governance, zero-tariff rivals, agreements.
ROWS_SQL = """
WITH zr AS (
    SELECT f.importer, f.exporter, sum(f.v) / {n} AS v,
           bool_and(r.rate = 0 AND (r.cu_ag IS NOT NULL OR r.fta_ag IS NOT NULL
                    OR r.basis = 'preferential')) AS zero_partner,
           min(r.cu_ag) AS cu_ag
    FROM _m_f f JOIN _m_rate r ON r.s = f.exporter AND r.j = f.importer AND r.h = f.hs6
    GROUP BY ALL
),
z AS (
    SELECT importer,
           sum(v) FILTER (WHERE zero_partner AND exporter <> '{exp}') / sum(v) AS zt_share,
           list({{'exporter': exporter, 'agreement': cu_ag, 'share': v / tot}} ORDER BY v DESC)
               FILTER (WHERE cu_ag IS NOT NULL AND exporter <> '{exp}') AS cu_rivals
    FROM (SELECT *, sum(v) OVER (PARTITION BY importer) AS tot FROM zr) GROUP BY importer
)
SELECT e.*, c.name_en, c.region, c.income_group, g.wgi, g.gdp,
       CASE WHEN (SELECT count(*) FROM _m_pairs) > 0 OR (SELECT count(*) FROM _m_tr) > 0
            THEN coalesce(z.zt_share, 0) END AS zt_share, z.cu_rivals, x.total AS market_total_exports,
       (SELECT list(DISTINCT p.agreement_id ORDER BY p.agreement_id) FROM _m_pairs p
        WHERE p.x = e.importer AND p.y = '{exp}') AS agreements,
       (SELECT list(DISTINCT p.agreement_id) FROM _m_pairs p WHERE p.x = e.importer)
           AS memberships
FROM _m_epi e
LEFT JOIN countries c ON c.iso3 = e.importer
LEFT JOIN _m_g g ON g.iso3 = e.importer
LEFT JOIN z ON z.importer = e.importer
LEFT JOIN _m_x x ON x.exporter = e.importer
"""

WORLD_SQL = """
SELECT sum(v) FILTER (WHERE year = ?), sum(v) FILTER (WHERE year = ?),
       sum(v) FILTER (WHERE year = ?), sum(v) / ?, (SELECT sum(total) FROM _m_x)
FROM _m_f
"""
