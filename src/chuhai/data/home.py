"""Where a warehouse lives, without opening it (no DuckDB import): for the CLI's look-ups,
which only need to know whether a warehouse exists."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DB_NAME", "ENV_HOME", "has_warehouse", "resolve_home"]

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
    import platformdirs  # lazy: start-up speed (only when no directory is given)

    return Path(platformdirs.user_data_dir("chuhai", appauthor=False))


def has_warehouse(path: str | Path | None = None) -> bool:
    """Whether the warehouse at :func:`resolve_home` exists (``Warehouse.exists()``)."""
    return (resolve_home(path) / DB_NAME).is_file()
