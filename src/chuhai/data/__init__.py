"""Data: real-source importers, the warehouse, reference tables and the demo warehouse.

The warehouse names below load on first use (PEP 562), so that importing a light
submodule such as :mod:`chuhai.data.codes` does not import DuckDB, NumPy and PyArrow
(the CLI's start-up; no submodule shares a name with them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chuhai.data.warehouse import ImportBatch, ImportOutcome, TableLoad, Warehouse, resolve_home

__all__ = ["ImportBatch", "ImportOutcome", "TableLoad", "Warehouse", "resolve_home"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from chuhai.data import warehouse  # lazy: start-up speed (DuckDB, NumPy, PyArrow)

        return getattr(warehouse, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
