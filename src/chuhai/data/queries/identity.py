"""The warehouse's identity and the one per-process cache keyed by it.

A warehouse is identified by its database file's path, size and mtime (and its WAL's,
while writes are not checkpointed): any import changes it, so everything cached under it
is invalidated. Markets and web use the same identity and the same cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from chuhai.data.warehouse import Warehouse

__all__ = ["cached", "clear_cache", "is_demo", "warehouse_identity", "warehouse_version"]

T = TypeVar("T")
_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_SIZE = 32


def warehouse_version(wh: Warehouse) -> tuple[int, ...]:
    """(size, mtime_ns[, wal size, wal mtime_ns]) of the database file; () when absent."""
    try:
        st = wh.db_path.stat()
    except OSError:
        return ()
    version: tuple[int, ...] = (st.st_size, st.st_mtime_ns)
    wal = wh.db_path.with_name(wh.db_path.name + ".wal")
    try:  # uncheckpointed writes: key on the WAL too
        wst = wal.stat()
    except OSError:
        return version
    return version + (wst.st_size, wst.st_mtime_ns)


def warehouse_identity(wh: Warehouse) -> tuple[Any, ...]:
    """(path, *version): equal exactly while the warehouse's content cannot have changed."""
    return (str(wh.db_path), *warehouse_version(wh))


def cached(wh: Warehouse, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """Memoise ``compute()`` per warehouse identity and ``key`` (LRU, 32 entries);
    not cached when the database file is absent."""
    ident = warehouse_identity(wh)
    if len(ident) == 1:
        return compute()
    full = ident + key
    if full in _CACHE:
        _CACHE.move_to_end(full)
        return _CACHE[full]
    value = compute()
    _CACHE[full] = value
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def clear_cache() -> None:
    """Forget every cached value (tests compare warm and cold runs)."""
    _CACHE.clear()


def is_demo(wh: Warehouse) -> bool:
    """``wh.is_demo()`` (False when there is no warehouse), cached per identity: every
    page and result asks."""
    if not wh.exists():
        return False
    return cached(wh, ("is_demo",), wh.is_demo)
