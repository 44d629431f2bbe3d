"""The ITC export potential of one exporter over every market × HS6 cell.

The same formula as the one-product scan (:func:`chuhai.markets.potential.
export_potential`) with k = each HS6 line; the per-cell sums come from the read side
(:func:`chuhai.data.queries.potential_all.fetch_cells`). Returns a
:class:`PotentialTable` holding an Arrow table with one row per (importer, hs6) cell
that has imports in the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from chuhai.data.queries.potential_all import fetch_cells
from chuhai.data.warehouse import Warehouse
from chuhai.markets.potential import export_potential
from chuhai.markets.scan import check_exporter
from chuhai.markets.types import ScanParams

__all__ = ["PotentialTable", "potential_all"]


@dataclass(frozen=True, slots=True)
class PotentialTable:
    """EPI of ``exporter`` per (importer, hs6): columns importer, hs6, imports_usd,
    actual_usd, tariff_exporter, tariff_average, supply, demand, ease, potential_usd,
    untapped_usd (USD annual averages over ``years``)."""

    demo: bool
    exporter: str
    years: tuple[int, ...]
    table: pa.Table

    def to_dict(self) -> dict[str, Any]:
        return {"demo": self.demo, "exporter": self.exporter, "years": list(self.years),
                "cells": self.table.to_pylist()}


def potential_all(
    warehouse: Warehouse, *, exporter: str, years: tuple[int, int] | None = None,
    params: ScanParams | None = None, lines: tuple[str, str] | None = None,
) -> PotentialTable:
    """Full EPI for ``exporter`` over all market × HS6 cells (with ``lines``, the first and
    last HS6 of a product range: only that range's cells, the same numbers)."""
    p = params or ScanParams()
    exp = check_exporter(exporter)
    cells = fetch_cells(warehouse, exporter=exp, years=years, horizon_years=p.horizon_years,
                        fta_zero=p.fta_zero, lines=lines)
    t = export_potential(cells.base, p)
    untapped = t.potential - np.asarray(
        cells.table.column("actual_usd").to_numpy(zero_copy_only=False), dtype=np.float64)
    if p.floor_untapped:
        untapped = np.maximum(0.0, untapped)
    table = cells.table
    for name, values in (("supply", t.supply), ("demand", t.demand), ("ease", t.ease),
                         ("potential_usd", t.potential), ("untapped_usd", untapped)):
        table = table.append_column(name, pa.array(values, type=pa.float64(), from_pandas=True))
    return PotentialTable(demo=cells.demo, exporter=exp, years=cells.years, table=table)
