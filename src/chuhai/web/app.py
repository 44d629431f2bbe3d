"""The application factory: ``create_app(settings) -> FastAPI``."""

from __future__ import annotations

from pathlib import Path

import plotly
from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.responses import FileResponse

from chuhai import __version__
from chuhai.data.warehouse import Warehouse
from chuhai.web.api import batch, data, entry, evidence, markets, plans, reports, search, tenders
from chuhai.web.errors import install_error_handlers
from chuhai.web.pages import register_pages
from chuhai.web.security import SecurityMiddleware
from chuhai.web.services.batch import BatchJobs
from chuhai.web.settings import Settings, is_loopback
from chuhai.web.uploads import FORM_OVERHEAD, BodyLimitMiddleware

__all__ = ["API_PREFIX", "create_app"]

API_PREFIX = "/api/v1"
STATIC_DIR = Path(__file__).parent / "static"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

def _api_router() -> APIRouter:
    api = APIRouter(prefix=API_PREFIX)
    for module in (data, plans, search, reports, markets, entry, tenders, evidence, batch):
        api.include_router(module.router)
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
    app.state.settings = settings
    app.state.warehouse = Warehouse(settings.warehouse)
    app.state.batch_jobs = BatchJobs(settings.batches_dir, app.state.warehouse)
    install_error_handlers(app)
    # bodies bounded while they stream (inside the security gate: a 401/403 comes first)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_upload_bytes + FORM_OVERHEAD)
    app.add_middleware(SecurityMiddleware, token=settings.token, loopback=is_loopback(settings.host))
    app.include_router(_api_router())
    register_pages(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(PLOTLY_JS, media_type="text/javascript",
                            headers={"cache-control": "public, max-age=86400"})

    return app
