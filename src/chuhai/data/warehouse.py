"""The local warehouse: one DuckDB file plus staged Parquet, with provenance.

Importers never write to the database. They parse and validate a file completely
into Parquet files in a staging directory (one per table, columns as in
:mod:`chuhai.data.schema`) and hand an :class:`ImportBatch` to
:meth:`Warehouse.apply`, which writes everything in one DuckDB transaction:
all or nothing. Before that transaction the database file is not opened for
writing, so a bad file leaves the warehouse byte-for-byte as it was.

Rules of :meth:`Warehouse.apply`:

* the same file (same sha256) twice changes nothing (status ``unchanged``);
* a file with the same ``scope`` as an earlier import replaces the earlier rows
  for the years it covers (or all of them, for tables without years), marks the
  earlier provenance row ``replaced-by:<id>`` and says so in ``note``;
* an *older* release than the one stored is refused unless ``allow_older``.

Trade rows are not stored in the database but in Parquet files
``<home>/trade/<import_id>/<year>.parquet`` (sorted by hs6, importer, exporter), listed
in the table ``trade_files``; ``trade`` is a VIEW over the live files that the import
transaction recreates (relative paths, resolved through DuckDB's ``file_search_path``
set to the home by :meth:`Warehouse.connect`, so a warehouse directory can be moved).
New files are written before the transaction, into the directory of the new import;
if anything fails they are removed, and files that no transaction made live (a crash)
are swept at the next write. Files a replacement made dead are deleted after COMMIT.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from chuhai.data import aggregates
from chuhai.data.batch import ImportBatch, ImportOutcome, TableLoad, file_sha256
from chuhai.data.home import DB_NAME, resolve_home
from chuhai.data.lock import gate, lock_wait, open_with_retry, say
from chuhai.data.messages import IMPORT_SAME_FILE, NO_WAREHOUSE, WAREHOUSE_COMMA
from chuhai.data.schema import SCHEMA_VERSION, ddl
from chuhai.data.tradefiles import (
    ROW_GROUP_SIZE,
    TRADE_DIR,
    delete_files,
    has_orphans,
    migrate_trade_table,
    place_trade,
    remove_empty,
    sql_literal,
    sweep_orphans,
)
from chuhai.data.transaction import write_batch
from chuhai.errors import ChuhaiError, WarehouseError

__all__ = [
    "DB_NAME",
    "ROW_GROUP_SIZE",
    "ImportBatch",
    "ImportOutcome",
    "TableLoad",
    "Warehouse",
    "file_sha256",
    "resolve_home",
]

class Warehouse:
    """A warehouse directory. Cheap to create; connections are short-lived.

    Parameters
    ----------
    home : directory holding ``chuhai.duckdb``; see :func:`resolve_home`.
    """

    def __init__(self, home: str | Path | None = None, *,
                 notify: Callable[[str], None] | None = None) -> None:
        self.home = resolve_home(home)
        self.db_path = self.home / DB_NAME
        #: says that a writer waits for another process (default: a line on stderr)
        self.notify: Callable[[str], None] = notify or say

    def __repr__(self) -> str:
        return f"Warehouse({str(self.home)!r})"

    # -- connections -----------------------------------------------------------------
    def exists(self) -> bool:
        return self.db_path.is_file()

    @contextmanager
    def connect(self, *, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection, closed on exit. Read-only unless asked otherwise;
        a writer creates the directory and the schema if needed."""
        if read_only and not self.exists():
            raise WarehouseError(NO_WAREHOUSE(), home=str(self.home))
        if "," in str(self.home.resolve()):
            # DuckDB's file_search_path (how the trade view finds its files) is comma-separated
            raise WarehouseError(WAREHOUSE_COMMA(), home=str(self.home))
        if not read_only:
            self.home.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + lock_wait()
        quiet: Callable[[str], None] = (lambda _m: None) if read_only else self.notify
        with ExitStack() as held:
            # a writer holds the gate until it closes, a reader only while it opens (see lock.py)
            held.enter_context(gate(self.home, exclusive=not read_only, deadline=deadline,
                                    notify=quiet))
            con = open_with_retry(self.db_path, read_only=read_only, deadline=deadline,
                                  notify=quiet)
            if read_only:
                held.close()
            try:
                con.execute(f"SET file_search_path = '{sql_literal(str(self.home.resolve()))}'")
                if not read_only:
                    self._ensure_schema(con)
                    migrate_trade_table(con, self.home)
                yield con
            finally:
                con.close()

    @staticmethod
    def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
        for stmt in ddl():
            con.execute(stmt)
        con.execute(
            "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING",
            [SCHEMA_VERSION],
        )

    def create(self) -> Warehouse:
        """Create an empty warehouse (schema only) if none exists."""
        with self.connect(read_only=False) as con:
            con.execute("CHECKPOINT")  # the schema is in the file, not only in the WAL
        return self

    # -- meta ------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        if not self.exists():
            return default
        with self.connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return default if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        with self.connect(read_only=False) as con:
            con.execute(
                "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def is_demo(self) -> bool:
        """True when the warehouse holds generated demo data (every output must say so)."""
        return self.get_meta("demo") == "true"

    # -- imports ---------------------------------------------------------------------
    def apply(self, batch: ImportBatch, *, allow_older: bool = False) -> ImportOutcome:
        """Write a staged batch atomically; see the module docstring for the rules."""
        for load in batch.loads:
            if not load.parquet.is_file():
                raise WarehouseError(f"staged file missing: {load.parquet}")
        done, orphans = None, False
        if self.exists():
            with self.connect() as con:
                if _has_table(con, "provenance"):
                    done = _already_imported(con, batch)
                    orphans = done is not None and has_orphans(con, self.home)
                    if done is None:
                        _check_release(con, batch, allow_older)
            if done is not None:
                if orphans:  # a crash left files behind: the writer sweeps them
                    with self.connect(read_only=False) as con:
                        sweep_orphans(con, self.home)
                        aggregates.sweep(con, self.home)
                return done
        with self.connect(read_only=False) as con:
            sweep_orphans(con, self.home)
            aggregates.sweep(con, self.home)
            # again under the write lock: a writer that went first may have imported it
            again = _already_imported(con, batch)
            if again is not None:
                return again
            _check_release(con, batch, allow_older)
            new_dir = self.home / TRADE_DIR / batch.import_id
            try:
                files = place_trade(con, batch, self.home, new_dir)
                # the new files' exporter-independent sums, read by every scan's cold start
                aggregates.build(con, self.home, [path for _, path, _, _ in files])
                con.execute("BEGIN TRANSACTION")
                try:
                    outcome, dead = write_batch(con, batch, files)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            except BaseException as exc:
                shutil.rmtree(new_dir, ignore_errors=True)
                remove_empty(self.home / TRADE_DIR)
                aggregates.discard(self.home, batch.import_id)
                if isinstance(exc, ChuhaiError):
                    raise
                if isinstance(exc, duckdb.Error | OSError):
                    raise WarehouseError(f"import of {batch.file} failed: {exc}") from exc
                raise
        delete_files(self.home, dead)
        aggregates.delete(self.home, dead)
        return outcome

    def provenance(self) -> list[dict[str, Any]]:
        """All provenance rows, oldest first."""
        if not self.exists():
            return []
        with self.connect() as con:
            cur = con.execute("SELECT * FROM provenance ORDER BY imported_at, import_id")
            names = [d[0] for d in cur.description]
            return [_jsonable(dict(zip(names, row, strict=True))) for row in cur.fetchall()]


def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchone()
    return bool(row and row[0])


def _already_imported(con: duckdb.DuckDBPyConnection, batch: ImportBatch) -> ImportOutcome | None:
    row = con.execute(
        "SELECT import_id, rows, value_usd FROM provenance WHERE sha256 = ? AND source = ? "
        "AND status = 'active'",
        [batch.sha256, batch.source],
    ).fetchone()
    if row is None:
        return None
    return ImportOutcome(
        import_id=row[0], source=batch.source, file=batch.file, sha256=batch.sha256,
        rows=int(row[1]), value_usd=row[2], status="unchanged",
        note=str(IMPORT_SAME_FILE()), notes=(IMPORT_SAME_FILE(),),
    )


def _check_release(con: duckdb.DuckDBPyConnection, batch: ImportBatch, allow_older: bool) -> None:
    if batch.release is None or allow_older:
        return
    rows = con.execute(
        "SELECT import_id, release FROM provenance WHERE scope = ? AND status = 'active' "
        "AND release IS NOT NULL AND release > ?",
        [batch.scope, batch.release],
    ).fetchall()
    if rows:
        raise WarehouseError(
            f"{batch.file}: release {batch.release} is older than release {rows[0][1]} already "
            f"stored ({rows[0][0]}); nothing imported (pass allow_older / --allow-older to downgrade)"
        )


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
