"""The exports an adjacent-products run reads: exporter × HS6, annual average over a
window, as a sparse matrix. The SQL is on the read side
(:func:`chuhai.data.queries.exports.fetch_exports`); see ``docs/complexity.md`` ("Data").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chuhai.data.queries.exports import fetch_exports
from chuhai.data.warehouse import Warehouse
from chuhai.markets import messages as msg
from chuhai.markets.complexity import export_matrix
from chuhai.messages import Message

__all__ = ["ExportWindow", "load_exports"]

PARTIAL_WORLD_EXPORTERS = 100  # fewer exporters than this: say the "world" is partial


@dataclass(frozen=True, slots=True)
class ExportWindow:
    """Annual-average exports (USD per year) by exporter × HS6 over ``years``."""

    exporters: tuple[str, ...]
    products: tuple[str, ...]
    values: Any  # scipy.sparse.csr_matrix, C × P
    years: tuple[int, ...]
    hs_revision: str  # revision(s) used, comma-separated when the window mixes them
    notes: tuple[Message, ...] = ()


def load_exports(
    warehouse: Warehouse, *, years: tuple[int, int] | None = None, hs_revision: str | None = None
) -> ExportWindow:
    """Exports by exporter × HS6 from ``trade``, summed over importers and averaged
    over the years of the window that hold data (default: the latest 5)."""
    rows = fetch_exports(warehouse, years=years, hs_revision=hs_revision)
    cols = rows.columns
    exporters, products, values = export_matrix(cols["exporter"], cols["hs6"], cols["v"])
    notes = list(rows.year_notes)
    if len(exporters) < PARTIAL_WORLD_EXPORTERS:
        notes.append(msg.ADJ_FEW_EXPORTERS(n=len(exporters)))
    return ExportWindow(exporters, products, values, rows.years, rows.revision,
                        tuple(notes) + rows.revision_notes)
