"""Data: real-source importers, the warehouse, reference tables and the demo warehouse."""

from __future__ import annotations

from chuhai.data.warehouse import ImportBatch, ImportOutcome, TableLoad, Warehouse, resolve_home

__all__ = ["ImportBatch", "ImportOutcome", "TableLoad", "Warehouse", "resolve_home"]
