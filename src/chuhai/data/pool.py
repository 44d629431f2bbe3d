"""Reusing read-only DuckDB connections within one process, without starving writers.

Opening the warehouse costs tens of milliseconds, so :meth:`Warehouse.connect` (read-only)
takes an idle connection from this pool when one fits and puts it back after use. A
connection is either idle here or held by exactly one caller (popped under a lock), so two
threads never share one. Because DuckDB lets no process write while another holds the
file open, a pooled connection must not outstay a writer:

* idle connections close after :func:`idle_seconds` (``$CHUHAI_POOL_IDLE``, default
  :data:`DEFAULT_IDLE`; ``0`` turns the pool off), by a daemon thread that also closes them
  at once when a writer holds the gate (``<home>/.chuhai.gate``, see :mod:`chuhai.data.lock`);
* checkout and return test the gate too: while a writer holds it, connections are closed,
  not reused, and the reader waits on the gate like any new reader;
* an in-process writer calls :func:`drain` first: idle connections close and ones in use
  close when they come back;
* a connection fits only the file it was opened on: the key is the path with its inode,
  size and modification time, so a replaced or rewritten file gets fresh connections.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import duckdb

from chuhai.data.lock import GATE_NAME
from chuhai.errors import WarehouseError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["DEFAULT_IDLE", "ENV_IDLE", "checkin", "checkout", "drain", "file_key", "idle_count",
           "idle_seconds"]

ENV_IDLE = "CHUHAI_POOL_IDLE"
#: Seconds an idle pooled connection stays open.
DEFAULT_IDLE = 1.5
_TICK = 0.2
_MAX_IDLE_PER_FILE = 8

Key = tuple[str, int, int, int]

_lock = threading.Lock()
_idle: dict[str, list[tuple[Key, duckdb.DuckDBPyConnection, float]]] = {}
_generation: dict[str, int] = {}
_reaper: threading.Thread | None = None


def idle_seconds() -> float:
    """Seconds an idle connection is kept, from ``$CHUHAI_POOL_IDLE`` (>= 0; 0: no pool)."""
    raw = os.environ.get(ENV_IDLE, "")
    try:
        value = float(raw) if raw.strip() else DEFAULT_IDLE
    except ValueError:
        raise WarehouseError(f"{ENV_IDLE}={raw!r} is not a number of seconds") from None
    if not value >= 0:
        raise WarehouseError(f"{ENV_IDLE}={raw!r} must be a number of seconds >= 0")
    return value


def file_key(db_path: Path) -> Key | None:
    """What identifies the file's current contents; None when it is missing."""
    try:
        st = os.stat(db_path)
    except OSError:
        return None
    return (str(db_path.resolve()), st.st_ino, st.st_size, st.st_mtime_ns)


def _writer_holds_gate(home: Path) -> bool:
    if fcntl is None:
        return False
    try:
        fd = os.open(home / GATE_NAME, os.O_RDONLY)
    except OSError:
        return False  # no gate file: no writer has ever taken it
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # releases the probe's shared lock
    return False


def _close(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.close()
    except duckdb.Error:  # pragma: no cover - closing a broken connection
        pass


def checkout(db_path: Path) -> tuple[duckdb.DuckDBPyConnection | None, Key | None, int]:
    """An idle connection for the file as it is now (or None), its key and the generation
    to hand back to :func:`checkin`."""
    key = file_key(db_path)
    path = str(db_path.resolve())
    stale: list[duckdb.DuckDBPyConnection] = []
    found = None
    writer = key is not None and _writer_holds_gate(db_path.parent)
    with _lock:
        generation = _generation.get(path, 0)
        entries = _idle.get(path, [])
        keep = []
        for entry in entries:
            if writer or entry[0] != key:
                stale.append(entry[1])
            elif found is None:
                found = entry[1]
            else:
                keep.append(entry)
        _idle[path] = keep
    for con in stale:
        _close(con)
    return found, key, generation


def checkin(db_path: Path, key: Key | None, generation: int,
            con: duckdb.DuckDBPyConnection) -> None:
    """Give back a connection taken by :func:`checkout` or opened fresh; it is closed
    instead when the pool is off, drained since, the file changed or a writer waits."""
    idle = idle_seconds()
    path = str(db_path.resolve())
    if (idle <= 0 or key is None or file_key(db_path) != key
            or _writer_holds_gate(db_path.parent)):
        _close(con)
        return
    with _lock:
        entries = _idle.setdefault(path, [])
        if _generation.get(path, 0) == generation and len(entries) < _MAX_IDLE_PER_FILE:
            entries.append((key, con, time.monotonic()))
            _start_reaper()
            return
    _close(con)


def drain(db_path: Path) -> None:
    """Close the file's idle connections; ones in use are closed when given back."""
    path = str(db_path.resolve())
    with _lock:
        _generation[path] = _generation.get(path, 0) + 1
        entries = _idle.pop(path, [])
    for _key, con, _t in entries:
        _close(con)


def idle_count(db_path: Path) -> int:
    """How many idle connections the pool holds for the file."""
    with _lock:
        return len(_idle.get(str(db_path.resolve()), []))


def _start_reaper() -> None:
    global _reaper
    if _reaper is None or not _reaper.is_alive():
        _reaper = threading.Thread(target=_reap, name="chuhai-pool-reaper", daemon=True)
        _reaper.start()


def _reap() -> None:
    while True:
        time.sleep(_TICK)
        idle = idle_seconds()
        now = time.monotonic()
        with _lock:
            paths = [p for p, entries in _idle.items() if entries]
        if not paths:
            with _lock:
                if not any(_idle.values()):
                    global _reaper
                    _reaper = None
                    return
            continue
        for path in paths:
            writer = _writer_holds_gate(Path(path).parent)
            with _lock:
                entries = _idle.get(path, [])
                old = [e for e in entries if writer or now - e[2] >= idle]
                _idle[path] = [e for e in entries if e not in old]
            for _key, con, _t in old:
                _close(con)
