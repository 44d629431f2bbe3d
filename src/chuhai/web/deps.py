"""Request-scoped access to the app's settings, warehouse and plan store.

``is_demo`` and ``warehouse_version`` are the read side's (one warehouse identity and
cache for markets and web: :mod:`chuhai.data.queries.identity`).
"""

from __future__ import annotations

from starlette.requests import Request

from chuhai.data.queries.identity import is_demo, warehouse_version
from chuhai.data.warehouse import Warehouse
from chuhai.web.plans import PlanStore
from chuhai.web.settings import Settings

__all__ = ["get_plans", "get_settings", "get_warehouse", "is_demo", "warehouse_version"]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_warehouse(request: Request) -> Warehouse:
    wh: Warehouse = request.app.state.warehouse
    return wh


def get_plans(request: Request) -> PlanStore:
    return PlanStore(get_settings(request).plans_dir)
