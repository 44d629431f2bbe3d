"""The ``/report`` page link: one click from the market pages or the planner to the report."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from chuhai.data.codes import ISO3_INPUT, PRODUCT_INPUT
from chuhai.web.deps import get_warehouse
from chuhai.web.render import request_lang
from chuhai.web.services.report import build

__all__ = ["router"]

router = APIRouter()


@router.get("/report")
async def report_link(request: Request, product: str = Query(pattern=PRODUCT_INPUT),
                      exporter: str = Query("CHN", pattern=ISO3_INPUT),
                      market: str | None = Query(None, pattern=ISO3_INPUT),
                      format: Literal["html", "pdf"] = "pdf") -> Response:
    """One click from the market pages: the report in the page's language."""
    return await run_in_threadpool(build, get_warehouse(request), product=product, exporter=exporter,
                                   market=market, lang=request_lang(request), fmt=format)


@router.post("/report")
async def report_from_plan(request: Request, product: str = Form(pattern=PRODUCT_INPUT),
                           exporter: str = Form("CHN", pattern=ISO3_INPUT),
                           market: str | None = Form(None, pattern=ISO3_INPUT),
                           scenario: str | None = Form(None, max_length=1024 * 1024),
                           tender: str | None = Form(None, max_length=1024 * 1024),
                           format: Literal["html", "pdf"] = Form("pdf")) -> Response:
    """One click from the planner: the report including the scenario just run (TOML text)."""
    return await run_in_threadpool(build, get_warehouse(request), product=product, exporter=exporter,
                                   market=market, lang=request_lang(request), fmt=format,
                                   scenario=scenario or None, tender=tender or None)
