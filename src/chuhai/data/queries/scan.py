"""What a one-product market scan reads from the warehouse, in one function on one
connection it opens and closes: the window, one row per market and the world sums.

The SQL is in :mod:`chuhai.data.queries._scan_sql`; its ``_m_*`` temp tables live only
inside :func:`fetch_scan`. The export-potential formula itself is computed by the
engine (:mod:`chuhai.markets.potential`) from :attr:`ScanData.base`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import duckdb

from chuhai.data.codes import HS_REVISIONS
from chuhai.data.queries import _scan_sql as q
from chuhai.data.queries import dimensions, tradesums
from chuhai.data.queries import messages as msg
from chuhai.data.queries.concorded import convert_raw, extended_pred
from chuhai.data.queries.ease import ease_of
from chuhai.data.queries.hs_links import imported_links
from chuhai.data.queries.identity import cached
from chuhai.data.queries.inputs import PotentialBase
from chuhai.data.queries.window import (
    DEFAULT_WINDOW,
    Window,
    all_years,
    choose_window,
    coverage,
    global_revisions,
    newest_revision,
    short_year,
    year_revisions,
)
from chuhai.data.reference.concordance import ConcordanceSummary
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError, NotFoundError, WarehouseError

__all__ = ["ScanData", "ScanSpec", "WorldSums", "fetch_scan", "fetch_scans"]


@dataclass(frozen=True, slots=True)
class ScanSpec:
    """What to read: ``pred`` is the product's SQL predicate on ``hs6`` (from
    :func:`~chuhai.data.queries.window.resolve_product`), ``label`` its name in messages."""

    pred: str
    label: str
    exporter: str
    years: tuple[int, int] | None = None
    horizon_years: int = 5
    fta_zero: bool = False
    short_span: int = 2
    benchmark_top: int = 6
    benchmark_weighting: Literal["linear", "equal"] = "linear"
    codes: tuple[str, ...] = ()  # the product's codes (HS6, HS4, HS2) behind ``pred``
    hs_revision: str | None = None  # convert every flow to it (None: the newest in the window)

    def product_key(self) -> tuple[object, ...]:
        """What the exporter-independent part of the read depends on: specs with the same
        key share one window and one read of the product's flows (:func:`fetch_scans`)."""
        return (self.pred, self.label, self.years, self.codes, self.hs_revision,
                self.horizon_years, self.fta_zero, self.benchmark_weighting)


@dataclass(frozen=True, slots=True)
class WorldSums:
    """The product's world imports: in the first, short-run and last window year, the
    annual average, and the annual average of all exports of every exporter."""

    v_first: float | None
    v_short: float | None
    v_last: float | None
    world: float | None
    all_exports: float | None


@dataclass(frozen=True, slots=True)
class ScanData:
    """Everything a scan reads: ``rows`` one dict per market (indicator columns of
    :mod:`~chuhai.data.queries._scan_sql`), ``base`` the same markets' export-potential
    inputs in the same order."""

    window: Window
    rows: tuple[dict[str, Any], ...]
    base: PotentialBase
    world: WorldSums
    coverage: dict[str, Any]
    demo: bool
    concordance: ConcordanceSummary | None = None  # what the HS conversion did, if any


def _time_weights(win: Window, weighting: str) -> list[tuple[int, float]]:
    if weighting == "equal":
        return [(y, 1.0) for y in win.years]
    return [(y, float(i + 1)) for i, y in enumerate(win.years)]


def _product_years(con: duckdb.DuckDBPyConnection, pred: str, lo: int,
                   hi: int) -> list[tuple[int, str, int]]:
    """Scan trade once for the product into ``_m_raw``; (year, revision, rows) present."""
    con.execute(q.RAW_SQL.format(pred=pred, lo=lo, hi=hi))
    return [(int(y), str(r), int(n)) for y, r, n in con.execute(q.RAW_YEARS_SQL).fetchall()]


def _read_raw(wh: Warehouse, con: duckdb.DuckDBPyConnection, sq: ScanSpec, lo: int, hi: int,
              target: str | None) -> tuple[list[tuple[int, str, int]], str | None]:
    """``_m_raw`` for ``lo``–``hi``: the product as stored and, when those years hold several
    revisions (or one is asked for), the codes of the others that map into it in the
    target (default: the newest stored)."""
    stored = {r for y, rs in year_revisions(wh, con).items() if lo <= y <= hi for r in rs}
    if target is None and len(stored) > 1:
        target = newest_revision(sorted(stored))
    pred = sq.pred if target is None or not sq.codes else \
        extended_pred(sq.pred, sq.codes, stored, target, imported_links(wh, con))
    return _product_years(con, pred, lo, hi), target


