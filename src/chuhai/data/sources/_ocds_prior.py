"""What an OCDS import reads from the warehouse before it is applied: the releases stored
for the processes of the file (merged with the file's, so a process published as several
files ends as one compiled release) and official exchange rates (indicator
``fx_lcu_per_usd``) for the USD amounts. Both are empty for a new warehouse."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import duckdb

from chuhai.data.reference.fx import UsdRates
from chuhai.data.warehouse import Warehouse

__all__ = ["stored_rates", "stored_releases"]


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                      [table]).fetchone()
    return bool(row and row[0])


def stored_releases(warehouse: Warehouse | None
                    ) -> Callable[[list[str]], dict[str, list[dict[str, Any]]]]:
    """A function: ocids -> the releases the warehouse holds for them (as JSON objects)."""
    def prior(ocids: list[str]) -> dict[str, list[dict[str, Any]]]:
        if warehouse is None or not warehouse.exists() or not ocids:
            return {}
        out: dict[str, list[dict[str, Any]]] = {}
        with warehouse.connect() as con:
            if not _has(con, "ocds_releases"):
                return {}
            con.execute("CREATE TEMP TABLE _want (ocid VARCHAR)")
            con.executemany("INSERT INTO _want VALUES (?)", [[o] for o in ocids])
            rows = con.execute(
                "SELECT r.ocid, r.body FROM ocds_releases r SEMI JOIN _want w USING (ocid) "
                "ORDER BY r.ocid, r.release_date, r.release_id").fetchall()
        for ocid, body in rows:
            out.setdefault(ocid, []).append(json.loads(body))
        return out
    return prior


def stored_rates(warehouse: Warehouse | None) -> Callable[[str, int], float | None]:
    """A function: (currency, year) -> local currency units per USD, from the official
    rates the warehouse stores per country, through the currency's issuer, monetary union
    or peg (:class:`~chuhai.data.reference.fx.UsdRates`); None if absent."""
    table: dict[tuple[str, int], float] = {}
    if warehouse is not None and warehouse.exists():
        with warehouse.connect() as con:
            if _has(con, "indicators"):
                for iso3, year, value in con.execute(
                        "SELECT iso3, year, value FROM indicators "
                        "WHERE indicator = 'fx_lcu_per_usd' AND value > 0").fetchall():
                    table[(iso3, int(year))] = float(value)
    return UsdRates(table).rate
