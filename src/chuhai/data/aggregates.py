"""Exporter-independent sums of each trade file, persisted beside it (the read side's
cold start is then the cost of reading a few small files, not a pass over every flow).

Every live trade file ``trade/<import_id>/<year>.parquet`` has, under
``<home>/aggregates/v<AGG_VERSION>/``, the same relative path with four sums of its rows
(:data:`SIDECARS`), one file each:

* ``pairs`` (year, hs_revision, exporter, importer, v_all, v): every pair's value; ``v``
  leaves out flows of a country to itself (NULL when only those), ``v_all`` counts them;
* ``mk``    (year, hs_revision, importer, hs6, v): each market's imports of each line;
* ``ek``    (year, hs_revision, exporter, hs6, v): each exporter's exports of each line;
* ``k``     (year, hs_revision, hs6, v): the world's trade of each line.

``mk``, ``ek`` and ``k`` leave out flows of a country to itself. A trade file never
changes while it is live, so its sums are keyed by its path: an import builds the sums
of the files it writes before its transaction (:meth:`Warehouse.apply`; removed with the
files if the import fails), files a replacement makes dead lose their sums with them, and
a warehouse written before this module (or after a crash) gets them on first read
(:func:`ensure`), under a build lock, each file written whole (temp file, ``os.replace``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from chuhai.data.leftovers import pid_alive
from chuhai.data.messages import SUMS_UNWRITABLE
from chuhai.data.tradefiles import TRADE_DIR, sql_literal
from chuhai.errors import WarehouseError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["AGG_DIR", "AGG_VERSION", "SIDECARS", "build", "delete", "discard", "ensure", "sidecar", "stored",
           "sweep"]

AGG_DIR = "aggregates"
#: Bumped when a sidecar's columns or meaning change: older sums are then rebuilt.
AGG_VERSION = 1
#: sidecar name -> the grouping set's columns (after year, hs_revision)
SIDECARS: dict[str, tuple[str, ...]] = {
    "pairs": ("exporter", "importer"),
    "mk": ("importer", "hs6"),
    "ek": ("exporter", "hs6"),
    "k": ("hs6",),
}
_LOCK_NAME = ".build.lock"
_WINDOWS = "windows"
_thread_lock = threading.Lock()


def root(home: Path) -> Path:
    return home / AGG_DIR / f"v{AGG_VERSION}"


def _spare_root(home: Path) -> Path:
    """Where the sums of a warehouse in a read-only directory go (this user's temp dir)."""
    key = hashlib.sha256(str(home.resolve()).encode()).hexdigest()[:16]
    user = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"chuhai-{AGG_DIR}-{user}" / key / f"v{AGG_VERSION}"


def sidecar(home: Path, trade_path: str, name: str, *, base: Path | None = None) -> Path:
    """Where the sums ``name`` of the trade file ``trade_path`` (relative to home) live."""
    rel = trade_path[: -len(".parquet")] if trade_path.endswith(".parquet") else trade_path
    return (base or root(home)) / f"{rel}.{name}.parquet"


_PAIRS_SQL = """
SELECT year, hs_revision, exporter, importer, sum(value_usd) AS v_all,
       sum(value_usd) FILTER (WHERE exporter <> importer) AS v
FROM read_parquet('{path}') GROUP BY ALL
"""
_LINES_SQL = """
SELECT year, hs_revision, {keys}, sum(value_usd) AS v
FROM read_parquet('{path}') WHERE exporter <> importer GROUP BY ALL
"""
_K_SQL = "SELECT year, hs_revision, hs6, sum(v) AS v FROM _aggsum_mk GROUP BY ALL"


def _sums(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, pa.Table]:
    """The four sums of one trade file: three passes over it (``k`` is summed from ``mk``),
    on a cursor of ``con`` (whatever result ``con`` holds stays untouched)."""
    lit = sql_literal(str(path))
    with con.cursor() as cur:
        out = {"pairs": cur.sql(_PAIRS_SQL.format(path=lit)).to_arrow_table()}
        for name in ("mk", "ek"):
            out[name] = cur.sql(_LINES_SQL.format(
                path=lit, keys=", ".join(SIDECARS[name]))).to_arrow_table()
        cur.register("_aggsum_mk", out["mk"])
        out["k"] = cur.sql(_K_SQL).to_arrow_table()
    return out


def _write(table: pa.Table, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f"{dest.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def build(con: duckdb.DuckDBPyConnection, home: Path, trade_paths: Iterable[str], *,
          base: Path | None = None) -> None:
    """Compute and write the sums of each trade file (paths relative to ``home``)."""
    for rel in trade_paths:
        for name, table in _sums(con, home / rel).items():
            _write(table, sidecar(home, rel, name, base=base))


def _complete(home: Path, rel: str, base: Path) -> bool:
    return all(sidecar(home, rel, name, base=base).is_file() for name in SIDECARS)


@contextmanager
def _build_lock(base: Path) -> Iterator[None]:
    """One builder at a time per warehouse (threads of this process, then processes)."""
    with _thread_lock:
        base.mkdir(parents=True, exist_ok=True)
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        fd = os.open(base / _LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def ensure(con: duckdb.DuckDBPyConnection, home: Path) -> dict[str, list[str]]:
    """Per sidecar name, the files of every live trade file (absolute paths), after
    building those missing (under the build lock). A warehouse in a directory that cannot
    be written keeps them in this user's temp directory instead."""
    live = [str(r[0]) for r in con.execute("SELECT path FROM trade_files ORDER BY path").fetchall()]
    found: dict[str, Path] = {}
    todo = []
    for rel in live:
        base = next((b for b in (root(home), _spare_root(home)) if _complete(home, rel, b)), None)
        if base is None:
            todo.append(rel)
        else:
            found[rel] = base
    for base in (root(home), _spare_root(home)):
        if not todo:
            break
        try:
            with _build_lock(base):
                build(con, home, [rel for rel in todo if not _complete(home, rel, base)], base=base)
        except OSError:
            continue
        found.update({rel: base for rel in todo})
        todo = []
    if todo:
        raise WarehouseError(SUMS_UNWRITABLE(), home=str(home))
    return {name: [str(sidecar(home, rel, name, base=found[rel])) for rel in live]
            for name in SIDECARS}


def stored(con: duckdb.DuckDBPyConnection, home: Path, name: str, key: tuple[object, ...],
           compute: Callable[[], pa.Table]) -> pa.Table:
    """A table derived from the live files' sums (``compute()``), persisted under
    ``windows/`` keyed by ``name``, ``key`` and the live files: read when present, else
    computed and written whole under the build lock (not persisted where nothing can be
    written). Files of a warehouse state that is gone are swept by the next import."""
    live = [str(r[0]) for r in con.execute("SELECT path FROM trade_files ORDER BY path").fetchall()]
    digest = hashlib.sha256(repr((name, key, live)).encode()).hexdigest()[:32]
    for base in (root(home), _spare_root(home)):
        path = base / _WINDOWS / f"{name}-{digest}.parquet"
        if path.is_file():
            return pq.ParquetFile(path).read()
    table = compute()
    for base in (root(home), _spare_root(home)):
        try:
            with _build_lock(base):
                _write(table, base / _WINDOWS / f"{name}-{digest}.parquet")
            break
        except OSError:
            continue
    return table


def delete(home: Path, trade_paths: Iterable[str]) -> None:
    """Remove the sums of trade files that are gone (best effort; :func:`sweep` catches
    the rest)."""
    for rel in trade_paths:
        for name in SIDECARS:
            try:
                sidecar(home, rel, name).unlink(missing_ok=True)
            except OSError:
                continue


def discard(home: Path, import_id: str) -> None:
    """Remove the sums of a failed import's files (before any transaction saw them)."""
    shutil.rmtree(root(home) / TRADE_DIR / import_id, ignore_errors=True)


def sweep(con: duckdb.DuckDBPyConnection, home: Path) -> None:
    """A writer's clean-up: drop the sums of files no longer live and of older versions."""
    top = home / AGG_DIR
    if not top.is_dir():
        return
    for old in top.iterdir():
        if old.is_dir() and old.name != f"v{AGG_VERSION}":
            shutil.rmtree(old, ignore_errors=True)
    base = root(home)
    if not base.is_dir():
        return
    shutil.rmtree(base / _WINDOWS, ignore_errors=True)  # keyed by a state about to change
    keep = {str(sidecar(home, str(r[0]), name))
            for r in con.execute("SELECT path FROM trade_files").fetchall() for name in SIDECARS}
    for path in base.rglob("*.parquet"):
        if str(path) not in keep:
            path.unlink(missing_ok=True)
    for path in base.rglob("*.parquet.tmp-*"):  # a builder killed while writing
        pid = path.name.rsplit(".tmp-", 1)[1].split("-")[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            path.unlink(missing_ok=True)
