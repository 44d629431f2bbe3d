"""Server-rendered pages (Jinja2 + HTMX); each module exposes a ``router``."""

from __future__ import annotations

from fastapi import FastAPI

from chuhai.web.pages import (
    batch,
    data,
    docs,
    guide,
    history,
    markets,
    planner,
    plans,
    report,
    start,
    tenders,
)

__all__ = ["register_pages"]


def register_pages(app: FastAPI) -> None:
    """Include every page router."""
    for module in (data, docs, guide, plans, start, markets, report, planner, history, tenders,
                   batch):
        app.include_router(module.router, include_in_schema=False)
