"""The tender simulator page: pick a rule pack, enter bids, see the evaluation and win chances."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

import chuhai.tenders as tenders_lib
from chuhai import charts
from chuhai.data.queries.awards import has_awards
from chuhai.data.reference.names import label
from chuhai.data.reference.procurement_methods import load_methods
from chuhai.data.warehouse import Warehouse
from chuhai.errors import ChuhaiError
from chuhai.i18n.catalogs import translations
from chuhai.i18n.relocalise import relocalise
from chuhai.tenders.scoring import METHODS
from chuhai.web.deps import get_plans, get_warehouse
from chuhai.web.jsonable import jsonable
from chuhai.web.render import error_text, render, request_lang
from chuhai.web.services.history import tender_evidence
from chuhai.web.services.tender import load_text, rule_rows, simulate_tender
from chuhai.web.tender_form import ARCHETYPES, BID_ROWS, DEFAULT_FORM, form_to_tender, tender_toml

__all__ = ["router"]

router = APIRouter()


def _methods() -> list[str]:
    return list(METHODS)


def _optimise(text: str, file: str, runs: int, seed: int) -> dict[str, Any]:
    """The offer search (price, mode, local content, kit price, share) and its frontier."""
    out = tenders_lib.optimise(load_text(text, file), runs=runs, seed=seed).to_dict()
    result: dict[str, Any] = jsonable(out)
    return result


def _run(text: str, file: str, runs: int, seed: int, *, calibrated: bool = False, sector: str | None = None,
         warehouse: Warehouse | None = None) -> dict[str, Any]:
    tender = load_text(text, file)
    if tender.rivals or calibrated:
        out = simulate_tender(tender, runs=runs, seed=seed, calibrated=calibrated, sector=sector,
                              warehouse=warehouse).to_dict()
    else:
        out = tenders_lib.evaluate(tender).to_dict()
    evidence = tender_evidence(warehouse, tender)  # the real awards beside it, as the CLI's --json
    result: dict[str, Any] = jsonable({**out, **({"evidence": evidence} if evidence else {})})
    return result


def own_odds(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Win probability, expected share and profit per bidder: every own offer from the
    simulation's ``alternatives`` (each against the rivals, as the CLI shows them), the rivals
    from ``win_probability``."""
    alts = {a["bidder"]: a for a in result.get("alternatives") or []}
    out: dict[str, dict[str, Any]] = {
        name: {"win_probability": p, "expected_share": (result.get("expected_share") or {}).get(name),
               "expected_profit_usd": None, "own": False}
        for name, p in (result.get("win_probability") or {}).items() if name not in alts}
    for name, a in alts.items():
        out[name] = {"win_probability": a.get("win_probability"), "expected_share": a.get("expected_share"),
                     "expected_profit_usd": a.get("expected_profit_usd"), "own": True}
    return out


def _page(request: Request, *, form: dict[str, Any], toml_text: str = "",
          result: dict[str, Any] | None = None, error: str | None = None, status: int = 200,
          saved: str = "", best: dict[str, Any] | None = None) -> HTMLResponse:
    lang = request_lang(request)
    t = translations(lang).gettext
    tr = None if lang == "en" else t
    fig, odds = None, {}
    if result:
        result = relocalise(result, lang, tr)
        odds = own_odds(result)
    if best:
        best = relocalise(best, lang, tr)
    if odds:
        own_first = sorted(odds.items(), key=lambda kv: not kv[1]["own"])
        probs = {label("bidders", k, lang, default=k): v["win_probability"] or 0.0 for k, v in own_first}
        fig = charts.win_probability({"win_probability": probs}, title=t("Win probability"))
    return render(request, "tenders.html", status=status, form=form, toml_text=toml_text,
                  result=result, error=error, rules=rule_rows(), methods=_methods(),
                  rows=BID_ROWS, win_fig=fig, saved=saved, archetypes=ARCHETYPES, best=best, odds=odds,
                  award_methods={k: m.label(lang) for k, m in load_methods().items()})


@router.get("/tenders", response_class=HTMLResponse)
async def tenders_page(request: Request, tender: str | None = Query(None, max_length=64)) -> HTMLResponse:
    if tender:
        text = get_plans(request).load("tender", tender)
        try:
            result = await run_in_threadpool(lambda: _run(text, f"tender/{tender}.toml", 20_000, 1,
                                                          warehouse=get_warehouse(request)))
        except ChuhaiError as exc:
            return _page(request, form=DEFAULT_FORM, toml_text=text, error=error_text(request, exc),
                         status=exc.http_status, saved=tender)
        return _page(request, form=DEFAULT_FORM, toml_text=text, result=result, saved=tender)
    return _page(request, form=_default_form(request), toml_text=tender_toml(form_to_tender(_flat(DEFAULT_FORM))))


def _default_form(request: Request) -> dict[str, Any]:
    """The default form, calibrating by default where the warehouse holds award data."""
    return {**DEFAULT_FORM, "calibrate": has_awards(get_warehouse(request))}


def _flat(form: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {k: v for k, v in form.items() if k != "bids"}
    for i, b in enumerate(form.get("bids", [])):
        for k, v in b.items():
            flat[f"b{i}_{k}"] = v
    return flat


def _unflat(flat: dict[str, Any]) -> dict[str, Any]:
    keys = ("bidder", "bidder_country", "origin", "price", "technical_score", "local_content",
            "registered", "jv", "own", "unit_cost")
    bids = [{k: flat.get(f"b{i}_{k}", "") for k in keys} for i in range(BID_ROWS)]
    rest = {k: v for k, v in flat.items() if not (k.startswith("b") and "_" in k)}
    return {**rest, "bids": bids, "buyer_country": flat.get("buyer_country", ""),
            "rivals": flat.get("rivals", []), "calibrate": bool(flat.get("calibrate"))}


@router.post("/tenders", response_class=HTMLResponse)
async def run_tender(request: Request) -> HTMLResponse:
    raw = await request.form()
    flat: dict[str, Any] = {k: v for k, v in raw.items() if isinstance(v, str)}
    flat["rivals"] = [v for v in raw.getlist("rivals") if isinstance(v, str)]
    form = _unflat(flat)
    try:
        runs = int(flat.get("runs") or 20_000)
        seed = int(flat.get("seed") or 1)
        text = flat.get("toml", "") if flat.get("mode") == "toml" else tender_toml(form_to_tender(flat))
        runs = max(100, min(runs, 200_000))
        result = await run_in_threadpool(lambda: _run(
            text, "<web form>", runs, seed, calibrated=bool(flat.get("calibrate")),
            sector=flat.get("sector") or None, warehouse=get_warehouse(request)))
        best = None
        if flat.get("action") == "optimise":
            best = await run_in_threadpool(_optimise, text, "<web form>", min(runs, 20_000), seed)
    except ValueError:
        return _page(request, form=form, error="runs and seed must be whole numbers", status=422)
    except ChuhaiError as exc:
        return _page(request, form=form, toml_text=flat.get("toml", ""), error=error_text(request, exc),
                     status=exc.http_status)
    return _page(request, form=form, toml_text=text, result=result, best=best)
