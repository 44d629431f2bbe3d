"""What an adjacent-products run reads: exports by exporter × HS6, annual average over a
window, and the HS6 descriptions. See ``docs/complexity.md`` ("Data").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from chuhai.data.queries import messages as msg
from chuhai.data.queries.window import HS_REVISIONS, newest_revision
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError, NotFoundError, WarehouseError
from chuhai.messages import Message

__all__ = ["ExportRows", "descriptions", "fetch_exports"]

DEFAULT_YEARS = 5

EXPORTS_SQL = """
SELECT exporter, hs6, sum(value_usd) / ? AS v FROM trade
WHERE year BETWEEN ? AND ? AND hs_revision = (CASE year {case} END)
  AND exporter <> importer GROUP BY exporter, hs6 HAVING sum(value_usd) > 0
"""


@dataclass(frozen=True, slots=True)
class ExportRows:
    """One row per (exporter, hs6) with exports: NumPy columns ``exporter``, ``hs6``, ``v``
    (USD per year); the window's years, the revision used per year, notes on the years
    and on the revisions."""

    columns: dict[str, Any]  # name -> numpy array (DuckDB fetchnumpy)
    years: tuple[int, ...]
    revisions: dict[int, str]
    year_notes: tuple[Message, ...]
    revision_notes: tuple[Message, ...]

    @property
    def revision(self) -> str:
        """Revision(s) used, oldest first, comma-separated when the window mixes them."""
        used = sorted(set(self.revisions.values()),
                      key=lambda r: (r in HS_REVISIONS and HS_REVISIONS.index(r), r))
        return ",".join(used)


def fetch_exports(warehouse: Warehouse, *, years: tuple[int, int] | None = None,
                  hs_revision: str | None = None) -> ExportRows:
    """Exports by exporter × HS6 from ``trade``, summed over importers and averaged over
    the years of the window that hold data (default: the latest 5)."""
    try:
        with warehouse.connect() as con:
            window, notes = _window(con, years)
            revisions, rev_note = _revision(con, window, hs_revision)
            window = tuple(sorted(revisions))
            case = " ".join(f"WHEN {y} THEN '{r}'" for y, r in sorted(revisions.items()))
            cols = con.execute(EXPORTS_SQL.format(case=case),
                               [len(window), window[0], window[-1]]).fetchnumpy()
    except duckdb.Error as exc:
        raise WarehouseError(msg.QUERY_FAILED(query="exports"), home=str(warehouse.home), cause=str(exc)) from exc
    return ExportRows(dict(cols), window, revisions, tuple(notes), tuple(rev_note))


def _window(con: duckdb.DuckDBPyConnection,
            years: tuple[int, int] | None) -> tuple[tuple[int, ...], list[Message]]:
    held = [int(r[0]) for r in con.execute(
        "SELECT DISTINCT year FROM trade ORDER BY year").fetchall()]
    if not held:
        raise WarehouseError("the warehouse holds no trade rows: run `chuhai data import`")
    if years is None:
        return tuple(held[-DEFAULT_YEARS:]), []
    first, last = years
    if first > last:
        raise InputError(f"years {first}-{last}: the first year is after the last", field="years")
    window = tuple(y for y in held if first <= y <= last)
    if not window:
        raise NotFoundError(
            f"no trade data for {first}-{last}; the warehouse holds {held[0]}-{held[-1]}")
    notes: list[Message] = []
    missing = [y for y in range(first, last + 1) if y not in window]
    if missing:
        notes.append(msg.EXP_MISSING_YEARS(missing=tuple(missing), n=len(window)))
    return window, notes


def _revision(
    con: duckdb.DuckDBPyConnection, window: tuple[int, ...], wanted: str | None
) -> tuple[dict[int, str], list[Message]]:
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
            raise NotFoundError(
                f"no trade rows in {wanted} for the window; held: {', '.join(held)}")
        return {y: wanted for y, revs in by_year.items() if wanted in revs}, []
    chosen = {y: newest_revision(revs) for y, revs in by_year.items()}
    notes: list[Message] = []
    if any(len(revs) > 1 for revs in by_year.values()):
        notes.append(msg.EXP_SEVERAL_REVISIONS)
    if len(set(chosen.values())) > 1:
        notes.append(msg.EXP_MIXED_REVISIONS(revisions=tuple(sorted(set(chosen.values())))))
    return chosen, notes


def descriptions(warehouse: Warehouse, revision: str) -> dict[str, str]:
    """HS6 → description, preferring the newest revision of ``revision`` (comma list)."""
    with warehouse.connect() as con:
        rows = con.execute(
            "SELECT hs6, arg_max(description, hs_revision = ?) FROM products GROUP BY hs6",
            [revision.split(",")[-1]],
        ).fetchall()
    return {str(r[0]): str(r[1]) for r in rows}
