"""The application factory: ``create_app(settings) -> FastAPI``."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import plotly
from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.responses import FileResponse

from chuhai import __version__
from chuhai.data.warehouse import Warehouse
from chuhai.web.errors import install_error_handlers
from chuhai.web.security import SecurityMiddleware
from chuhai.web.settings import Settings, is_loopback
from chuhai.web.uploads import FORM_OVERHEAD, BodyLimitMiddleware

__all__ = ["API_PREFIX", "available_features", "create_app"]

API_PREFIX = "/api/v1"
STATIC_DIR = Path(__file__).parent / "static"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

#: feature -> library module it wraps; a feature whose module is absent is left out.
FEATURES = {
    "reference": "chuhai.data.reference",
    "markets": "chuhai.markets",
    "entry": "chuhai.entry",
    "tenders": "chuhai.tenders",
}


def available_features() -> frozenset[str]:
    """The library features installed in this build."""
    return frozenset(k for k, mod in FEATURES.items() if importlib.util.find_spec(mod) is not None)


def _api_router(features: frozenset[str]) -> APIRouter:
    from chuhai.web.api import data, plans

    api = APIRouter(prefix=API_PREFIX)
    api.include_router(data.router)
    api.include_router(plans.router)
    if "reference" in features:
        from chuhai.web.api import search

        api.include_router(search.router)
    if "markets" in features:
        from chuhai.web.api import reports

        api.include_router(reports.router)
    if "markets" in features:
        from chuhai.web.api import markets

        api.include_router(markets.router)
    if "entry" in features:
        from chuhai.web.api import entry

        api.include_router(entry.router)
    if "tenders" in features:
        from chuhai.web.api import tenders

        api.include_router(tenders.router)
    return api


def create_app(settings: Settings) -> FastAPI:
    """The web app over the warehouse in ``settings.warehouse``.

    The OpenAPI schema is at ``/openapi.json`` and rendered offline at ``/docs``.
    """
    app = FastAPI(
        title="chuhai 出海",
        version=__version__,
        description="Where to sell, how to enter, how to win tenders — REST API. "
        "Every error has the shape {error, message, context}.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    features = available_features()
    app.state.settings = settings
    app.state.warehouse = Warehouse(settings.warehouse)
    app.state.features = features
    install_error_handlers(app)
    # bodies bounded while they stream (inside the security gate: a 401/403 comes first)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_upload_bytes + FORM_OVERHEAD)
    app.add_middleware(SecurityMiddleware, token=settings.token, loopback=is_loopback(settings.host))
    app.include_router(_api_router(features))

    from chuhai.web.pages import register_pages

    register_pages(app, features)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(PLOTLY_JS, media_type="text/javascript",
                            headers={"cache-control": "public, max-age=86400"})

    return app
