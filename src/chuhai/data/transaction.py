"""What one import does inside the warehouse's transaction (see
:meth:`chuhai.data.warehouse.Warehouse.apply`): replace rows and files of the same scope,
insert the new rows, switch the trade view, retire demo data, write provenance."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import duckdb

from chuhai.data import messages as M
from chuhai.data.batch import ImportBatch, ImportOutcome
from chuhai.data.overlap import first_shared_key
from chuhai.data.processes import replace_processes
from chuhai.data.schema import FILE_TABLES, TABLES, YEARLY_TABLES, data_columns
from chuhai.data.tradefiles import refresh_trade_view
from chuhai.errors import InputError
from chuhai.messages import Message

__all__ = ["CLUSTERED", "write_batch"]

#: Tables whose rows an import inserts in this order, so that DuckDB's per-row-group
#: min/max skips most of them for a query on a few lines: the scan's tariff look-up reads
#: one product's rows of a 7 M-row table, not all of them.
CLUSTERED = {"tariffs": "hs6, importer, partner, year"}


def write_batch(con: duckdb.DuckDBPyConnection, batch: ImportBatch,
                 files: list[tuple[int, str, int, float]]) -> tuple[ImportOutcome, list[str]]:
    """Inside the transaction: drop replaced rows and files, insert the new ones, switch
    the trade view, write provenance. Returns the outcome and the files now dead."""
    import_id = batch.import_id
    # An earlier, different file with the same id is impossible (id includes sha256);
    # a re-import after replacement reuses the id, so clear the old row first.
    con.execute("DELETE FROM provenance WHERE import_id = ?", [import_id])
    prior = [
        r[0]
        for r in con.execute(
            "SELECT import_id FROM provenance WHERE scope = ? AND status = 'active'", [batch.scope]
        ).fetchall()
    ]
    replaced: list[str] = []
    dead: list[str] = []
    tables = sorted({load.table for load in batch.loads})
    for table in tables:
        stored = "trade_files" if table in FILE_TABLES else table
        for old in prior:
            where = "import_id = ?"
            params: list[Any] = [old]
            if table in YEARLY_TABLES and batch.years:
                where += f" AND year IN ({','.join('?' * len(batch.years))})"
                params += list(batch.years)
            if stored == "trade_files":
                gone = con.execute(f"DELETE FROM trade_files WHERE {where} RETURNING path",
                                   params).fetchall()
                dead += [r[0] for r in gone]
                deleted = len(gone)
            else:
                row = con.execute(f"DELETE FROM {table} WHERE {where}", params).fetchone()
                deleted = int(row[0]) if row else 0
            if deleted and old not in replaced:
                replaced.append(old)
    for old in replace_processes(con, batch):
        if old not in replaced:
            replaced.append(old)
    for load in batch.loads:
        if load.table in FILE_TABLES:
            continue
        col_list = ", ".join(data_columns(load.table))
        clustered = load.table in CLUSTERED and not load.ordered  # else sorted by the importer
        order = f" ORDER BY {CLUSTERED[load.table]}" if clustered else ""
        con.execute(
            f"INSERT INTO {load.table} ({col_list}, import_id) "
            f"SELECT {col_list}, ? FROM read_parquet(?){order}",
            [import_id, str(load.parquet)],
        )
    for year, path, rows, value in files:
        con.execute("INSERT INTO trade_files VALUES (?, ?, ?, ?, ?)",
                    [import_id, year, path, rows, value])
    retired, notes = _retire_demo(con, batch)
    dead += retired
    _refuse_stored_repeats(con, batch, files)
    if files or dead:
        refresh_trade_view(con)
    for old in replaced:
        remaining = _rows_left(con, old)
        if remaining == 0:
            con.execute(
                "UPDATE provenance SET status = ? WHERE import_id = ?", [f"replaced-by:{import_id}", old]
            )
        notes.append(M.IMPORT_REPLACED_PROCESSES(old=old) if batch.ocids else
                     M.IMPORT_REPLACED_YEARS(old=old, years=batch.years) if batch.years else
                     M.IMPORT_REPLACED_ALL(old=old))
    note = "; ".join(str(n) for n in notes)  # the English text, kept in provenance and --json
    con.execute(
        "INSERT INTO provenance VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)",
        [
            import_id, batch.source, batch.file, batch.sha256, batch.release, batch.scope,
            ",".join(tables), ",".join(str(y) for y in batch.years) or None, batch.rows,
            batch.value_usd, datetime.now(UTC).replace(tzinfo=None), note or None,
        ],
    )
    outcome = ImportOutcome(
        import_id=import_id, source=batch.source, file=batch.file, sha256=batch.sha256,
        rows=batch.rows, value_usd=batch.value_usd,
        status="replaced" if replaced else "imported", replaced=tuple(replaced),
        note=note, notes=tuple(notes),
    )
    return outcome, dead


def _refuse_stored_repeats(con: duckdb.DuckDBPyConnection, batch: ImportBatch,
                           files: list[tuple[int, str, int, float]]) -> None:
    """InputError (the transaction rolls back) if the new trade files repeat a key of
    trade another live import holds (one that this import does not replace): the
    ``trade`` view would sum both, counting the flows twice."""
    years = sorted({year for year, _, _, _ in files})
    if not years:
        return
    others = con.execute(
        f"SELECT import_id, list(path ORDER BY path) FROM trade_files WHERE import_id <> ? "
        f"AND year IN ({','.join('?' * len(years))}) GROUP BY import_id ORDER BY import_id",
        [batch.import_id, *years]).fetchall()
    new = [path for _, path, _, _ in files]
    for other, paths in others:
        hit = first_shared_key(con, new, paths)
        if hit is None:
            continue
        n, key = hit
        origin = con.execute("SELECT source, file FROM provenance WHERE import_id = ?",
                             [other]).fetchone()
        what = f"{origin[0]} file {origin[1]}" if origin else other
        raise InputError(
            f"{n:,} trade rows repeat (year, exporter, importer, hs6, hs_revision) keys already "
            f"stored by import {other} ({what}), first {key}: both would be counted; nothing "
            "imported (a file of the same source and scope replaces the earlier one)",
            file=batch.file, field="trade key", duplicate_of=other)


#: Sources that may sit in a demo warehouse (reference data, not statistics: the UNSD HS
#: correlation tables among them); any other import replaces the demo data.
_DEMO_SOURCES = frozenset({"demo", "reference", "unsd-hs"})


def _retire_demo(con: duckdb.DuckDBPyConnection, batch: ImportBatch) -> tuple[list[str], list[Message]]:
    """Real data is never mixed with demo data: the first real import into a demo
    warehouse removes the demo rows and clears the flag, in the same transaction."""
    flag = con.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
    if batch.source in _DEMO_SOURCES or flag is None or flag[0] != "true":
        return [], []
    ids = [r[0] for r in con.execute(
        "SELECT import_id FROM provenance WHERE source = 'demo' AND status = 'active'").fetchall()]
    dead: list[str] = []
    for old in ids:
        dead += [r[0] for r in con.execute(
            "DELETE FROM trade_files WHERE import_id = ? RETURNING path", [old]).fetchall()]
        for table in _PROVENANCED:
            con.execute(f"DELETE FROM {table} WHERE import_id = ?", [old])
        con.execute("UPDATE provenance SET status = ? WHERE import_id = ?",
                    [f"replaced-by:{batch.import_id}", old])
    con.execute("UPDATE meta SET value = 'false' WHERE key = 'demo'")
    return dead, [M.IMPORT_DEMO_RETIRED()]


#: Every table whose rows carry the import that wrote them (trade: via trade_files).
_PROVENANCED = tuple(t for t, cols in TABLES.items() if any(c == "import_id" for c, _, _ in cols)
                     and t not in {"provenance", "trade_files"} | FILE_TABLES)


def _rows_left(con: duckdb.DuckDBPyConnection, import_id: str) -> int:
    row = con.execute("SELECT coalesce(sum(rows), 0) FROM trade_files WHERE import_id = ?",
                      [import_id]).fetchone()
    total = int(row[0]) if row else 0
    for table in _PROVENANCED:
        row = con.execute(f"SELECT count(*) FROM {table} WHERE import_id = ?", [import_id]).fetchone()
        total += int(row[0]) if row else 0
    return total
