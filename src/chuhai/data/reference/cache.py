"""A small per-user cache of derived reference tables, so that look-ups start fast.

Some reference tables are derived from large packaged files at first use (the capitals
from GeoNames' 30 MB city list take ~0.8 s). :func:`cached_json` keeps the derived table
as JSON in the user cache directory (``$CHUHAI_CACHE``, else
``platformdirs.user_cache_dir("chuhai")``), keyed by the size and modification time of
every file it was derived from (and the deriving code's), so any change rebuilds it. The
cache is only a copy: unreadable or unwritable, the table is derived as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from importlib.util import find_spec
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "cached_json", "package_files"]


def cache_dir() -> Path:
    """Where the derived tables are kept."""
    if os.environ.get("CHUHAI_CACHE"):
        return Path(os.environ["CHUHAI_CACHE"])
    import platformdirs  # lazy: start-up speed (only when the cache is first used)

    return Path(platformdirs.user_cache_dir("chuhai", appauthor=False))


def package_files(package: str, *names: str) -> list[Path]:
    """Files inside an installed package, found without importing it."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations)))
    return [root / n for n in names]


def _key(sources: Iterable[Path], extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for p in sources:
        try:
            st = p.stat()
            h.update(f"{p}:{st.st_size}:{st.st_mtime_ns};".encode())
        except OSError:
            h.update(f"{p}:missing;".encode())
    return h.hexdigest()[:20]


def cached_json(name: str, sources: Iterable[Path], build: Callable[[], Any], *, extra: str = "") -> Any:
    """``build()``'s JSON-able value, from the cache when ``sources`` (and ``extra``, a digest
    of any other input) are unchanged."""
    path = cache_dir() / f"{name}-{_key(sources, extra)}.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{name}-*.json"):  # an outdated copy: sources changed
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(value, ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only home: derive every time, as without the cache
        pass
    return value
