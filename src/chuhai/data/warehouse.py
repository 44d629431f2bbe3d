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

import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import platformdirs

from chuhai.data.schema import (
    FILE_TABLES,
    SCHEMA_VERSION,
    TABLES,
    YEARLY_TABLES,
    column_type,
    data_columns,
    ddl,
    empty_select,
    not_null,
)
from chuhai.errors import ChuhaiError, WarehouseError

__all__ = [
    "DB_NAME",
    "ImportBatch",
    "ImportOutcome",
    "TableLoad",
    "Warehouse",
    "file_sha256",
    "resolve_home",
]

DB_NAME = "chuhai.duckdb"
ENV_HOME = "CHUHAI_HOME"
TRADE_DIR = "trade"
#: Rows per Parquet row group: small enough that a one-product query reads few of them.
ROW_GROUP_SIZE = 122_880


def resolve_home(path: str | Path | None = None) -> Path:
    """The warehouse directory: ``path`` if given, else ``$CHUHAI_HOME``, else the
    per-user data directory (``platformdirs.user_data_dir("chuhai")``)."""
    if path is not None and str(path) != "":
        return Path(path).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("chuhai", appauthor=False))


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    """sha256 of a file's bytes, streamed."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class TableLoad:
    """Rows for one table, staged as a Parquet file with ``schema.data_columns(table)``.

    For ``trade`` an importer may stage a file already in the stored layout: the rows of
    one ``year`` only, columns typed as in the schema, no NULL in NOT NULL columns,
    sorted by (hs6, importer, exporter). :meth:`Warehouse.apply` then moves the file into
    the warehouse as it is instead of rewriting it.
    """

    table: str
    parquet: Path
    rows: int
    year: int | None = None


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """Everything one imported file contributes, validated and staged."""

    source: str
    file: str
    sha256: str
    scope: str
    loads: tuple[TableLoad, ...]
    release: str | None = None
    years: tuple[int, ...] = ()
    value_usd: float | None = None

    @property
    def import_id(self) -> str:
        return f"{self.source}-{self.sha256[:16]}"

    @property
    def rows(self) -> int:
        return sum(load.rows for load in self.loads)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What :meth:`Warehouse.apply` did."""

    import_id: str
    source: str
    file: str
    sha256: str
    rows: int
    value_usd: float | None
    status: str  # "imported" | "unchanged" | "replaced"
    replaced: tuple[str, ...] = field(default=())
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "file": self.file,
            "sha256": self.sha256,
            "rows": self.rows,
            "value_usd": self.value_usd,
            "import_id": self.import_id,
            "status": self.status,
            "replaced": list(self.replaced),
            "note": self.note,
        }


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
        if not read_only:
            self.home.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(self.db_path), read_only=read_only)
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open warehouse {self.db_path}: {exc}") from exc
        try:
            con.execute(f"SET file_search_path = '{_sql(str(self.home.resolve()))}'")
            if not read_only:
                self._ensure_schema(con)
                _migrate_trade_table(con, self.home)
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
            _sweep_orphans(con, self.home)
            new_dir = self.home / TRADE_DIR / batch.import_id
            try:
                files = _place_trade(con, batch, self.home, new_dir)
                con.execute("BEGIN TRANSACTION")
                try:
                    outcome, dead = _write_batch(con, batch, files)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            except BaseException as exc:
                shutil.rmtree(new_dir, ignore_errors=True)
                _remove_empty(self.home / TRADE_DIR)
                if isinstance(exc, ChuhaiError):
                    raise
                if isinstance(exc, duckdb.Error | OSError):
                    raise WarehouseError(f"import of {batch.file} failed: {exc}") from exc
                raise
        _delete_files(self.home, dead)
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
    if files or dead:
        _refresh_trade_view(con)
    note = ""
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