def _window(wh: Warehouse, con: duckdb.DuckDBPyConnection,
            sq: ScanSpec) -> tuple[Window, ConcordanceSummary | None]:
    """Years of the window present for the product, one HS revision per year, and every
    flow converted to one revision when the window mixes them (see :mod:`.concorded`)."""
    if sq.hs_revision is not None and sq.hs_revision not in HS_REVISIONS:
        raise InputError(f"unknown HS revision {sq.hs_revision!r} (known: "
                         f"{', '.join(HS_REVISIONS)})", field="hs_revision")
    every = all_years(wh, con)
    if not every:
        raise NotFoundError(msg.NO_TRADE(), home=str(wh.home))
    lo, hi = sq.years if sq.years is not None else (every[-DEFAULT_WINDOW:][0], every[-1])
    rows, target = _read_raw(wh, con, sq, lo, hi, sq.hs_revision)
    if not rows and sq.years is None:  # the product is absent from the latest years
        lo, hi = every[0], every[-1]
        rows, target = _read_raw(wh, con, sq, lo, hi, sq.hs_revision)
    if not rows:
        raise NotFoundError(msg.NO_TRADE_PRODUCT(product=sq.label) if sq.years is None else
                            msg.NO_TRADE_PRODUCT_YEARS(product=sq.label, first=sq.years[0],
                                                       last=sq.years[1]), home=str(wh.home))
    years, revs, warnings = choose_window(every, rows, sq.label, sq.years)
    tried: set[str] = set()
    for _ in HS_REVISIONS:  # the default target is the newest revision *in the window*
        newest = newest_revision(sorted(set(revs.values())))
        if target is None or sq.hs_revision is not None or newest == target or newest in tried:
            break
        tried.add(target)
        rows, target = _read_raw(wh, con, sq, lo, hi, newest)
        years, revs, warnings = choose_window(every, rows, sq.label, sq.years)
    win, summary = Window(years=years, revisions=revs, hs6=(), warnings=warnings), None
    if target is not None:
        win, summary = convert_raw(con, win, sq.pred, sq.codes, target, imported_links(wh, con))
    hs6 = tuple(str(r[0]) for r in con.execute(
        q.HS6_SQL.format(years=", ".join(map(str, years)))).fetchall())
    return Window(years=win.years, revisions=win.revisions, hs6=hs6,
                  warnings=win.warnings), summary


def _product_tables(wh: Warehouse, con: duckdb.DuckDBPyConnection, win: Window,
                    sq: ScanSpec) -> None:
    """The exporter-independent tables: ``_m_f``, ``_m_tr``, ``_m_rate0``, ``_m_sup``, the
    dimensions, ``_m_x``."""
    n, last = win.n, win.years[-1]
    con.execute(q.FLOWS_SQL.format(revs=win.rev_values_sql()))
    con.register("_m_pairs", dimensions.agreement_pairs(wh, con, last))
    con.register("_m_dist", dimensions.distances(wh, con))
    con.execute(q.tariff_sql(last, sq.pred))
    con.execute(q.keyed_rate_sql("_m_rate0", q.SUPPLIER_KEYS, sq.fta_zero))
    weights = _time_weights(win, sq.benchmark_weighting)
    con.execute(q.SUP_SQL.format(
        weights=", ".join(f"({y}, {w})" for y, w in weights), n=n,
        wsum=sum(w for _, w in weights)))
    con.register("_m_g", dimensions.growth(wh, con, last, sq.horizon_years))
    revs = global_revisions(wh, con, win.years)
    con.register("_m_x", cached(wh, ("totals", win.years), lambda: tradesums.arrow(
        wh, con, q.TOTALS_SQL.format(n=n, revs=revs))))


def _tables(wh: Warehouse, con: duckdb.DuckDBPyConnection, win: Window,
            sq: ScanSpec) -> None:
    """Build ``_m_rate``, ``_m_mk``, ``_m_ease``, ``_m_epi`` for the spec's exporter."""
    exp, n, last = sq.exporter, win.n, win.years[-1]
    for stmt in q.exporter_rate_sql(exp, sq.fta_zero).split(";\n"):
        con.execute(stmt)
    con.execute(q.MARKET_SQL.format(
        exp=exp, y0=win.years[0], y1=last, ys=short_year(win, sq.short_span), n=n,
        btop=sq.benchmark_top))
    revs = global_revisions(wh, con, win.years)
    con.register("_m_ease", ease_of(wh, con, exp, win.years, revs))
    con.execute(q.BASE_SQL.format(exp=exp))


def _world(con: duckdb.DuckDBPyConnection, win: Window, sq: ScanSpec) -> WorldSums:
    row = con.execute(q.WORLD_SQL, [win.years[0], short_year(win, sq.short_span),
                                    win.years[-1], win.n]).fetchone()
    return WorldSums(*(None if x is None else float(x) for x in (row or (None,) * 5)))


def fetch_scan(warehouse: Warehouse, sq: ScanSpec) -> ScanData:
    """Read one product's scan for one exporter (see :class:`ScanData`)."""
    return fetch_scans(warehouse, (sq,))[0]


def fetch_scans(warehouse: Warehouse, specs: tuple[ScanSpec, ...]) -> tuple[ScanData, ...]:
    """Read one product's scan for several exporters on one connection: the window and
    the product's flows are read once, then each spec's exporter-dependent tables (every
    spec has the same :meth:`ScanSpec.product_key`). Each result equals
    :func:`fetch_scan` of its spec."""
    if len({sq.product_key() for sq in specs}) > 1:
        raise InputError("fetch_scans: the specs must share one product and window",
                         field="product")
    out: list[ScanData] = []
    try:
        with warehouse.connect() as con:
            win, summary = _window(warehouse, con, specs[0])
            cov = coverage(warehouse, con, win)
            demo = con.execute("SELECT any_value(value) FROM meta WHERE key = 'demo'").fetchone()
            _product_tables(warehouse, con, win, specs[0])
            for sq in specs:
                _tables(warehouse, con, win, sq)
                table = con.sql(q.ROWS_SQL.format(n=win.n, exp=sq.exporter)).to_arrow_table()
                out.append(ScanData(window=win, rows=tuple(table.to_pylist()),
                                    base=PotentialBase.from_arrow(table),
                                    world=_world(con, win, sq), coverage=cov,
                                    demo=bool(demo and demo[0] == "true"), concordance=summary))
    except duckdb.Error as exc:
        raise WarehouseError(msg.QUERY_FAILED(query="scan"), home=str(warehouse.home), cause=str(exc)) from exc
    return tuple(out)
