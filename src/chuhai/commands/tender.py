"""``chuhai tender``: rule packs, evaluate, simulate and optimise a tender file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from chuhai.commands.common import (
    JSON_OPT,
    WAREHOUSE_OPT,
    console,
    emit_json,
    err_console,
    open_warehouse,
)
from chuhai.commands.fmt import pct
from chuhai.commands.lang import current, label, msg, t
from chuhai.commands.tables import Col, show

if TYPE_CHECKING:
    from chuhai.messages import Message

tender_app = typer.Typer(help="How to win tenders: rule packs, evaluation, win probability, best offer.",
                         no_args_is_help=True)

TENDER_ARG = typer.Argument(..., help="Tender file (TOML, see docs/tender-format.md).")


def register(app: typer.Typer) -> None:
    app.add_typer(tender_app, name="tender")


def _money(x: float | None) -> str:
    return "–" if x is None else f"{x:,.2f}"


def _say(text: str) -> None:
    console.print(text, markup=False, highlight=False)


def _warn(warnings: list[str] | tuple[str, ...]) -> None:
    for w in warnings:
        _say(t("warning: {text}").format(text=w))


def _warn_msgs(warnings: tuple[Message, ...]) -> None:
    _warn([msg(w) for w in warnings])


def _conf(level: str) -> str:
    """A confidence level H/M/L, in words in Chinese (高/中/低)."""
    return {"H": t("high"), "M": t("medium"), "L": t("low")}.get(level, level) if current() == "zh" else level


def _scope(scope: str) -> str:
    """``country:ARM[:HS9028]`` as ``ARM · HS9028`` (or ``ARM · every product``)."""
    parts = scope.split(":")
    return " · ".join([*parts[1:2], parts[2] if len(parts) > 2 else t("every product")])


def _yes(flag: bool) -> str:
    return t("yes") if flag else t("no")


def _banner(demo: bool) -> None:
    """Demo tenders get their own banner (the warehouse banner speaks of trade data)."""
    if demo:
        err_console.print(t("DEMO TENDER — illustrative prices, not a real award."), style="bold yellow",
                          markup=False, highlight=False)


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Callable[[int, int], None] | None]:
    if not enabled:
        yield None
        return
    from rich.progress import Progress  # lazy: start-up speed

    with Progress(console=err_console, transient=True) as prog:
        task = prog.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            prog.update(task, completed=done, total=total)

        yield update


@tender_app.command("rules")
def rules_cmd(json_out: bool = JSON_OPT) -> None:
    """List the procurement rule packs with their mechanism, confidence and sources."""
    from chuhai.rules.bilingual import pick  # lazy: start-up speed
    from chuhai.tenders import list_rulepacks  # lazy: start-up speed

    packs = list_rulepacks()
    if json_out:
        emit_json([p.summary() for p in packs])
        return
    lang = current()
    zh = lang == "zh"  # Chinese: the jurisdiction's name and the instrument's Chinese name
    cols = [Col(t("id")), Col(t("rule pack"), drop=1, wrap=True), Col(t("jurisdiction"), drop=3, wrap=True),
            Col(t("mechanism"), drop=2), Col(t("conf.")), Col(t("instrument"), drop=4, wrap=True)]
    rows = [[p.id, label("rulepacks", p.id) if label("rulepacks", p.id) != p.id else p.name,
             label("jurisdictions", p.jurisdiction) if zh else p.jurisdiction, t(p.mechanism),
             _conf(p.confidence), pick(p, "instrument", lang)]
            for p in packs]
    show(console, cols, rows)
    _say(t("Details: chuhai tender rule ID. Confidence L = verify before relying on it."))


@tender_app.command("rule")
def rule_cmd(pack_id: str = typer.Argument(..., help="Rule pack id."), json_out: bool = JSON_OPT) -> None:
    """Show one rule pack in full: parameters with source and confidence, gates, sources."""
    from chuhai.rules.bilingual import cited, pick, texts  # lazy: start-up speed
    from chuhai.tenders import get_rulepack  # lazy: start-up speed

    p = get_rulepack(pack_id)
    if json_out:
        emit_json(p.to_dict())
        return
    lang = current()
    zh = lang == "zh"
    _say(t("{name} ({id}, confidence {confidence})").format(
        name=pick(p, "name", lang), id=p.id, confidence=_conf(p.confidence)))
    # an instrument's own title follows its Chinese name as a marked citation (docs/i18n.md)
    instrument = cited(p.instrument_zh, p.cite) if zh else p.instrument
    _say(f"{instrument} — {pick(p, 'clause', lang)}\n"
         + t("Eligibility: {text}").format(text=pick(p, "eligibility", lang)))
    cols = [Col(t("parameter")), Col(t("value"), "right"), Col(t("conf.")), Col(t("verified"), drop=3),
            Col(t("source"), drop=1, wrap=True), Col(t("note"), drop=2, wrap=True)]
    rows = [[f"`{path}`" if zh else path, t("unset") if prm.value is None else f"{prm.value:g}",
             _conf(prm.confidence), _yes(prm.verified), prm.source, pick(prm, "note", lang)]
            for path, prm in p.all_params()]
    show(console, cols, rows)
    for g in p.gates:
        _say(t("gate {name} ({kind}, {confidence}): {text}").format(
            name=label("gates", g.name), kind=label("gate_kinds", g.kind), confidence=_conf(g.confidence),
            text=pick(g, "description", lang)))
    if p.jv_rule:
        _say(t("JV/partner rule: {text}").format(text=pick(p, "jv_rule", lang)))
    _warn([w.in_language(lang) for w in texts(p, "warnings")])
    for s in p.sources:
        title = cited(s.title_zh, s.title) if zh else s.title
        console.print(f"[{s.ref}] {title} {s.url or ''}", highlight=False, markup=False)


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
    _say(t("rule pack {pack}, method {method}, mechanism {mechanism}, {quantity:,.0f} units, {currency}")
         .format(pack=label("rulepacks", ev.rulepack), method=label("methods", ev.method),
                 mechanism=t(ev.mechanism), quantity=ev.quantity, currency=ev.currency))
    r = "right"
    cols = [Col(t("rank"), r), Col(t("bidder")), Col(t("price"), r), Col(t("evaluated"), r),
            Col(t("score"), r, drop=4), Col(t("preferred"), drop=3), Col(t("LC"), r, drop=2),
            Col(t("share"), r, drop=5), Col(t("why lost"), drop=1, wrap=True)]
    rows = [[str(b.rank or "—"), b.bidder, _money(b.price), _money(b.evaluated_price),
             "—" if b.score is None else f"{b.score:.2f}", _yes(b.preferred), pct(b.local_content, 0),
             pct(b.share, 0), "" if b.why_lost_message is None else msg(b.why_lost_message)]
            for b in sorted(ev.bids, key=lambda b: (b.rank is None, b.rank or 0))]
    show(console, cols, rows)
    _say(t("winner: {name}").format(name=ev.winner or t("none")))
    for a in ev.awards:
        _say("  " + t("award: {bidder} — {share} ({quantity:,.0f} units) at {price:,.2f}").format(
            bidder=a.bidder, share=pct(a.share, 0), quantity=a.quantity, price=a.unit_price))
    for lot_id, lot in ev.lots:
        _say("  " + t("lot {lot}: winner {name}").format(lot=lot_id, name=lot.winner or t("none")))
    if steps:
        for b in ev.bids:
            console.print(b.bidder, style="bold", markup=False, highlight=False)
            for s in b.step_messages:
                _say(f"  · {msg(s)}")
    _warn_msgs(ev.warning_messages)


@tender_app.command("simulate")
def simulate_cmd(
    tender: Path = TENDER_ARG,
    runs: int | None = typer.Option(None, "--runs", "-n", help="Simulated tenders (default: the file's)."),
    seed: int | None = typer.Option(None, "--seed", "-s", help="Random seed (default: the file's)."),
    offer: str | None = typer.Option(None, "--offer", help="The own offer to simulate (bidder name)."),
    calibrate_hs: str | None = typer.Option(
        None, "--calibrate", help="Calibrate the rivals from the warehouse's award data and OCDS bids for "
        "the buyer × this HS2/4/6 sector (e.g. 9028)."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Monte Carlo win probability and expected profit against rival archetypes (or rivals
    calibrated from award data with --calibrate)."""
    from chuhai.tenders import load_tender, simulate  # lazy: start-up speed

    tf = load_tender(tender)
    with _progress(not json_out, t("simulating tenders")) as cb:
        if calibrate_hs:
            from chuhai.tenders.calibrate import (  # lazy: start-up speed
                calibrate,
                simulate_calibrated,
            )
            from chuhai.tenders.history import check_products  # lazy: start-up speed

            check_products((calibrate_hs,))
            cal = calibrate(open_warehouse(warehouse), buyer=tf.tender.buyer_country, sector=calibrate_hs)
            res = simulate_calibrated(tf, cal, runs=runs, seed=seed, offer=offer, progress=cb)
        else:
            res = simulate(tf, runs=runs, seed=seed, offer=offer, progress=cb)
    from chuhai.commands.evidence_view import (  # lazy: start-up speed
        print_evidence,
        tender_evidence,
    )

    hist = tender_evidence(tf, warehouse)
    if json_out:
        emit_json({**res.to_dict(), **({"evidence": hist.to_dict()} if hist is not None else {})})
        return
    _banner(tf.tender.demo)
    _say(t("{runs:,} simulated tenders, seed {seed}; own offer {own}").format(
        runs=res.runs, seed=res.seed, own=res.own))
    r = "right"
    show(console, [Col(t("bidder")), Col(t("win probability"), r), Col(t("expected share"), r)],
         [[name, pct(p), pct(res.expected_share[name])]
          for name, p in sorted(res.win_probability.items(), key=lambda kv: -kv[1])])
    cols = [Col(t("own offer")), Col(t("eligible"), drop=2), Col(t("preferred"), drop=3),
            Col(t("win probability"), r), Col(t("E(profit) {currency}").format(currency=tf.tender.currency), r),
            Col(t("E(profit) USD"), r, drop=1)]
    show(console, cols, [[a.bidder, _yes(a.eligible), _yes(a.preferred), pct(a.win_probability),
                           _money(a.expected_profit), _money(a.expected_profit_usd)] for a in res.alternatives])
    if res.calibration is not None and res.calibration.rivals:
        show(console, [Col(t("calibrated rival")), Col(t("price ratio"), r), Col(t("archetype's"), r, drop=2),
                       Col(t("won in awards"), r), Col(t("fitted"), r), Col("n", r), Col(t("source"), drop=1)],
             [[c.name, f"{c.price_ratio:.3f}", f"{c.archetype_price_ratio:.2f}", pct(c.observed_share or 0.0),
               pct(c.fitted_share or 0.0), str(c.n), c.source] for c in res.calibration.rivals])
    if res.calibration is not None and res.calibration.parameters:
        names = {"price_ratio": t("median bid / estimate"), "price_sd": t("bid spread (log-sd)"),
                 "tenderers": t("tenderers per tender (median)")}
        show(console, [Col(t("measured from OCDS bids")), Col(t("value"), r), Col(t("95% interval"), r),
                       Col("n", r), Col(t("used"), r), Col(t("scope"), drop=1)],
             [[names.get(p.name, p.name), f"{p.value:.3f}", f"{p.low:.3f}–{p.high:.3f}", str(p.n), _yes(p.used),
               _scope(p.scope)] for p in res.calibration.parameters])
    if hist is not None:
        print_evidence(hist)
    _warn_msgs(res.warning_messages)


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

    tf = load_tender(tender)
    with _progress(not json_out, t("searching offers")) as cb:
        res = optimise(tf, runs=runs, seed=seed, min_win_probability=min_win, min_margin=min_margin,
                       progress=cb)
    if json_out:
        emit_json(res.to_dict())
        return
    _banner(res.demo)
    b = res.best
    kit = (t(", kit {kit:,.2f}, partner share {share}").format(kit=b.kit_price, share=pct(b.partner_share, 0))
           if b.kit_price else "")
    usd = (t(" (US$ {profit:,.0f})").format(profit=res.best_profit_usd) if res.best_profit_usd is not None
           else "")
    _say(t("best: {mode} at {price:,.2f} {currency}{kit} → win {win}, E(profit) {profit:,.0f}{usd}").format(
        mode=label("modes", b.mode), price=b.price, currency=tf.tender.currency, kit=kit,
        win=pct(b.win_probability), profit=b.expected_profit, usd=usd))
    r = "right"
    cols = [Col(t("mode")), Col(t("price"), r), Col(t("kit"), r, drop=3), Col(t("share"), r, drop=4),
            Col(t("LC"), r, drop=2), Col(t("preferred"), drop=5), Col(t("win"), r), Col(t("E(profit)"), r),
            Col(t("margin"), r, drop=1)]
    rows = [[label("modes", p.mode), _money(p.price), _money(p.kit_price), pct(p.partner_share, 0),
             pct(p.local_content, 0), _yes(p.preferred), pct(p.win_probability), f"{p.expected_profit:,.0f}",
             pct(p.margin)] for p in res.frontier if p.pareto]
    show(console, cols, rows, title=t("Pareto frontier (all points: --json)"))
    _warn_msgs(res.warning_messages)
