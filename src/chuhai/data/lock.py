"""Waiting for the warehouse instead of failing: a writer-first gate plus bounded retries.

DuckDB lets one process write a database file, and no other process read it meanwhile.
Readers (the web server, the CLI) hold a connection for one request; a writer (an import)
holds one for its transaction only, parsing and staging having happened before. So both
sides *wait* a bounded time for the other rather than fail:

* a gate file ``<home>/.chuhai.gate`` (``flock``): a writer takes it exclusively, so new
  readers queue behind it instead of starving it; a reader takes it shared only while
  it opens its connection;
* opening the DuckDB file is retried while another process holds its lock, until the
  deadline (``CHUHAI_LOCK_WAIT`` seconds, default :data:`DEFAULT_WAIT`), saying once that
  it waits; past the deadline it is a :class:`~chuhai.errors.WarehouseError`.

An import that reads the warehouse before it writes (OCDS: the releases stored for its
processes, merged with the file's) also holds the import gate ``<home>/.chuhai.import``
exclusively from that read to its commit (:func:`import_gate`), so two such imports run
one after the other: the second reads what the first stored, and neither replaces the
other's processes with a merge that missed them. Readers never take the import gate.

Where ``fcntl`` is missing (Windows) only the retries remain.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from chuhai.data.messages import WAREHOUSE_LOCKED, WAREHOUSE_UNOPENABLE
from chuhai.errors import WarehouseError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["DEFAULT_WAIT", "ENV_WAIT", "GATE_NAME", "IMPORT_GATE_NAME", "gate", "import_gate", "lock_wait",
           "open_with_retry", "say"]

ENV_WAIT = "CHUHAI_LOCK_WAIT"
#: Seconds a connection waits for another process's lock before giving up.
DEFAULT_WAIT = 120.0
GATE_NAME = ".chuhai.gate"
IMPORT_GATE_NAME = ".chuhai.import"
_POLL = 0.02
_held = threading.local()  # homes whose gate this thread holds exclusively


def lock_wait() -> float:
    """The bounded wait in seconds, from ``$CHUHAI_LOCK_WAIT`` (a number >= 0)."""
    raw = os.environ.get(ENV_WAIT, "")
    try:
        value = float(raw) if raw.strip() else DEFAULT_WAIT
    except ValueError:
        raise WarehouseError(f"{ENV_WAIT}={raw!r} is not a number of seconds") from None
    if not value >= 0:
        raise WarehouseError(f"{ENV_WAIT}={raw!r} must be a number of seconds >= 0")
    return value


def say(message: str) -> None:
    """The default notifier: a waiting message on standard error."""
    print(message, file=sys.stderr, flush=True)


@contextmanager
def gate(home: Path, *, exclusive: bool, deadline: float,
         notify: Callable[[str], None] = say, name: str = GATE_NAME) -> Iterator[None]:
    """Hold the home's gate ``name`` (shared or exclusive) until exit; a no-op without fcntl,
    when the gate cannot be created (read-only directory) or this thread holds it already."""
    key = f"{home.resolve()}/{name}"
    held: set[str] = getattr(_held, "homes", set())
    if fcntl is None or key in held:
        yield
        return
    try:
        fd = os.open(home / name, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        told = False
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseError(
                        f"the warehouse {home} stayed busy ({_holder(name, exclusive)}) past the "
                        f"wait of {lock_wait():g} s ({ENV_WAIT}); try again",
                        home=str(home)) from None
                if not told and exclusive:
                    notify(f"waiting for the warehouse {home}: another process is using it")
                    told = True
                time.sleep(_POLL)
        if exclusive:
            _held.homes = held | {key}
        try:
            yield
        finally:
            if exclusive:
                _held.homes = held - {key}
    finally:
        os.close(fd)  # releases the lock


def _holder(name: str, exclusive: bool) -> str:
    if name == IMPORT_GATE_NAME:
        return "another import holding it"
    return "readers holding it" if exclusive else "a writer holding it"


@contextmanager
def import_gate(home: Path, *, notify: Callable[[str], None] = say) -> Iterator[None]:
    """Hold the import gate of ``home`` (created if needed) exclusively until exit, waiting
    for another import that holds it at most :func:`lock_wait` seconds."""
    home.mkdir(parents=True, exist_ok=True)
    with gate(home, exclusive=True, deadline=time.monotonic() + lock_wait(), notify=notify,
              name=IMPORT_GATE_NAME):
        yield


def _is_lock_conflict(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return "lock" in text or "different configuration" in text


def open_with_retry(db_path: Path, *, read_only: bool, deadline: float,
                    notify: Callable[[str], None] = say) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect``, retried while another connection holds the file, until deadline."""
    told = False
    delay = _POLL
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_conflict(exc) or time.monotonic() >= deadline:
                if _is_lock_conflict(exc):
                    raise WarehouseError(WAREHOUSE_LOCKED(wait=lock_wait(), env=ENV_WAIT),
                                         home=str(db_path.parent), cause=str(exc)) from exc
                raise WarehouseError(WAREHOUSE_UNOPENABLE(), home=str(db_path.parent),
                                     cause=str(exc)) from exc
            if not told:
                notify(f"waiting for the warehouse {db_path.parent}: another process holds it "
                       f"(up to {lock_wait():g} s)")
                told = True
            time.sleep(delay)
            delay = min(delay * 2, 0.25)
