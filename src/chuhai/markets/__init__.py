"""chuhai.markets — where should exporter X sell product P?

Public API::

    scan(warehouse, *, product, exporter, years=None, weights=None, filters=None,
         params=None, top=None) -> MarketScan
    scan_many(warehouse, *, product, requests, years=None, weights=None, params=None, top=None)
        -> tuple[MarketScan | ChuhaiError, ...]   (one product, many exporters)
    potential_all(warehouse, *, exporter, years=None, params=None) -> PotentialTable

Formulas and defaults: docs/methodology.md.
"""

from __future__ import annotations

from chuhai.markets.epi_all import PotentialTable, potential_all
from chuhai.markets.scan import scan
from chuhai.markets.scan_many import ScanRequest, scan_many
from chuhai.markets.types import (
    Filters,
    MarketResult,
    MarketScan,
    ScanParams,
    Screen,
    Supplier,
    Weights,
)

__all__ = [
    "Filters",
    "MarketResult",
    "MarketScan",
    "PotentialTable",
    "ScanParams",
    "ScanRequest",
    "Screen",
    "Supplier",
    "Weights",
    "potential_all",
    "scan",
    "scan_many",
]
