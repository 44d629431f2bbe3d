"""``chuhai tender``: rule packs, evaluate, simulate and optimise a tender file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table

from chuhai.commands.common import JSON_OPT, console, emit_json, err_console

tender_app = typer.Typer(help="How to win tenders: rule packs, evaluation, win probability, best offer.",
                         no_args_is_help=True)

TENDER_ARG = typer.Argument(..., help="Tender file (TOML, see docs/tender-format.md).")


def register(app: typer.Typer) -> None:
    app.add_typer(tender_app, name="tender")


def _money(x: float | None) -> str:
    return "—" if x is None else f"{x:,.2f}"


def _warn(warnings: list[str] | tuple[str, ...]) -> None:
    for w in warnings:
        console.print(f"[yellow]warning:[/] {w}", highlight=False)


def _banner(demo: bool) -> None:
    """Demo tenders get their own banner (the warehouse banner speaks of trade data)."""
    if demo:
        err_console.print("[bold yellow]DEMO TENDER — illustrative prices, not a real award. 演示招标。[/]")


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Callable[[int, int], None] | None]:
    if not enabled:
        yield None
        return
    with Progress(console=err_console, transient=True) as prog:
        task = prog.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            prog.update(task, completed=done, total=total)

        yield update


@tender_app.command("rules")
def rules_cmd(json_out: bool = JSON_OPT) -> None:
    """List the procurement rule packs with their mechanism, confidence and sources."""
    from chuhai.tenders import list_rulepacks  # lazy: start-up speed

    packs = list_rulepacks()
    if json_out:
        emit_json([p.summary() for p in packs])
        return
    tab = Table("id", "jurisdiction", "mechanism", "conf.", "instrument", show_lines=False)
    for p in packs:
        tab.add_row(p.id, p.jurisdiction, p.mechanism, p.confidence, p.instrument[:70])
    console.print(tab)
    console.print("Details: chuhai tender rule ID. Confidence L = verify before relying on it.")


@tender_app.command("rule")
def rule_cmd(pack_id: str = typer.Argument(..., help="Rule pack id."), json_out: bool = JSON_OPT) -> None:
    """Show one rule pack in full: parameters with source and confidence, gates, sources."""
    from chuhai.tenders import get_rulepack  # lazy: start-up speed

    p = get_rulepack(pack_id)
    if json_out:
        emit_json(p.to_dict())
        return
    console.print(f"[bold]{p.name}[/] ({p.id}, confidence {p.confidence})", highlight=False)
    console.print(f"{p.instrument} — {p.clause}\nEligibility: {p.eligibility}", highlight=False)
    tab = Table("parameter", "value", "conf.", "verified", "source", "note")
    for path, prm in p.all_params():
        val = "unset" if prm.value is None else f"{prm.value:g}"
        tab.add_row(path, val, prm.confidence, "yes" if prm.verified else "NO", prm.source, prm.note)
    console.print(tab)
    for g in p.gates:
        console.print(f"gate [bold]{g.name}[/] ({g.kind}, {g.confidence}): {g.description}", highlight=False)
    if p.jv_rule:
        console.print(f"JV/partner rule: {p.jv_rule}", highlight=False)
    _warn(p.warnings)
    for s in p.sources:
        console.print(f"[{s.ref}] {s.title} {s.url or ''}", highlight=False, markup=False)


@tender_app.command("evaluate")
def evaluate_cmd(tender: Path = TENDER_ARG, json_out: bool = JSON_OPT,
                 steps: bool = typer.Option(True, "--steps/--no-steps", help="Show every step per bid.")) -> None:
    """Rank the offers: responsiveness, gates, local content, evaluated price, score, winner."""
    from chuhai.tenders import evaluate, load_tender  # lazy: start-up speed

    ev = evaluate(load_tender(tender))
    if json_out:
        emit_json(ev.to_dict())
        return
    _banner(ev.demo)
    console.print(f"rule pack [bold]{ev.rulepack}[/], method {ev.method}, mechanism {ev.mechanism}, "
                  f"{ev.quantity:,.0f} units, {ev.currency}", highlight=False)
    tab = Table("rank", "bidder", "price", "evaluated", "score", "preferred", "LC", "share", "why lost")
    for b in sorted(ev.bids, key=lambda b: (b.rank is None, b.rank or 0)):
        tab.add_row(str(b.rank or "—"), b.bidder, _money(b.price), _money(b.evaluated_price),
                    "—" if b.score is None else f"{b.score:.2f}", "yes" if b.preferred else "no",
                    f"{b.local_content:.0%}", f"{b.share:.0%}", b.why_lost or "")
    console.print(tab)
    console.print(f"winner: [bold green]{ev.winner or 'none'}[/]", highlight=False)
    for a in ev.awards:
        console.print(f"  award: {a.bidder} — {a.share:.0%} ({a.quantity:,.0f} units) at {a.unit_price:,.2f}",
                      highlight=False)
    for lot_id, lot in ev.lots:
        console.print(f"  lot {lot_id}: winner {lot.winner or 'none'}", highlight=False)
    if steps:
        for b in ev.bids:
            console.print(f"[bold]{b.bidder}[/]", highlight=False)
            for s in b.steps:
                console.print(f"  · {s}", highlight=False, markup=False)
    _warn(ev.warnings)


@tender_app.command("simulate")
def simulate_cmd(
    tender: Path = TENDER_ARG,
    runs: int | None = typer.Option(None, "--runs", "-n", help="Simulated tenders (default: the file's)."),
    seed: int | None = typer.Option(None, "--seed", "-s", help="Random seed (default: the file's)."),
    offer: str | None = typer.Option(None, "--offer", help="The own offer to simulate (bidder name)."),
    json_out: bool = JSON_OPT,
) -> None:
    """Monte Carlo win probability and expected profit against rival archetypes."""
    from chuhai.tenders import load_tender, simulate  # lazy: start-up speed

    t = load_tender(tender)
    with _progress(not json_out, "simulating tenders") as cb:
        res = simulate(t, runs=runs, seed=seed, offer=offer, progress=cb)
    if json_out:
        emit_json(res.to_dict())
        return
    _banner(t.tender.demo)
    console.print(f"{res.runs:,} simulated tenders, seed {res.seed}; own offer [bold]{res.own}[/]",
                  highlight=False)
    tab = Table("bidder", "win probability", "expected share")
    for name, p in sorted(res.win_probability.items(), key=lambda kv: -kv[1]):
        tab.add_row(name, f"{p:.1%}", f"{res.expected_share[name]:.1%}")
    console.print(tab)
    alt = Table("own alternative", "eligible", "preferred", "win probability", f"E(profit) {t.tender.currency}",
                "E(profit) USD")
    for a in res.alternatives:
        alt.add_row(a["bidder"], str(a["eligible"]), str(a["preferred"]), f"{a['win_probability']:.1%}",
                    _money(a["expected_profit"]), _money(a["expected_profit_usd"]))
    console.print(alt)
    _warn(res.warnings)


@tender_app.command("optimise")
def optimise_cmd(
    tender: Path = TENDER_ARG,
    runs: int | None = typer.Option(None, "--runs", "-n", help="Simulated tenders per candidate."),
    seed: int | None = typer.Option(None, "--seed", "-s", help="Random seed."),
    min_win: float | None = typer.Option(None, "--min-win", help="Minimum win probability (0–1)."),
    min_margin: float | None = typer.Option(None, "--min-margin", help="Minimum margin on price (0–1)."),
    json_out: bool = JSON_OPT,
) -> None:
    """Search mode, price, kit price and partner share for the best expected profit."""
    from chuhai.tenders import load_tender, optimise  # lazy: start-up speed

    t = load_tender(tender)
    with _progress(not json_out, "searching offers") as cb:
        res = optimise(t, runs=runs, seed=seed, min_win_probability=min_win, min_margin=min_margin,
                       progress=cb)
    if json_out:
        emit_json(res.to_dict())
        return
    _banner(res.demo)
    b = res.best
    console.print(f"best: [bold]{b.mode}[/] at {b.price:,.2f} {t.tender.currency}"
                  + (f", kit {b.kit_price:,.2f}, partner share {b.partner_share:.0%}" if b.kit_price else "")
                  + f" → win {b.win_probability:.1%}, E(profit) {b.expected_profit:,.0f}"
                  + (f" (US$ {res.best_profit_usd:,.0f})" if res.best_profit_usd is not None else ""),
                  highlight=False)
    tab = Table("mode", "price", "kit", "share", "LC", "preferred", "win", "E(profit)", "margin",
                title="Pareto frontier (all points: --json)")
    for p in (p for p in res.frontier if p.pareto):
        tab.add_row(p.mode, _money(p.price), _money(p.kit_price),
                    "—" if p.partner_share is None else f"{p.partner_share:.0%}", f"{p.local_content:.0%}",
                    "yes" if p.preferred else "no", f"{p.win_probability:.1%}", f"{p.expected_profit:,.0f}",
                    "—" if p.margin is None else f"{p.margin:.1%}")
    console.print(tab)
    _warn(res.warnings)
