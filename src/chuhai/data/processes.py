"""Contracting processes replaced by key: an OCDS import holds each of its processes in
full (its releases merged with those stored before, see :mod:`chuhai.data.sources.ocds`),
so inside the import's transaction the rows earlier imports hold for the same ``ocid``
are deleted, in every table with an ``ocid`` column and in ``contract_products`` (through
the award rows' ``contract_id``). An earlier import left with no rows is then marked
``replaced-by`` like any replaced import."""

from __future__ import annotations

import duckdb

from chuhai.data.batch import ImportBatch
from chuhai.data.schema import TABLES

__all__ = ["OCID_TABLES", "replace_processes"]

#: tables keyed by contracting process
OCID_TABLES = tuple(t for t, cols in TABLES.items() if any(c == "ocid" for c, _, _ in cols))


def replace_processes(con: duckdb.DuckDBPyConnection, batch: ImportBatch) -> list[str]:
    """Delete other imports' rows of ``batch.ocids``; the import ids that lost rows."""
    if not batch.ocids:
        return []
    con.execute("CREATE OR REPLACE TEMP TABLE _batch_ocids (ocid VARCHAR)")
    con.executemany("INSERT INTO _batch_ocids VALUES (?)", [[o] for o in batch.ocids])
    touched: set[str] = set()
    try:
        if "contract_products" in TABLES and "contract_awards" in OCID_TABLES:
            rows = con.execute(
                "DELETE FROM contract_products p USING contract_awards a "
                "WHERE p.source = a.source AND p.contract_id = a.contract_id "
                "AND a.ocid IN (SELECT ocid FROM _batch_ocids) AND a.import_id <> ? "
                "RETURNING p.import_id", [batch.import_id]).fetchall()
            touched |= {r[0] for r in rows}
        for table in OCID_TABLES:
            rows = con.execute(
                f"DELETE FROM {table} WHERE ocid IN (SELECT ocid FROM _batch_ocids) "
                "AND import_id <> ? RETURNING import_id", [batch.import_id]).fetchall()
            touched |= {r[0] for r in rows}
    finally:
        con.execute("DROP TABLE IF EXISTS _batch_ocids")
    return sorted(touched)
