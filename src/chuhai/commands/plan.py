"""``chuhai plan SCENARIO.toml``: compare entry modes (thin shell over :func:`chuhai.entry.plan`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich import box
from rich.table import Table

from chuhai.commands.common import (
    JSON_OPT,
    WAREHOUSE_OPT,
    console,
    demo_banner,
    emit_json,
    open_warehouse,
)
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError

if TYPE_CHECKING:  # the engine (SciPy) is imported when the command runs, not at start-up
    from chuhai.entry import PlanResult

__all__ = ["register"]


def _usd(x: float | None) -> str:
    if x is None:
        return "—"
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.2f}m"
    return f"{x / 1e3:,.0f}k" if abs(x) >= 1e4 else f"{x:,.0f}"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def _table(res: PlanResult) -> Table:
    primary = res.regimes[0]
    t = Table(title=f"Entry modes — {res.market_name} ({res.scenario}), s = {res.share:.2f}, "
                    f"USD over {res.horizon_years} years",
              box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
    for col in ("mode", "firm\nNPV", "partner\nNPV", "local\njobs",
                "local\nVA", "host\ntaxes", "LC", "qual", "P"):
        t.add_column(col, justify="left" if col == "mode" else "right", no_wrap=True,
                     min_width={"LC": 4, "P": 3}.get(col))
    for m in res.modes:
        ok = f"{sum(m.qualifies.values())}/{len(m.qualifies)}"
        star = "★" if m.pareto else ""
        if m.mode == res.recommendation[0]:
            star += " ◀"
        if m.gates:
            star += "✗"
        t.add_row(m.mode, _usd(m.firm_npv_usd), _usd(m.partner_npv_usd),
                  f"{m.value.jobs:,.1f}", _usd(m.value.value_added_usd),
                  _usd(m.value.host_taxes_usd), _pct(m.local_content[primary]), ok, star)
    t.caption = (f"LC: local content under {primary}; qual: regimes qualified of "
                 f"{', '.join(res.regimes)}; P: ★ Pareto, ◀ recommended, ✗ tenders closed by a gate; "
                 "USD (k thousand, m million)")
    return t


def _details(res: PlanResult) -> None:
    rec = res.mode(res.recommendation[0])
    console.print(f"\n[bold]Recommendation:[/] {res.recommendation[1]}")
    crit = ", ".join(rec.sourcing["critical"]) or "none"
    console.print(f"Critical imported parts: {crit}; bought locally in {rec.mode}: "
                  f"{', '.join(rec.sourcing['local']) or 'nothing'}", markup=False)
    mc = rec.montecarlo
    console.print(f"Monte Carlo ({mc.draws} draws, seed {mc.seed}) firm NPV of {rec.label}: "
                  f"P10 {_usd(mc.p10)}  P50 {_usd(mc.p50)}  P90 {_usd(mc.p90)}  "
                  f"P(NPV<0) {mc.prob_negative:.0%}")
    bars = ", ".join(f"{b.variable} {_usd(b.npv_low)}…{_usd(b.npv_high)}" for b in res.tornado)
    console.print(f"Tornado ({res.tornado_mode}): {bars}")
    for m in res.modes:
        k = m.kit
        if k is None:
            continue
        rng = ("none" if k.feasible_min_usd is None
               else f"{_usd(k.feasible_min_usd)}–{_usd(k.feasible_max_usd)}")
        console.print(f"Kit price {m.label}: now {k.kit_price_usd:,.2f}, feasible {rng} "
                      f"(LC cap {_usd(k.lc_cap_usd)}, break-even {_usd(k.break_even_usd)}); "
                      f"{k.regime} needs ≥ {k.min_local_content:.0%}, has "
                      f"{k.local_content:.0%}{'; ' + k.note if k.note else ''}", markup=False)
    for w in res.warnings:
        console.print(f"[yellow]warning:[/] {w}", highlight=False)


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
            html.write_text(render_plan_page(res), encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write HTML: {exc.strerror}", file=html) from exc
    if as_json:
        emit_json(res.to_dict())
        return
    console.print(_table(res))
    _details(res)
    if html is not None:
        console.print(f"HTML page written to {html}")


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_cmd)
