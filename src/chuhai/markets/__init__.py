"""chuhai.markets — where should exporter X sell product P?

Public API::

    scan(warehouse, *, product, exporter, years=None, weights=None, filters=None,
         params=None, top=None) -> MarketScan
    potential_all(warehouse, *, exporter, years=None, params=None) -> PotentialTable

Formulas and defaults: docs/methodology.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chuhai.markets.epi_all import PotentialTable, potential_all
    from chuhai.markets.scan import scan
    from chuhai.markets.types import (
        Filters,
        MarketResult,
        MarketScan,
        ScanParams,
        Screen,
        Supplier,
        Weights,
    )

#: Public name -> the module that defines it. Loaded on first use (PEP 562), so importing a
#: light submodule such as ``chuhai.markets.params`` (the CLI's help) does not load the
#: engine, NumPy and the read side.
_EXPORTS = {
    "PotentialTable": "chuhai.markets.epi_all", "potential_all": "chuhai.markets.epi_all",
    "scan": "chuhai.markets.scan",
    **{name: "chuhai.markets.types" for name in (
        "Filters", "MarketResult", "MarketScan", "ScanParams", "Screen", "Supplier", "Weights")},
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'chuhai.markets' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)  # lazy: start-up (see _EXPORTS)
    globals()[name] = value
    return value


__all__ = [
    "Filters",
    "MarketResult",
    "MarketScan",
    "PotentialTable",
    "ScanParams",
    "Screen",
    "Supplier",
    "Weights",
    "potential_all",
    "scan",
]
