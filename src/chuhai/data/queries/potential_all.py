"""What the full export-potential table reads: per (importer, hs6) cell with imports in
the window, the sums the ITC export potential of one exporter is computed from.

The group-bys over every flow stay in SQL for speed; the formula itself is computed by
the engine (:func:`chuhai.markets.potential.export_potential`) on :attr:`Cells.base`.
The ``_pa_*`` temp tables live only inside :func:`fetch_cells`, on the connection it
opens and closes. The exporter-independent market × product sums and the tariff tables
are persisted per warehouse state, window and parameters (:func:`chuhai.data.aggregates.
stored`, cleared by the next import) and cached in process, so screening many exporters,
or a new process, pays them once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from chuhai.data import aggregates
from chuhai.data.queries import dimensions
from chuhai.data.queries import messages as msg
from chuhai.data.queries.identity import cached
from chuhai.data.queries.inputs import PotentialBase
from chuhai.data.queries.tariffs import (
    CUSTOMS_UNION,
    TARIFF_AGREEMENT,
    applied_rate_sql,
    rate_order_sql,
    zero_rate_sql,
)
from chuhai.data.queries.window import global_revisions, lines_sql, window_years
from chuhai.data.warehouse import Warehouse
from chuhai.errors import WarehouseError

__all__ = ["CELL_COLUMNS", "Cells", "fetch_cells"]

#: Per line the latest rate (MFN, preferential), the zero rate of pairs in an agreement,
#: the log distance of each pair: exporter-independent, so computed once per warehouse
#: state and window end and kept as Arrow tables (:func:`_dims`). ``{zero}`` is the
#: rule's steps 2-3. Order matters: later tables read earlier ones.
TARIFF_SQL = """
CREATE OR REPLACE TEMP TABLE _pa_tr AS
SELECT importer, partner, hs6, arg_min(rate, kk) AS rate FROM (
    SELECT importer, partner, hs6, rate, {order} AS kk FROM tariffs) GROUP BY ALL
"""
DIM_TABLES = (
    ("_pa_mfn", "SELECT importer AS j, hs6 AS k, rate FROM _pa_tr WHERE partner = 'MFN'"),
    ("_pa_pref", "SELECT importer AS j, partner AS s, hs6 AS k, rate FROM _pa_tr "
                 "WHERE partner <> 'MFN'"),
    ("_pa_z", "SELECT x, y, bool_or({cu_type}) AS cu FROM _pa_pairs "
              "WHERE {tariff_agreement} GROUP BY ALL"),
    ("_pa_sj", "SELECT coalesce(d.o, z.y) AS s, coalesce(d.d, z.x) AS j, ln(d.km) AS lnd, "
               "{zero} AS zr FROM _pa_dist d FULL OUTER JOIN _pa_z z ON z.y = d.o AND z.x = d.d"),
)

#: The exporters' growth factors (depends on the horizon; small).
GROWTH_SQL = """
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

#: Per cell the annual averages with the MFN rate applied to the flows without ``sp``,
#: and per product the sums over every market: exporter-independent (cached with the
#: full pass). ``mfn`` is kept for the exporter's own cells and tariff.
BASE_SQL = """
SELECT a.j, a.k, a.v / {n} AS v_jk,
    (a.vt_sp + coalesce(m.rate * (a.v - a.v_sp), 0)) / {n} AS vt,
    (a.v_sp + CASE WHEN m.rate IS NOT NULL THEN a.v - a.v_sp ELSE 0 END) / {n} AS vk_,
    a.mean_ln_d, a.vdg / {n} AS vdg, m.rate AS mfn
FROM _pa_all a LEFT JOIN _pa_mfn m ON m.j = a.j AND m.k = a.k
"""
KALL_SQL = """
SELECT k, sum(v_jk) AS v_k, coalesce(sum(vt), 0) AS s_all, coalesce(sum(vk_), 0) AS w_all,
    sum(vdg) AS den
FROM _pa_base GROUP BY k
"""

