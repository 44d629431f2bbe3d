"""Screen one portfolio row: the same call, and so the same numbers, as one
``chuhai markets --product P --exporter HOME`` scan (with the row's filters); then, per
ranked market, the domestic-winner share where award data covers it
(:mod:`chuhai.batch.winners`) and, when the row names a scenario template, the entry
planner for its top market(s) (:mod:`chuhai.batch.entrymode`). :func:`screen_rows`
screens rows sharing one product together (:func:`chuhai.markets.scan_many`: the product
is read once), each row's result equal to its own :func:`screen_row`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from chuhai.batch import messages as msg
from chuhai.batch.entrymode import DEFAULT_ENTRY_TOP, row_entries
from chuhai.batch.portfolio import PortfolioRow
from chuhai.batch.results import RowMarket, RowResult
from chuhai.batch.winners import domestic_winners
from chuhai.data.warehouse import Warehouse
from chuhai.errors import ChuhaiError
from chuhai.markets import Filters, MarketResult, MarketScan, ScanRequest, scan, scan_many

__all__ = ["row_filters", "row_result", "screen_row", "screen_rows"]


def row_filters(row: PortfolioRow) -> Filters:
    return Filters(regions=row.regions, agreements=row.agreements, exclude=row.exclude)


def _market(m: MarketResult) -> RowMarket:
    return RowMarket(
        importer=m.importer, name=m.name, rank=m.rank, score=m.score, imports_usd=m.imports_usd,
        exporter_exports_usd=m.exporter_exports_usd, exporter_share=m.exporter_share,
        tariff_exporter=m.tariff_exporter, potential_usd=m.potential_usd,
        untapped_usd=m.untapped_usd, benchmark_untapped_usd=m.benchmark_untapped_usd,
        localisation_pressure=m.localisation_pressure, posture=m.posture,
        screens_failed=tuple(s.name for s in m.screens if not s.passed),
        explanation=m.explanation)


def row_result(wh: Warehouse, row: PortfolioRow, result: MarketScan | ChuhaiError,
               entry_top: int = DEFAULT_ENTRY_TOP) -> RowResult:
    """A row's result from its scan (with the award evidence and the entry plan), or from
    the error its scan raised."""
    if isinstance(result, ChuhaiError):
        return RowResult(line=row.line, key=row.key(), firm=row.firm, home=row.home,
                         products=row.products, product_query=row.product_query, hs6=(),
                         years=(), demo=False, markets_scanned=0, markets=(),
                         error=msg.ROW_FAILED(row=row.line, firm=row.firm,
                                              error=result.message),
                         scenario=row.scenario)
    markets = tuple(_market(m) for m in result.markets)
    won = domestic_winners(wh, row.products, (m.importer for m in markets))
    markets = tuple(replace(m, domestic_winners=won.get(m.importer)) for m in markets)
    entry = () if row.scenario is None or row.scenario_toml is None else row_entries(
        wh, label=row.scenario, text=row.scenario_toml, markets=markets, firm=row.firm,
        home=row.home, hs6=result.hs6, top=entry_top)
    return RowResult(
        line=row.line, key=row.key(), firm=row.firm, home=row.home, products=row.products,
        product_query=row.product_query, hs6=result.hs6, years=result.years, demo=result.demo,
        markets_scanned=result.markets_scanned, markets=markets, warnings=result.warnings,
        scenario=row.scenario, entry=entry)


def screen_row(home: str, row: PortfolioRow, top: int,
               entry_top: int = DEFAULT_ENTRY_TOP) -> RowResult:
    """One row → its top ``top`` markets (with their award evidence), and the entry plan
    for its first ``entry_top`` markets when the row names a scenario template. A row the
    scan refuses (an unknown agreement, a product without trade) becomes a result carrying
    the error, so the batch goes on. ``home`` is the warehouse directory (a path string, so
    the call pickles to workers)."""
    wh = Warehouse(Path(home))
    try:
        result: MarketScan | ChuhaiError = scan(
            wh, product=row.products, exporter=row.home, top=top, filters=row_filters(row))
    except ChuhaiError as exc:
        result = exc
    return row_result(wh, row, result, entry_top)


def screen_rows(home: str, rows: Sequence[PortfolioRow], top: int,
                entry_top: int = DEFAULT_ENTRY_TOP) -> tuple[RowResult, ...]:
    """Rows with the same ``products`` → their results, in order, each equal to its
    :func:`screen_row`."""
    wh = Warehouse(Path(home))
    try:
        scans: Sequence[MarketScan | ChuhaiError] = scan_many(
            wh, product=rows[0].products, top=top,
            requests=[ScanRequest(exporter=r.home, filters=row_filters(r)) for r in rows])
    except ChuhaiError as exc:
        scans = [exc] * len(rows)
    return tuple(row_result(wh, r, s, entry_top) for r, s in zip(rows, scans, strict=True))
