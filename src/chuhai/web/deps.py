"""Request-scoped access to the app's settings, warehouse and plan store."""

from __future__ import annotations

from starlette.requests import Request

from chuhai.data.warehouse import Warehouse
from chuhai.web.plans import PlanStore
from chuhai.web.settings import Settings

__all__ = ["get_plans", "get_settings", "get_warehouse", "is_demo", "warehouse_version"]

_DEMO: dict[tuple[str, tuple[int, int, int]], bool] = {}


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_warehouse(request: Request) -> Warehouse:
    wh: Warehouse = request.app.state.warehouse
    return wh


def get_plans(request: Request) -> PlanStore:
    return PlanStore(get_settings(request).plans_dir)


def warehouse_version(wh: Warehouse) -> tuple[int, int, int]:
    """Changes whenever the database file (or its WAL) changes; (0, 0, 0) when absent."""
    try:
        st = wh.db_path.stat()
    except FileNotFoundError:
        return (0, 0, 0)
    wal = wh.db_path.with_name(wh.db_path.name + ".wal")
    return (st.st_mtime_ns, st.st_size, wal.stat().st_mtime_ns if wal.exists() else 0)


def is_demo(wh: Warehouse) -> bool:
    """``wh.is_demo()``, remembered until the database file changes (every page asks)."""
    key = (str(wh.db_path), warehouse_version(wh))
    if key not in _DEMO:
        if len(_DEMO) > 16:
            _DEMO.clear()
        _DEMO[key] = wh.exists() and wh.is_demo()
    return _DEMO[key]
