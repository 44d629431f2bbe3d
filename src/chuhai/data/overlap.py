"""Repeated trade keys across the parts of one import or across imports: never a silent sum.

A trade key is (year, exporter, importer, hs6) within one HS revision (the markets engine
reads one revision per year). Two staged files, or a staged file and a stored one, that
hold the same key would be summed by the ``trade`` view: the flow counted twice. Both
checks run a semi-join over the Parquet files and cost nothing when no other file covers
the same years.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from chuhai.data.tradefiles import sql_literal

__all__ = ["KEY", "first_shared_key"]

#: The columns that identify one trade flow.
KEY = ("year", "exporter", "importer", "hs6", "hs_revision")


def _files(paths: Sequence[str]) -> str:
    return "[" + ", ".join(f"'{sql_literal(p)}'" for p in paths) + "]"


def first_shared_key(con: duckdb.DuckDBPyConnection, new: Sequence[str],
                     old: Sequence[str]) -> tuple[int, tuple[object, ...]] | None:
    """``(number of rows of new whose key is in old, first such key)``, None if none."""
    if not new or not old:
        return None
    keys = ", ".join(KEY)
    row = con.execute(
        f"WITH n AS (SELECT {keys} FROM read_parquet({_files(new)})), "
        f"o AS (SELECT DISTINCT {keys} FROM read_parquet({_files(old)})), "
        f"hit AS (SELECT n.* FROM n SEMI JOIN o USING ({keys})) "
        f"SELECT count(*), min(({keys})) FROM hit").fetchone()
    if row is None or not row[0]:
        return None
    first = row[1]
    key = tuple(first.values()) if isinstance(first, dict) else tuple(first)
    return int(row[0]), key
