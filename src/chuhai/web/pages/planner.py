"""The entry planner page: scenario form (defaults from the warehouse) or TOML, results with
frontier and tornado charts, save the scenario, one click to the full report."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from chuhai import charts
from chuhai.data.codes import HS6_INPUT, ISO3_INPUT
from chuhai.data.reference.names import label, with_mode_names
from chuhai.data.reference.procurement_methods import load_methods
from chuhai.entry import REGIMES
from chuhai.entry.modes import builtin_modes
from chuhai.errors import ChuhaiError
from chuhai.i18n.catalogs import message_text, translations
from chuhai.i18n.relocalise import relocalise
from chuhai.messages import Message
from chuhai.web.deps import get_plans, get_warehouse
from chuhai.web.render import error_text, render, request_lang
from chuhai.web.scenario_form import (
    COMPONENT_ROWS,
    TARIFF_FORMS,
    defaults,
    form_to_scenario,
    scenario_toml,
)
from chuhai.web.services.plan import run_plan

__all__ = ["router"]

router = APIRouter()


def _regimes() -> dict[str, str]:
    return {k: r.name for k, r in REGIMES.items()}


def _modes() -> dict[str, str]:
    return {k: m.label for k, m in builtin_modes().items()}


def _ticked(raw: FormData, name: str) -> list[str] | None:
    """The ticked boxes of ``name`` when the form offered them (its ``<name>_offered``
    field), else None (a client that sends no such choice gets the scenario's default)."""
    if not raw.get(f"{name}_offered"):
        return None
    return [v for v in raw.getlist(name) if isinstance(v, str)]


def _figures(result: dict[str, Any], lang: str) -> dict[str, Any]:
    t = translations(lang).gettext
    figs = {"frontier": charts.frontier(
        with_mode_names(result, lang), title=t("Entry modes: firm NPV against local value created"),
        x=t("local value added, USD"), y=t("firm NPV, USD"), names=(t("Pareto set"), t("dominated")),
        text="name", lang=lang)}
    if result.get("tornado", {}).get("bars"):
        figs["tornado"] = charts.tornado(result, title=t("What moves the firm's NPV") + f" ({label('modes', result['tornado']['mode'], lang)})",
                                         low=t("low input"), high=t("high input"), lang=lang)
    return figs


def _page(request: Request, *, form: dict[str, Any], notes: dict[str, Message], toml_text: str = "",
          result: dict[str, Any] | None = None, error: str | None = None, status: int = 200,
          saved: str = "", product: str = "", exporter: str = "CHN") -> HTMLResponse:
    lang = request_lang(request)
    if result:  # the engine's sentences (reasons, warnings) in the page's language
        result = relocalise(result, lang, None if lang == "en" else translations(lang).gettext)
    return render(request, "planner.html", status=status, form=form,
                  notes={k: message_text(n, lang) for k, n in notes.items()}, toml_text=toml_text,
                  result=result, error=error, figs=_figures(result, lang) if result else {},
                  regimes=_regimes(), modes=_modes(), tariff_forms=TARIFF_FORMS, rows=COMPONENT_ROWS, saved=saved,
                  product=product or form.get("hs6", ""), exporter=exporter,
                  methods={k: m.label(lang) for k, m in load_methods().items()})


@router.get("/plan", response_class=HTMLResponse)
async def planner(request: Request, market: str | None = Query(None, pattern=ISO3_INPUT),
                  product: str | None = Query(None, pattern=HS6_INPUT),
                  scenario: str | None = Query(None, max_length=64)) -> HTMLResponse:
    wh = get_warehouse(request)
    form, notes = defaults(wh, country=market, hs6=product)
    if scenario:
        text = get_plans(request).load("scenario", scenario)
        try:
            result = await run_in_threadpool(run_plan, wh, text, file=f"scenario/{scenario}.toml")
        except ChuhaiError as exc:
            return _page(request, form=form, notes=notes, toml_text=text, error=error_text(request, exc),
                         status=exc.http_status, saved=scenario)
        return _page(request, form=form, notes=notes, toml_text=text, result=result, saved=scenario)
    return _page(request, form=form, notes=notes)


@router.post("/plan", response_class=HTMLResponse)
async def run_planner(request: Request) -> HTMLResponse:
    """Run the plan from the form fields, or from the TOML text when ``mode=toml``."""
    raw = await request.form()
    form: dict[str, Any] = {k: v for k, v in raw.items()
                            if isinstance(v, str) and k not in ("regimes", "modes")}
    wh = get_warehouse(request)
    base, notes = defaults(wh, country=form.get("country"), hs6=form.get("hs6"))
    try:
        if form.get("mode") == "toml":
            text = form.get("toml", "")
        else:
            regimes, modes = _ticked(raw, "regimes"), _ticked(raw, "modes")
            form |= {k: v for k, v in (("regimes", regimes), ("modes", modes)) if v is not None}
            text = scenario_toml(form_to_scenario(form, regimes, modes))
        result = await run_in_threadpool(run_plan, wh, text)
    except ChuhaiError as exc:
        return _page(request, form={**base, **form}, notes=notes, toml_text=form.get("toml", ""),
                     error=error_text(request, exc), status=exc.http_status)
    return _page(request, form={**base, **form}, notes=notes, toml_text=text, result=result,
                 product=form.get("hs6", ""), exporter=form.get("home", "CHN"))
