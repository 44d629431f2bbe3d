"""The market ranking (map, filters, reasons incl. "why not") and the market deep dive."""

from __future__ import annotations

from dataclasses import fields

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from chuhai import charts
from chuhai.data.reference import country_table, load_blocs
from chuhai.data.reference.names import by_label, localised_scan, product_name
from chuhai.errors import NotFoundError
from chuhai.i18n.catalogs import translations
from chuhai.i18n.relocalise import relocalise
from chuhai.markets.params import Weights
from chuhai.web.deps import get_warehouse
from chuhai.web.pages.start import start_page
from chuhai.web.render import render, request_lang
from chuhai.web.services.scan import ScanQuery, optional_scan_query, run_scan

__all__ = ["router"]

router = APIRouter()


@router.get("/markets", response_class=HTMLResponse)
async def markets_page(request: Request, q: ScanQuery | None = Depends(optional_scan_query),
                       words: str = Query("", alias="q", max_length=100)) -> HTMLResponse:
    """The ranking; without a product, the product search (the nav link, or the wizard sent
    before a product was picked)."""
    if q is None:
        return start_page(request, words, need_product=True)
    lang = request_lang(request)
    t = translations(lang).gettext
    scan = await run_in_threadpool(run_scan, get_warehouse(request), q)
    scan = relocalise(localised_scan(scan, lang), lang, None if lang == "en" else t)
    product = f"HS {scan['product']} {product_name(scan['product'], lang)}".strip()
    fig = charts.market_map(scan, title=f"{t('Untapped export potential by market')} · {product}",
                            label=t("USD per year"), lang=lang)
    regions = by_label("regions", {c.region for c in country_table() if c.region}, lang)
    return render(request, "markets.html", scan=scan, q=q, map_fig=fig, regions=regions,
                  agreements=load_blocs(), query_string=request.url.query,
                  weight_factors=[f.name for f in fields(Weights)])


@router.get("/markets/{iso3}", response_class=HTMLResponse)
async def market_page(request: Request, iso3: str,
                      q: ScanQuery | None = Depends(optional_scan_query)) -> HTMLResponse:
    if q is None:
        return start_page(request, "", need_product=True)
    lang = request_lang(request)
    t = translations(lang).gettext
    full = ScanQuery(product=q.product, exporter=q.exporter, years=q.years, top=250,
                     weights=q.weights)
    scan = await run_in_threadpool(run_scan, get_warehouse(request), full)
    scan = relocalise(localised_scan(scan, lang), lang, None if lang == "en" else t)
    market = next((m for m in scan["markets"] if m["importer"] == iso3.upper()), None)
    if market is None:
        raise NotFoundError(f"{iso3} is not among the markets scanned for HS {q.product}",
                            market=iso3, product=q.product)
    figs = {
        "competitors": charts.competitors(scan, importers=[market["importer"]],
                                          title=t("Competing suppliers"), others=t("others")),
        "decomposition": charts.potential_bars(
            market, title=t("Export potential against actual exports (USD per year)"),
            names={"potential": t("Potential"), "actual": t("Our exports"), "untapped": t("Untapped"),
                   "benchmark": t("Benchmark untapped (top-6)")}, lang=lang),
    }
    return render(request, "market.html", scan=scan, m=market, q=q, figs=figs)
