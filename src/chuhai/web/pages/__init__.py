"""Server-rendered pages (Jinja2 + HTMX); each module exposes a ``router``."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

__all__ = ["register_pages"]


def register_pages(app: FastAPI, features: frozenset[str]) -> None:
    """Include the page routers whose library features are installed."""
    from chuhai.web.pages import data, docs, plans

    for module in (data, docs, plans):
        app.include_router(module.router, include_in_schema=False)
    if "reference" in features:
        from chuhai.web.pages import start

        app.include_router(start.router, include_in_schema=False)
    else:
        app.add_api_route("/", lambda: RedirectResponse("/data", status_code=307),
                          include_in_schema=False)
    if {"markets", "reference"} <= features:
        from chuhai.web.api.reports import page_router
        from chuhai.web.pages import markets

        app.include_router(markets.router, include_in_schema=False)
        app.include_router(page_router, include_in_schema=False)
    if "entry" in features:
        from chuhai.web.pages import planner

        app.include_router(planner.router, include_in_schema=False)
    if "tenders" in features:
        from chuhai.web.pages import tenders

        app.include_router(tenders.router, include_in_schema=False)
