"""The exports an adjacent-products run reads: exporter × HS6, annual average over a window.

Reads the warehouse ``trade`` table only; see ``docs/complexity.md`` ("Data").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from chuhai.data.codes import HS_REVISIONS
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError, NotFoundError, WarehouseError
from chuhai.markets.complexity import export_matrix

__all__ = ["ExportWindow", "load_exports"]

DEFAULT_YEARS = 5
PARTIAL_WORLD_EXPORTERS = 100  # fewer exporters than this: say the "world" is partial


@dataclass(frozen=True, slots=True)
class ExportWindow:
    """Annual-average exports (USD per year) by exporter × HS6 over ``years``."""

    exporters: tuple[str, ...]
    products: tuple[str, ...]
    values: Any  # scipy.sparse.csr_matrix, C × P
    years: tuple[int, ...]
    hs_revision: str  # revision(s) used, comma-separated when the window mixes them
    notes: tuple[str, ...] = ()


def load_exports(
    warehouse: Warehouse, *, years: tuple[int, int] | None = None, hs_revision: str | None = None
) -> ExportWindow:
    """Exports by exporter × HS6 from ``trade``, summed over importers and averaged
    over the years of the window that hold data (default: the latest 5)."""
    try:
        with warehouse.connect() as con:
            window, notes = _window(con, years)
            revisions, rev_note = _revision(con, window, hs_revision)
            window = tuple(sorted(revisions))
            case = " ".join(f"WHEN {y} THEN '{r}'" for y, r in sorted(revisions.items()))
            rows = con.execute(
                "SELECT exporter, hs6, sum(value_usd) / ? AS v FROM trade "
                f"WHERE year BETWEEN ? AND ? AND hs_revision = (CASE year {case} END) "
                "AND exporter <> importer GROUP BY exporter, hs6 HAVING sum(value_usd) > 0",
                [len(window), window[0], window[-1]],
            ).fetchnumpy()
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot read trade from {warehouse.home}: {exc}") from exc
    exporters, products, values = export_matrix(rows["exporter"], rows["hs6"], rows["v"])
    if len(exporters) < PARTIAL_WORLD_EXPORTERS:
        notes.append(
            f"the warehouse holds exports of only {len(exporters)} countries: RCA and complexity "
            "are relative to them, not to the world"
        )
    used = sorted(set(revisions.values()), key=lambda r: (r in HS_REVISIONS and HS_REVISIONS.index(r), r))
    revision = ",".join(used)
    return ExportWindow(exporters, products, values, window, revision, tuple(notes + rev_note))


def _window(con: duckdb.DuckDBPyConnection, years: tuple[int, int] | None) -> tuple[tuple[int, ...], list[str]]:
    held = [int(r[0]) for r in con.execute("SELECT DISTINCT year FROM trade ORDER BY year").fetchall()]
    if not held:
        raise WarehouseError("the warehouse holds no trade rows: run `chuhai data import`")
    if years is None:
        return tuple(held[-DEFAULT_YEARS:]), []
    first, last = years
    if first > last:
        raise InputError(f"years {first}-{last}: the first year is after the last", field="years")
    window = tuple(y for y in held if first <= y <= last)
    if not window:
        raise NotFoundError(f"no trade data for {first}-{last}; the warehouse holds {held[0]}-{held[-1]}")
    notes = []
    missing = [y for y in range(first, last + 1) if y not in window]
    if missing:
        notes.append(f"no trade data for {', '.join(map(str, missing))}; averaged over {len(window)} years")
    return window, notes


#: The newest HS revision (chuhai.data.codes.HS_REVISIONS) held in a year is used for that year.


def _revision(
    con: duckdb.DuckDBPyConnection, window: tuple[int, ...], wanted: str | None
) -> tuple[dict[int, str], list[str]]:
    """HS revision used per year: ``wanted`` if given, else the newest held that year."""
    rows = con.execute(
        "SELECT DISTINCT year, hs_revision FROM trade WHERE year BETWEEN ? AND ?",
        [window[0], window[-1]],
    ).fetchall()
    by_year: dict[int, list[str]] = {}
    for year, rev in rows:
        by_year.setdefault(int(year), []).append(str(rev))
    if wanted is not None:
        if not any(wanted in revs for revs in by_year.values()):
            held = sorted({r for revs in by_year.values() for r in revs})
            raise NotFoundError(f"no trade rows in {wanted} for the window; held: {', '.join(held)}")
        return {y: wanted for y, revs in by_year.items() if wanted in revs}, []
    rank = {r: i for i, r in enumerate(HS_REVISIONS)}
    chosen = {y: max(revs, key=lambda r: rank.get(r, -1)) for y, revs in by_year.items()}
    notes = []
    if any(len(revs) > 1 for revs in by_year.values()):
        notes.append("some years are held in several HS revisions; the newest is used for each year")
    if len(set(chosen.values())) > 1:
        notes.append(f"the window mixes HS revisions ({', '.join(sorted(set(chosen.values())))}); "
                     "HS6 codes are compared as they are, not concorded")
    return chosen, notes
