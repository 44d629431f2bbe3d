"""``chuhai plan SCENARIO.toml``: compare entry modes (thin shell over :func:`chuhai.entry.plan`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from chuhai.commands.common import (
    JSON_OPT,
    WAREHOUSE_OPT,
    console,
    demo_banner,
    emit_json,
    open_warehouse,
)
from chuhai.commands.fmt import money, pct
from chuhai.commands.lang import current, label, msg, t
from chuhai.commands.tables import Col, show
from chuhai.errors import InputError

if TYPE_CHECKING:  # the engine (SciPy) is imported when the command runs, not at start-up
    from chuhai.data.warehouse import Warehouse
    from chuhai.entry import PlanResult

__all__ = ["register"]


def _usd(x: float | None) -> str:
    return money(x)


def _table(res: PlanResult) -> None:
    primary = res.regimes[0]
    r = "right"
    cols = [Col(t("mode")), Col(t("firm\nNPV"), r), Col(t("partner\nNPV"), r, drop=3),
            Col(t("local\njobs"), r, drop=2), Col(t("local\nVA"), r, drop=4),
            Col(t("host\ntaxes"), r, drop=5), Col(t("LC"), r), Col(t("qual"), r, drop=1), Col(t("P"))]
    rows = []
    for m in res.modes:
        ok = f"{sum(m.qualifies.values())}/{len(m.qualifies)}"
        star = "★" if m.pareto else ""
        if m.mode == res.recommended:
            star += " ◀"
        if m.gate_messages:
            star += "✗"
        rows.append([label("modes", m.mode), _usd(m.firm_npv_usd), _usd(m.partner_npv_usd),
                     f"{m.value.jobs:,.1f}", _usd(m.value.value_added_usd), _usd(m.value.host_taxes_usd),
                     pct(m.local_content[primary], 0), ok, star])
    title = t("Entry modes — {market} ({scenario}), s = {share:.2f}, USD over {years} years").format(
        market=res.market_name, scenario=res.scenario, share=res.share, years=res.horizon_years)
    caption = t("LC: local content under {primary}; qual: regimes qualified of {regimes}; P: ★ Pareto, "
                "◀ recommended, ✗ tenders closed by a gate; USD").format(
        primary=label("regimes", primary), regimes=t(", ").join(label("regimes", x) for x in res.regimes))
    show(console, cols, rows, title=title, caption=caption)


def _say(text: str) -> None:
    # soft wrap: a long Chinese line is never broken inside a word such as DPIIT
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _details(res: PlanResult) -> None:
    rec = res.mode(res.recommended)
    _say("\n" + t("Recommendation:") + " " + msg(res.recommendation_reason))
    crit = t(", ").join(rec.sourcing["critical"]) or t("none")
    local = t(", ").join(rec.sourcing["local"]) or t("nothing")
    _say(t("Critical imported parts: {critical}; bought locally in {mode}: {local}").format(
        critical=crit, mode=label("modes", rec.mode), local=local))
    mc = rec.montecarlo
    _say(t("Monte Carlo ({draws} draws, seed {seed}) firm NPV of {mode}: P10 {p10}  P50 {p50}  P90 {p90}  "
           "P(NPV<0) {neg}").format(draws=mc.draws, seed=mc.seed, mode=label("modes", rec.mode),
                                    p10=_usd(mc.p10), p50=_usd(mc.p50), p90=_usd(mc.p90),
                                    neg=pct(mc.prob_negative, 0)))
    bars = t(", ").join(f"{t(b.variable)} {_usd(b.npv_low)}…{_usd(b.npv_high)}" for b in res.tornado)
    _say(t("Tornado ({mode}): {bars}").format(mode=label("modes", res.tornado_mode), bars=bars))
    sep = "；" if current() == "zh" else "; "
    for m in res.modes:
        k = m.kit
        if k is None:
            continue
        rng = (t("none") if k.feasible_min_usd is None
               else f"{_usd(k.feasible_min_usd)}–{_usd(k.feasible_max_usd)}")
        _say(t("Kit price {mode}: now {price:,.2f}, feasible {range} (LC cap {cap}, break-even {even}); "
               "{regime} needs ≥ {need}, has {has}").format(
            mode=label("modes", m.mode), price=k.kit_price_usd, range=rng, cap=_usd(k.lc_cap_usd),
            even=_usd(k.break_even_usd), regime=label("regimes", k.regime), need=pct(k.min_local_content, 0),
            has=pct(k.local_content, 0)) + "".join(sep + msg(n) for n in k.note_messages))
    _evidence(res)
    for w in res.warning_messages:
        _say(t("warning: {text}").format(text=msg(w)))


def _evidence(res: PlanResult, top: int = 10) -> None:
    """The market's real award contracts for the product, beside the plan's tender outcome."""
    ev = res.evidence
    if ev is None:
        return
    _say("\n" + t("Who won here (real awards):") + " " + msg(ev.summary_message))
    if ev.beside_message is not None:
        _say(msg(ev.beside_message))
    if not ev.contracts:
        return
    from chuhai.data.reference.procurement_methods import load_methods  # lazy: start-up speed

    methods, lang = load_methods(), current()
    origins = {"domestic": t("domestic"), "bloc": t("same bloc"), "chinese": t("Chinese"),
               "other": t("other foreign")}
    r = "right"
    show(console, [Col(t("FY")), Col(t("supplier")), Col(t("country")), Col(t("winner")),
                   Col(t("method"), drop=2), Col(t("amount"), r), Col(t("description"), drop=1)],
         [[str(c.fiscal_year or "—"), c.supplier or "—", c.supplier_country or "—",
           origins.get(c.origin or "", "—"),
           methods[c.method].label(lang) if c.method in methods else (c.method or "—"),
           "—" if c.amount is None else f"{money(c.amount)} {c.currency or ''}".strip(),
           (c.description or "")[:60]] for c in ev.contracts[:top]],
         title=t("Real contracts: {market} × HS {products}").format(
             market=res.market_name, products=t(", ").join(ev.products)))


def plan_cmd(
    scenario: Path = typer.Argument(..., help="Scenario TOML file (see docs/scenario-format.md)."),
    share: float | None = typer.Option(None, "--share", "-s",
                                       help="Firm's share s of partner profit (overrides the file)."),
    warehouse: Path | None = WAREHOUSE_OPT,
    as_json: bool = JSON_OPT,
    html: Path | None = typer.Option(None, "--html", help="Also write an offline HTML page here."),
) -> None:
    """Compare entry modes: firm NPV, partner deal, local content, jobs and local value."""
    from chuhai.entry import load_scenario, plan  # lazy: start-up speed

    sc = load_scenario(scenario)
    wh: Warehouse | None = open_warehouse(warehouse)
    if warehouse is None and wh is not None and not wh.exists():
        wh = None  # no default warehouse yet: tariffs from the scenario, else warned
    res = plan(sc, warehouse=wh, share=share)
    demo_banner(res.demo)
    if html is not None:
        from chuhai.report.plan_page import render_plan_page  # lazy: start-up speed

        try:
            html.write_text(render_plan_page(res, current()), encoding="utf-8")
        except OSError as exc:
            raise InputError(t("cannot write HTML: {reason}").format(reason=exc.strerror), file=html) from exc
    if as_json:
        emit_json(res.to_dict())
        return
    _table(res)
    _details(res)
    if html is not None:
        _say(t("HTML page written to {path}").format(path=html))


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_cmd)