#: The exporter's own cells (annual averages) and per product its sums (zero where it
#: has no cell), beside the exporter-independent ones.
JK_SQL = """
CREATE OR REPLACE TEMP TABLE _pa_e AS
SELECT e.j, e.k, e.act / {n} AS actual,
    (e.act_vt_sp + coalesce(b.mfn * (e.act - e.act_sp), 0)) / {n} AS e_vt,
    (e.act_sp + CASE WHEN b.mfn IS NOT NULL THEN e.act - e.act_sp ELSE 0 END) / {n} AS e_vk
FROM _pa_exp e JOIN _pa_base b ON b.j = e.j AND b.k = e.k;
CREATE OR REPLACE TEMP TABLE _pa_k AS
SELECT ka.k, ka.v_k, coalesce(ke.x_e, 0) AS x_e, coalesce(mj.m_e, 0) AS m_e,
    coalesce(ke.s_e, 0) AS s_e, coalesce(ke.w_e, 0) AS w_e, ka.s_all, ka.w_all, ka.den
FROM _pa_kall ka
LEFT JOIN (SELECT k, sum(actual) AS x_e, sum(e_vt) AS s_e, sum(e_vk) AS w_e
           FROM _pa_e GROUP BY k) ke ON ke.k = ka.k
LEFT JOIN (SELECT k, sum(v_jk) AS m_e FROM _pa_base WHERE j = '{exp}' GROUP BY k) mj
    ON mj.k = ka.k
"""

