"""谁在中标 / Who wins: the award evidence for a buyer country × product, with charts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from chuhai import charts
from chuhai.data.reference import get_country
from chuhai.data.reference.procurement_methods import load_methods
from chuhai.i18n.catalogs import translations
from chuhai.web.deps import get_warehouse
from chuhai.web.jsonable import jsonable
from chuhai.web.render import render, request_lang
from chuhai.web.services.history import HistoryQuery, history_query, run_history

__all__ = ["router"]

router = APIRouter()

#: what the page shows before anything is asked: the seed's story, meters in Mozambique
DEFAULT = HistoryQuery(country="MOZ", product="9028")


def _country_name(iso3: str | None, lang: str) -> str:
    c = None if iso3 is None else get_country(iso3)
    if c is None:
        return iso3 or ""
    return (c.name_zh if lang == "zh" and c.name_zh else c.name_en) or iso3 or ""


@router.get("/tenders/history", response_class=HTMLResponse)
async def history_page(request: Request, q: HistoryQuery = Depends(history_query)) -> HTMLResponse:
    lang = request_lang(request)
    tr = translations(lang)
    t = tr.gettext
    if q.country is None and q.region is None and not q.product:
        q = DEFAULT
    result: dict[str, Any] = jsonable(await run_in_threadpool(
        run_history, get_warehouse(request), q, lang, None if lang == "en" else tr.gettext))
    names = {o: t(o) for o in charts.ORIGIN_KEYS}
    methods = {k: m.label(lang) for k, m in load_methods().items()}
    figs = {}
    if result["shares"]["n"]:
        figs["shares"] = charts.winner_shares(result, title=t("Who won, by origin of the winner"), names=names)
        figs["methods"] = charts.winners_by_method(result, title=t("By procurement method"), names=names,
                                                   methods=methods)
    return render(request, "history.html", r=result, q=q, figs=figs, methods=methods,
                  country_name=_country_name(result["country"], lang))
