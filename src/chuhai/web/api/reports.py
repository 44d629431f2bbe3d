"""``/api/v1/report``: the market-entry plan as HTML or PDF (the page link is in
:mod:`chuhai.web.pages.report`; both call :func:`chuhai.web.services.report.build`)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from chuhai.data.codes import ISO3_INPUT, PRODUCT_INPUT
from chuhai.data.warehouse import Warehouse
from chuhai.i18n import DEFAULT_LANGUAGE, Language
from chuhai.web.deps import get_plans, get_warehouse
from chuhai.web.errors import ERROR_RESPONSES
from chuhai.web.plans import NAME_PATTERN, PlanStore
from chuhai.web.services.report import build

__all__ = ["router"]

router = APIRouter(tags=["reports"], responses=ERROR_RESPONSES)
_DOC: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {}, "application/pdf": {}}, "description": "the report"}}


@router.get("/report", response_class=Response, responses=_DOC)
async def report(
    product: str = Query(pattern=PRODUCT_INPUT, max_length=6, description="HS6/HS4/HS2"),
    exporter: str = Query("CHN", pattern=ISO3_INPUT),
    market: str | None = Query(None, pattern=ISO3_INPUT, description="market of the deep dive"),
    scenario: str | None = Query(None, max_length=64, pattern=NAME_PATTERN, description="saved scenario name"),
    tender: str | None = Query(None, max_length=64, pattern=NAME_PATTERN, description="saved tender name"),
    lang: Language = DEFAULT_LANGUAGE,
    format: Literal["html", "pdf"] = "pdf",
    wh: Warehouse = Depends(get_warehouse),
    store: PlanStore = Depends(get_plans),
) -> Response:
    """The complete market-entry plan (ranking, deep dive, entry comparison, tender outlook,
    assumptions, provenance, demo flag) as HTML or PDF, in Chinese or English."""
    sc = store.path("scenario", scenario) if scenario else None
    td = store.path("tender", tender) if tender else None
    return await run_in_threadpool(build, wh, product=product, exporter=exporter, market=market,
                                   lang=lang, fmt=format, scenario=sc, tender=td)
