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

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import platformdirs

from chuhai.data.batch import ImportBatch, ImportOutcome, TableLoad, file_sha256
from chuhai.data.schema import FILE_TABLES, SCHEMA_VERSION, TABLES, YEARLY_TABLES, data_columns, ddl
from chuhai.data.tradefiles import (
    ROW_GROUP_SIZE,
    TRADE_DIR,
    delete_files,
    migrate_trade_table,
    place_trade,
    refresh_trade_view,
    remove_empty,
    sql_literal,
    sweep_orphans,
)
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

DB_NAME = "chuhai.duckdb"
ENV_HOME = "CHUHAI_HOME"


def resolve_home(path: str | Path | None = None) -> Path:
    """The warehouse directory: ``path`` if given, else ``$CHUHAI_HOME``, else the
    per-user data directory (``platformdirs.user_data_dir("chuhai")``)."""
    if path is not None and str(path) != "":
        return Path(path).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("chuhai", appauthor=False))


class Warehouse:
    """A warehouse directory. Cheap to create; connections are short-lived.

    Parameters
    ----------
    home : directory holding ``chuhai.duckdb``; see :func:`resolve_home`.
    """

    def __init__(self, home: str | Path | None = None) -> None:
        self.home = resolve_home(home)
        self.db_path = self.home / DB_NAME

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
            raise WarehouseError(
                f"no warehouse at {self.home}: run `chuhai data demo` or `chuhai data import`",
                home=str(self.home),
            )
        if "," in str(self.home.resolve()):
            # DuckDB's file_search_path (how the trade view finds its files) is comma-separated
            raise WarehouseError(f"the warehouse path {self.home} contains a comma; choose another",
                                 home=str(self.home))
        if not read_only:
            self.home.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(self.db_path), read_only=read_only)
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open warehouse {self.db_path}: {exc}") from exc
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
        with self.connect(read_only=False):
            pass
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
        if self.exists():
            with self.connect() as con:
                if _has_table(con, "provenance"):
                    done = _already_imported(con, batch)
                    if done is not None:
                        return done
                    _check_release(con, batch, allow_older)
        with self.connect(read_only=False) as con:
            sweep_orphans(con, self.home)
            new_dir = self.home / TRADE_DIR / batch.import_id
            try:
                files = place_trade(con, batch, self.home, new_dir)
                con.execute("BEGIN TRANSACTION")
                try:
                    outcome, dead = _write_batch(con, batch, files)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            except BaseException as exc:
                shutil.rmtree(new_dir, ignore_errors=True)
                remove_empty(self.home / TRADE_DIR)
                if isinstance(exc, ChuhaiError):
                    raise
                if isinstance(exc, duckdb.Error | OSError):
                    raise WarehouseError(f"import of {batch.file} failed: {exc}") from exc
                raise
        delete_files(self.home, dead)
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
        note="the same file was imported before; nothing changed",
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


def _write_batch(con: duckdb.DuckDBPyConnection, batch: ImportBatch,
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
    for load in batch.loads:
        if load.table in FILE_TABLES:
            continue
        col_list = ", ".join(data_columns(load.table))
        con.execute(
            f"INSERT INTO {load.table} ({col_list}, import_id) "
            f"SELECT {col_list}, ? FROM read_parquet(?)",
            [import_id, str(load.parquet)],
        )
    for year, path, rows, value in files:
        con.execute("INSERT INTO trade_files VALUES (?, ?, ?, ?, ?)",
                    [import_id, year, path, rows, value])
    retired, note = _retire_demo(con, batch)
    dead += retired
    if files or dead:
        refresh_trade_view(con)
    for old in replaced:
        remaining = _rows_left(con, old)
        if remaining == 0:
            con.execute(
                "UPDATE provenance SET status = ? WHERE import_id = ?", [f"replaced-by:{import_id}", old]
            )
        note += f"replaced rows of {old} for {_years_text(batch.years)}; "
    con.execute(
        "INSERT INTO provenance VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)",
        [
            import_id, batch.source, batch.file, batch.sha256, batch.release, batch.scope,
            ",".join(tables), ",".join(str(y) for y in batch.years) or None, batch.rows,
            batch.value_usd, datetime.now(UTC).replace(tzinfo=None), note.strip("; ") or None,
        ],
    )
    outcome = ImportOutcome(
        import_id=import_id, source=batch.source, file=batch.file, sha256=batch.sha256,
        rows=batch.rows, value_usd=batch.value_usd,
        status="replaced" if replaced else "imported", replaced=tuple(replaced),
        note=note.strip("; "),
    )
    return outcome, dead


#: Sources that may sit in a demo warehouse; any other import replaces the demo data.
_DEMO_SOURCES = frozenset({"demo", "reference"})


def _retire_demo(con: duckdb.DuckDBPyConnection, batch: ImportBatch) -> tuple[list[str], str]:
    """Real data is never mixed with demo data: the first real import into a demo
    warehouse removes the demo rows and clears the flag, in the same transaction."""
    flag = con.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
    if batch.source in _DEMO_SOURCES or flag is None or flag[0] != "true":
        return [], ""
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
    return dead, "removed the demo data: real data is never mixed with demo data; "


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


def _years_text(years: tuple[int, ...]) -> str:
    return "all years" if not years else ", ".join(str(y) for y in years)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
