"""``/api/v1/report`` and the ``/report`` page link: the market-entry plan as HTML or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from chuhai.data.warehouse import Warehouse
from chuhai.web.deps import get_plans, get_warehouse
from chuhai.web.errors import ERROR_RESPONSES
from chuhai.web.plans import PlanStore
from chuhai.web.render import request_lang

__all__ = ["page_router", "router"]

router = APIRouter(tags=["reports"], responses=ERROR_RESPONSES)
page_router = APIRouter()
_DOC: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {}, "application/pdf": {}}, "description": "the report"}}


def build(wh: Warehouse, *, product: str, exporter: str, market: str | None, lang: str,
          fmt: str, scenario: Path | str | None = None, tender: Path | str | None = None) -> Response:
    """Gather and render; returns the HTML page or the PDF as a download."""
    from chuhai.report.plan_report import gather, render_html, render_pdf

    data = gather(wh, product=product, exporter=exporter.upper(), lang=lang,
                  market=market.upper() if market else None, scenario=scenario, tender=tender)
    name = f"chuhai-plan-{product}-{exporter.upper()}{'-' + market.upper() if market else ''}-{lang}"
    if fmt == "pdf":
        return Response(render_pdf(data), media_type="application/pdf",
                        headers={"content-disposition": f'attachment; filename="{name}.pdf"'})
    return Response(render_html(data), media_type="text/html; charset=utf-8")


@router.get("/report", response_class=Response, responses=_DOC)
async def report(
    product: str = Query(pattern=r"^\d{2,6}$", max_length=6, description="HS6/HS4/HS2"),
    exporter: str = Query("CHN", pattern="^[A-Za-z]{3}$"),
    market: str | None = Query(None, pattern="^[A-Za-z]{3}$", description="market of the deep dive"),
    scenario: str | None = Query(None, max_length=64, description="saved scenario name"),
    tender: str | None = Query(None, max_length=64, description="saved tender name"),
    lang: Literal["zh", "en"] = "zh",
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


@page_router.get("/report")
async def report_link(request: Request, product: str = Query(pattern=r"^\d{2,6}$"),
                      exporter: str = Query("CHN", pattern="^[A-Za-z]{3}$"),
                      market: str | None = Query(None, pattern="^[A-Za-z]{3}$"),
                      format: Literal["html", "pdf"] = "pdf") -> Response:
    """One click from the market pages: the report in the page's language."""
    return await run_in_threadpool(build, get_warehouse(request), product=product, exporter=exporter,
                                   market=market, lang=request_lang(request), fmt=format)


@page_router.post("/report")
async def report_from_plan(request: Request, product: str = Form(pattern=r"^\d{2,6}$"),
                           exporter: str = Form("CHN", pattern="^[A-Za-z]{3}$"),
                           market: str | None = Form(None, pattern="^[A-Za-z]{3}$"),
                           scenario: str | None = Form(None, max_length=1024 * 1024),
                           tender: str | None = Form(None, max_length=1024 * 1024),
                           format: Literal["html", "pdf"] = Form("pdf")) -> Response:
    """One click from the planner: the report including the scenario just run (TOML text)."""
    return await run_in_threadpool(build, get_warehouse(request), product=product, exporter=exporter,
                                   market=market, lang=request_lang(request), fmt=format,
                                   scenario=scenario or None, tender=tender or None)
