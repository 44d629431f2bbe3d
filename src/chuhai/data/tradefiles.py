"""Trade rows as Parquet files behind the ``trade`` view.

Trade rows live in ``<home>/trade/<import_id>/<year>.parquet`` (sorted by hs6, importer,
exporter), listed in the table ``trade_files``; ``trade`` is a VIEW over the live files,
recreated inside the import transaction. Paths are relative to the home and resolved
through DuckDB's ``file_search_path``, so a warehouse directory can be moved. Files that no
transaction made live (a crash) are swept at the next write.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from chuhai.data.batch import ImportBatch
from chuhai.data.schema import (
    FILE_TABLES,
    SCHEMA_VERSION,
    column_type,
    data_columns,
    empty_select,
    not_null,
)
from chuhai.errors import WarehouseError

__all__ = [
    "ROW_GROUP_SIZE",
    "TRADE_DIR",
    "checked_columns",
    "delete_files",
    "has_orphans",
    "migrate_trade_table",
    "place_trade",
    "refresh_trade_view",
    "remove_empty",
    "sql_literal",
    "sweep_orphans",
]

TRADE_DIR = "trade"
#: Rows per Parquet row group: small enough that a one-product query skips most groups.
ROW_GROUP_SIZE = 122_880


def place_trade(con: duckdb.DuckDBPyConnection, batch: ImportBatch, home: Path,
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
                f"COPY (SELECT {checked_columns('trade')} FROM read_parquet('{sql_literal(str(load.parquet))}')"
                f" WHERE year = {int(year)} ORDER BY hs6, importer, exporter) TO '{sql_literal(str(dest))}' "
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


def checked_columns(table: str) -> str:
    """The data columns cast to their types; a NULL in a NOT NULL column aborts."""
    required = set(not_null(table))
    out = []
    for col in data_columns(table):
        expr = f"CAST({col} AS {column_type(table, col)})"
        if col in required:
            expr = f"CASE WHEN {col} IS NULL THEN error('{table}.{col} is NULL') ELSE {expr} END"
        out.append(f"{expr} AS {col}")
    return ", ".join(out)


def refresh_trade_view(con: duckdb.DuckDBPyConnection) -> None:
    """Recreate the ``trade`` view over the files ``trade_files`` lists (paths relative
    to the home, found through ``file_search_path``)."""
    groups = con.execute("SELECT import_id, list(path ORDER BY year, path) FROM trade_files "
                         "GROUP BY import_id ORDER BY import_id").fetchall()
    cols = ", ".join(data_columns("trade"))
    parts = [
        f"SELECT {cols}, '{sql_literal(import_id)}' AS import_id FROM read_parquet(["
        + ", ".join(f"'{sql_literal(p)}'" for p in paths) + "])"
        for import_id, paths in groups
    ]
    body = " UNION ALL ".join(parts) if parts else empty_select("trade")
    con.execute(f"CREATE OR REPLACE VIEW trade AS {body}")


def migrate_trade_table(con: duckdb.DuckDBPyConnection, home: Path) -> None:
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
                f"'{sql_literal(import_id)}' AND year = {int(year)} ORDER BY hs6, importer, exporter) "
                f"TO '{sql_literal(str(dest))}' (FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
            con.execute("INSERT INTO trade_files SELECT ?, ?, ?, count(*), coalesce(sum(value_usd), 0) "
                        "FROM read_parquet(?)",
                        [import_id, int(year), dest.relative_to(home).as_posix(), str(dest)])
        con.execute("DROP TABLE trade")
        refresh_trade_view(con)
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [SCHEMA_VERSION])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _orphans(con: duckdb.DuckDBPyConnection, home: Path) -> list[Path]:
    root = home / TRADE_DIR
    if not root.is_dir():
        return []
    live = {r[0] for r in con.execute("SELECT path FROM trade_files").fetchall()}
    return [path for path in sorted(root.rglob("*"))
            if path.is_file() and path.relative_to(home).as_posix() not in live]


def has_orphans(con: duckdb.DuckDBPyConnection, home: Path) -> bool:
    """True if files under ``<home>/trade`` are not listed in ``trade_files``."""
    return bool(_orphans(con, home))


def sweep_orphans(con: duckdb.DuckDBPyConnection, home: Path) -> None:
    """Delete files under ``<home>/trade`` that ``trade_files`` does not list (left by a
    crash between writing files and COMMIT, or by a delete that did not finish). Only a
    writer may call it: a reader could see another writer's files before its COMMIT."""
    for path in _orphans(con, home):
        path.unlink(missing_ok=True)
    remove_empty(home / TRADE_DIR)


def remove_empty(root: Path) -> None:
    if not root.is_dir():
        return
    for directory in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    if not any(root.iterdir()):
        root.rmdir()


def delete_files(home: Path, paths: list[str]) -> None:
    """Delete files made dead by a committed transaction (best effort: a survivor is an
    orphan swept at the next write)."""
    for rel in paths:
        try:
            (home / rel).unlink(missing_ok=True)
        except OSError:
            continue
    remove_empty(home / TRADE_DIR)


def sql_literal(text: str) -> str:
    """``text`` quoted for a single-quoted SQL string literal."""
    return text.replace("'", "''")
