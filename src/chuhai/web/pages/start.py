"""The start wizard: find the product, say where you export from, pick target regions or agreements."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from chuhai.data.reference import country_table, load_blocs, search_products
from chuhai.data.reference.names import by_label, sort_key
from chuhai.errors import ChuhaiError
from chuhai.web.deps import get_warehouse
from chuhai.web.render import render, request_lang

__all__ = ["country_options", "router", "start_page"]

router = APIRouter()


def country_options(lang: str) -> list[dict[str, Any]]:
    """(iso3, display name) for selects, sorted by the name shown in ``lang`` (by pinyin
    in Chinese)."""
    out = [{"iso3": c.iso3, "name": (c.name_zh if lang == "zh" and c.name_zh else c.name_en),
            "region": c.region, "income_group": c.income_group} for c in country_table()]
    return sorted(out, key=lambda c: sort_key(c["name"], lang))


@router.get("/", response_class=HTMLResponse)
def start(request: Request, q: str = Query("", max_length=100)) -> HTMLResponse:
    return start_page(request, q)


def start_page(request: Request, q: str, *, need_product: bool = False) -> HTMLResponse:
    """The wizard; ``need_product``: reached from /markets without a product, says so."""
    lang = request_lang(request)
    regions = by_label("regions", {c.region for c in country_table() if c.region}, lang)
    return render(request, "start.html", q=q, countries=country_options(lang), regions=regions,
                  agreements=load_blocs(), hits=_hits(request, q) if q else None,
                  need_product=need_product)


def _hits(request: Request, q: str) -> list[dict[str, Any]]:
    wh = get_warehouse(request)
    try:
        return [m.to_dict() for m in search_products(q, warehouse=wh if wh.exists() else None, limit=15)]
    except ChuhaiError:
        return []


@router.get("/ui/products", response_class=HTMLResponse)
def product_hits(request: Request, q: str = Query("", max_length=100)) -> HTMLResponse:
    """HTMX fragment: product search results as radio buttons."""
    return render(request, "_product_hits.html", hits=_hits(request, q) if q.strip() else [], q=q)