#: One row per cell: the output columns first, then the :class:`PotentialBase` fields (those
#: equal to an output column, or constant per exporter, are not fetched twice:
#: :data:`BASE_FROM`, ``dg_e``). The exporter's rows of the tariff, agreement and distance
#: tables are picked before the joins, so every join's build side is small.
CELL_SQL = """
WITH bil AS (
    SELECT b.j, sum(coalesce(e.actual, 0)) AS vij, sum(b.v_jk * pk.x_e / pk.v_k) AS hyp
    FROM _pa_base b JOIN _pa_k pk ON pk.k = b.k
    LEFT JOIN _pa_e e ON e.j = b.j AND e.k = b.k
    WHERE pk.x_e > 0 GROUP BY b.j
)
SELECT b.j AS importer, b.k AS hs6, b.v_jk AS imports_usd,
    coalesce(e.actual, 0) AS actual_usd,
    {rate} AS tariff_exporter, b.vt / nullif(b.vk_, 0) AS tariff_average,
    pk.x_e, pk.m_e, pk.den, pk.s_e, pk.w_e, pk.s_all, pk.w_all,
    coalesce(e.e_vt, 0) AS own_s_e, coalesce(e.e_vk, 0) AS own_w_e,
    coalesce(b.vt, 0) AS own_s_all, coalesce(b.vk_, 0) AS own_w_all,
    coalesce(gj.dg, 1) AS dgdp, coalesce(gj.dp, 1) AS dpop,
    ln(dd.km) - b.mean_ln_d AS rel_ln_d, coalesce(bil.vij, 0) AS vij, bil.hyp
FROM _pa_base b JOIN _pa_k pk ON pk.k = b.k
LEFT JOIN _pa_e e ON e.j = b.j AND e.k = b.k
LEFT JOIN (SELECT j, k, rate FROM _pa_pref WHERE s = '{exp}') p ON p.j = b.j AND p.k = b.k
LEFT JOIN (SELECT x, cu FROM _pa_z WHERE y = '{exp}') z ON z.x = b.j
LEFT JOIN _pa_growth gj ON gj.iso3 = b.j
LEFT JOIN (SELECT d, km FROM _pa_dist WHERE o = '{exp}') dd ON dd.d = b.j
LEFT JOIN bil ON bil.j = b.j
WHERE b.j <> '{exp}' {lines}
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


def _script(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    for stmt in filter(str.strip, sql.split(";")):
        con.execute(stmt)


def _dims(con: duckdb.DuckDBPyConnection, last_year: int,
          fta_zero: bool) -> tuple[tuple[str, pa.Table], ...]:
    """The exporter-independent tables of :data:`DIM_TABLES`, as Arrow (each registered
    on ``con`` as it is made, since later ones read earlier ones)."""
    _script(con, TARIFF_SQL.format(order=rate_order_sql(last_year)))
    fmt = dict(cu_type=CUSTOMS_UNION, tariff_agreement=TARIFF_AGREEMENT,
               zero=zero_rate_sql("z.cu", "z.x IS NOT NULL", fta_zero))
    out = []
    for name, sql in DIM_TABLES:
        table = con.sql(sql.format(**fmt)).to_arrow_table()
        con.register(name, table)
        out.append((name, table))
    con.execute("DROP TABLE _pa_tr")
    return tuple(out)


def _market_sums(con: duckdb.DuckDBPyConnection, flows: str,
                 n_years: int) -> tuple[pa.Table, pa.Table]:
    """The exporter-independent cell and product sums (:data:`BASE_SQL`,
    :data:`KALL_SQL`): the full pass over every flow."""
    con.register("_pa_all", con.sql(ALL_AGG_SQL.format(flows=flows)).to_arrow_table())
    base = con.sql(BASE_SQL.format(n=n_years)).to_arrow_table()
    con.register("_pa_base", base)
    kall = con.sql(KALL_SQL).to_arrow_table()
    con.unregister("_pa_all")
    return base, kall


def _state(con: duckdb.DuckDBPyConnection) -> str:
    """The imports live now (the tariff, agreement, distance and indicator tables the
    sums read change only with them; the trade files key :func:`aggregates.stored`)."""
    rows = con.execute("SELECT string_agg(import_id, ',' ORDER BY import_id) FROM provenance "
                       "WHERE status = 'active'").fetchall()
    return str(rows[0][0] if rows else "")


def _persisted(wh: Warehouse, con: duckdb.DuckDBPyConnection, name: str, key: tuple[object, ...],
               names: tuple[str, ...], compute: Callable[[], tuple[tuple[str, pa.Table], ...]],
               ) -> tuple[tuple[str, pa.Table], ...]:
    """``compute()``'s named tables, each persisted with :func:`aggregates.stored` (computed
    once, together, when any is missing), so a new process reads them instead of the
    full pass over every flow."""
    made: dict[str, pa.Table] = {}

    def one(part: str) -> Callable[[], pa.Table]:
        def get() -> pa.Table:
            if not made:
                made.update(compute())
            return made[part]
        return get
    return tuple((part, aggregates.stored(con, wh.home, f"{name}-{part}", key, one(part)))
                 for part in names)


def fetch_cells(warehouse: Warehouse, *, exporter: str, years: tuple[int, int] | None,
                horizon_years: int, fta_zero: bool,
                lines: tuple[str, str] | None = None) -> Cells:
    """Every market × HS6 cell of ``exporter`` (see :class:`Cells`); with ``lines`` (first,
    last HS6) only the cells of that product range. The bilateral ease still sums over
    every product of a market, so a range's cells equal the same cells of the whole table."""
    where = lines_sql("b.k", lines)
    try:
        with warehouse.connect() as con:
            ys = window_years(warehouse, con, years)
            revs = global_revisions(warehouse, con, ys)
            con.register("_pa_pairs", dimensions.agreement_pairs(warehouse, con, ys[-1]))
            con.register("_pa_dist", dimensions.distances(warehouse, con))
            con.register("_pa_growth", dimensions.growth(warehouse, con, ys[-1], horizon_years))
            has_pref = con.execute(
                "SELECT count(*) > 0 FROM tariffs WHERE partner <> 'MFN'").fetchall()
            pref = bool(has_pref and has_pref[0][0])
            fmt = dict(revs=revs, pref_join=PREF_JOIN if pref else "",
                       sp=applied_rate_sql("p.rate" if pref else None, "sj.zr", None))
            state = _state(con)
            dims = cached(warehouse, ("epi_dims", ys[-1], fta_zero), lambda: _persisted(
                warehouse, con, "epi-dims", (ys[-1], fta_zero, state),
                tuple(name for name, _ in DIM_TABLES), lambda: _dims(con, ys[-1], fta_zero)))
            for name, table in dims:
                con.register(name, table)
            _script(con, GROWTH_SQL)
            flows_all = FLOWS_SQL.format(where="", **fmt)
            key = (ys, revs, pref, horizon_years, fta_zero, state)
            (_, base), (_, kall) = cached(warehouse, ("epi_all", *key), lambda: _persisted(
                warehouse, con, "epi-sums", key, ("base", "kall"),
                lambda: tuple(zip(("base", "kall"), _market_sums(con, flows_all, len(ys)),
                                  strict=True))))
            con.register("_pa_base", base)
            con.register("_pa_kall", kall)
            con.execute(EXP_AGG_SQL.format(
                flows=FLOWS_SQL.format(where=f"AND t.exporter = '{exporter}'", **fmt)))
            _script(con, JK_SQL.format(n=len(ys), exp=exporter))
            rate = applied_rate_sql(
                "p.rate", zero_rate_sql("z.cu", "z.x IS NOT NULL", fta_zero), "b.mfn")
            table = con.sql(CELL_SQL.format(exp=exporter, rate=rate,
                                            lines=where)).to_arrow_table()
            con_dg = con.execute(
                f"SELECT dg FROM _pa_growth WHERE iso3 = '{exporter}'").fetchone()
            demo = con.execute("SELECT any_value(value) FROM meta WHERE key = 'demo'").fetchone()
    except duckdb.Error as exc:
        raise WarehouseError(msg.QUERY_FAILED(query="potential_all"), home=str(warehouse.home), cause=str(exc)) from exc
    base = PotentialBase.from_arrow(table, renamed=BASE_FROM, constant={"dg_e": _dg(con_dg)})
    return Cells(years=ys, table=table.select(list(CELL_COLUMNS)), base=base,
                 demo=bool(demo and demo[0] == "true"))
