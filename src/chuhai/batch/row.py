"""Screen one portfolio row: the same call, and so the same numbers, as one
``chuhai markets --product P --exporter HOME`` scan (with the row's filters)."""

from __future__ import annotations

from pathlib import Path

from chuhai.batch import messages as msg
from chuhai.batch.portfolio import PortfolioRow
from chuhai.batch.results import RowMarket, RowResult
from chuhai.data.warehouse import Warehouse
from chuhai.errors import ChuhaiError
from chuhai.markets import Filters, MarketResult, scan

__all__ = ["row_filters", "screen_row"]


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


def screen_row(home: str, row: PortfolioRow, top: int) -> RowResult:
    """One row → its top ``top`` markets. A row the scan refuses (an unknown agreement, a
    product without trade) becomes a result carrying the error, so the batch goes on.
    ``home`` is the warehouse directory (a path string, so the call pickles to workers)."""
    try:
        result = scan(Warehouse(Path(home)), product=row.products, exporter=row.home, top=top,
                      filters=row_filters(row))
    except ChuhaiError as exc:
        return RowResult(line=row.line, key=row.key(), firm=row.firm, home=row.home,
                         products=row.products, product_query=row.product_query, hs6=(),
                         years=(), demo=False, markets_scanned=0, markets=(),
                         error=msg.ROW_FAILED(row=row.line, firm=row.firm, error=exc.message))
    return RowResult(
        line=row.line, key=row.key(), firm=row.firm, home=row.home, products=row.products,
        product_query=row.product_query, hs6=result.hs6, years=result.years, demo=result.demo,
        markets_scanned=result.markets_scanned,
        markets=tuple(_market(m) for m in result.markets), warnings=result.warnings)