# -- trade files ---------------------------------------------------------------------------
def _place_trade(con: duckdb.DuckDBPyConnection, batch: ImportBatch, home: Path,
                 new_dir: Path) -> list[tuple[int, str, int, float]]:
    """Write (or move) the batch's trade rows into ``new_dir`` as one Parquet file per
    year; return ``(year, path relative to home, rows, value_usd)`` per file."""
    loads = [load for load in batch.loads if load.table in FILE_TABLES]
    if not loads:
        return []
    if new_dir.exists():  # only dead files can be there: a live import is "unchanged"
        shutil.rmtree(new_dir)
    new_dir.mkdir(parents=True)
    written: list[tuple[int, Path]] = []
    for load in loads:
        if load.year is not None:
            dest = _free_name(new_dir, load.year)
            shutil.move(load.parquet, dest)
            written.append((load.year, dest))
            continue
        years = [r[0] for r in con.execute(
            "SELECT DISTINCT year FROM read_parquet(?) ORDER BY 1", [str(load.parquet)]).fetchall()]
        if any(y is None for y in years):
            raise WarehouseError(f"import of {batch.file} failed: trade.year is NULL in a staged row")
        for year in years:
            dest = _free_name(new_dir, int(year))
            con.execute(
                f"COPY (SELECT {_checked_columns('trade')} FROM read_parquet('{_sql(str(load.parquet))}')"
                f" WHERE year = {int(year)} ORDER BY hs6, importer, exporter) TO '{_sql(str(dest))}' "
                f"(FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
            written.append((int(year), dest))
    out = []
    for year, dest in written:
        row = con.execute("SELECT count(*), coalesce(sum(value_usd), 0) FROM read_parquet(?)",
                          [str(dest)]).fetchone()
        assert row is not None
        out.append((year, dest.relative_to(home).as_posix(), int(row[0]), float(row[1])))
    return out


def _free_name(directory: Path, year: int) -> Path:
    dest = directory / f"{year}.parquet"
    n = 1
    while dest.exists():
        dest, n = directory / f"{year}-{n}.parquet", n + 1
    return dest


def _checked_columns(table: str) -> str:
    """The data columns cast to their types; a NULL in a NOT NULL column aborts."""
    required = set(not_null(table))
    out = []
    for col in data_columns(table):
        expr = f"CAST({col} AS {column_type(table, col)})"
        if col in required:
            expr = f"CASE WHEN {col} IS NULL THEN error('{table}.{col} is NULL') ELSE {expr} END"
        out.append(f"{expr} AS {col}")
    return ", ".join(out)


def _refresh_trade_view(con: duckdb.DuckDBPyConnection) -> None:
    """Recreate the ``trade`` view over the files ``trade_files`` lists (paths relative
    to the home, found through ``file_search_path``)."""
    groups = con.execute("SELECT import_id, list(path ORDER BY year, path) FROM trade_files "
                         "GROUP BY import_id ORDER BY import_id").fetchall()
    cols = ", ".join(data_columns("trade"))
    parts = [
        f"SELECT {cols}, '{_sql(import_id)}' AS import_id FROM read_parquet(["
        + ", ".join(f"'{_sql(p)}'" for p in paths) + "])"
        for import_id, paths in groups
    ]
    body = " UNION ALL ".join(parts) if parts else empty_select("trade")
    con.execute(f"CREATE OR REPLACE VIEW trade AS {body}")


def _migrate_trade_table(con: duckdb.DuckDBPyConnection, home: Path) -> None:
    """A warehouse of schema 1 kept trade rows in a table: move them into Parquet files
    (one transaction; the files are orphans, swept later, if it fails)."""
    kind = con.execute("SELECT table_type FROM information_schema.tables "
                       "WHERE table_name = 'trade'").fetchone()
    if kind is None or kind[0] != "BASE TABLE":
        return
    groups = con.execute("SELECT DISTINCT import_id, year FROM trade ORDER BY 1, 2").fetchall()
    con.execute("BEGIN TRANSACTION")
    try:
        for import_id, year in groups:
            dest = _free_name(home / TRADE_DIR / import_id, int(year))
            dest.parent.mkdir(parents=True, exist_ok=True)
            con.execute(
                f"COPY (SELECT {', '.join(data_columns('trade'))} FROM trade WHERE import_id = "
                f"'{_sql(import_id)}' AND year = {int(year)} ORDER BY hs6, importer, exporter) "
                f"TO '{_sql(str(dest))}' (FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
            con.execute("INSERT INTO trade_files SELECT ?, ?, ?, count(*), coalesce(sum(value_usd), 0) "
                        "FROM read_parquet(?)",
                        [import_id, int(year), dest.relative_to(home).as_posix(), str(dest)])
        con.execute("DROP TABLE trade")
        _refresh_trade_view(con)
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [SCHEMA_VERSION])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _sweep_orphans(con: duckdb.DuckDBPyConnection, home: Path) -> None:
    """Delete files under ``<home>/trade`` that ``trade_files`` does not list (left by a
    crash between writing files and COMMIT, or by a delete that did not finish)."""
    root = home / TRADE_DIR
    if not root.is_dir():
        return
    live = {r[0] for r in con.execute("SELECT path FROM trade_files").fetchall()}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.relative_to(home).as_posix() not in live:
            path.unlink()
    _remove_empty(root)


def _remove_empty(root: Path) -> None:
    if not root.is_dir():
        return
    for directory in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    if not any(root.iterdir()):
        root.rmdir()


def _delete_files(home: Path, paths: list[str]) -> None:
    """Delete files made dead by a committed transaction (best effort: a survivor is an
    orphan swept at the next write)."""
    for rel in paths:
        try:
            (home / rel).unlink(missing_ok=True)
        except OSError:
            continue
    _remove_empty(home / TRADE_DIR)


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


def _sql(text: str) -> str:
    return text.replace("'", "''")


def _years_text(years: tuple[int, ...]) -> str:
    return "all years" if not years else ", ".join(str(y) for y in years)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
