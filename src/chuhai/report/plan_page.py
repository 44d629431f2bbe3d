"""Offline HTML page for an entry plan, in the CLI's language: table, the market's real
award contracts, frontier, tornado, Monte Carlo.

Plotly's JavaScript is inlined from the installed ``plotly`` package
(:func:`plotly.offline.get_plotlyjs`), so the page renders without a network. Words come
from the UI catalog (``messages`` domain), the engine's sentences are rendered in ``lang``
(:func:`chuhai.i18n.catalogs.message_text`), ids are named (:func:`names.label`), numbers go
through :mod:`chuhai.numbers` (万/亿 in Chinese).
"""

from __future__ import annotations

import html
import json

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from chuhai import charts, numbers
from chuhai.data.messages import DEMO_BANNER
from chuhai.data.reference.names import country_name, label, with_mode_names
from chuhai.data.reference.procurement_methods import load_methods
from chuhai.entry.planner import PlanResult
from chuhai.i18n.catalogs import message_text, translations
from chuhai.messages import Translate

__all__ = ["render_plan_page"]

_CSS = """
body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;font-size:0.9em}td,th{border:1px solid #ccc;padding:4px 8px}
td.n{text-align:right}tr.rec{background:#eef7ee}.demo{background:#fff3cd;border:2px solid #e0a800;
padding:0.8em;font-weight:bold}.warn{color:#8a5a00}
"""
_ORIGINS = {"domestic": "domestic", "bloc": "same bloc", "chinese": "Chinese", "other": "other foreign"}


def _e(text: str) -> str:
    return html.escape(text)


def _table(res: PlanResult, lang: str, t: Translate) -> str:
    money = lambda x: numbers.money(x, lang)  # noqa: E731
    regimes = [label("regimes", r, lang) for r in res.regimes]
    head = ("<tr>" + "".join(f"<th>{_e(t(h))}</th>" for h in
                             ("Mode", "Firm NPV", "Partner NPV", "Firm IRR", "Local jobs",
                              "Local value added", "Host taxes"))
            + "".join(f"<th>{_e(t('Local content'))}: {_e(r)}</th>" for r in regimes)
            + f"<th>{_e(t('Pareto'))}</th><th>{_e(t('Tender gates'))}</th></tr>")
    rows = []
    for m in res.modes:
        cls = ' class="rec"' if m.mode == res.recommended else ""
        irr = "—" if m.firm_irr.value is None else numbers.percent(m.firm_irr.value, lang, 0)
        lc = "".join(
            f"<td class=n title='{html.escape(message_text(m.band_messages[r], lang), quote=True)}'>"
            f"{numbers.percent(m.local_content[r], lang, 0)}{' ✓' if m.qualifies[r] else ''}</td>"
            for r in res.regimes)
        gates = _e(("；" if lang == "zh" else "; ").join(message_text(g, lang) for g in m.gate_messages))
        rows.append(
            f"<tr{cls}><td>{_e(label('modes', m.mode, lang))}</td><td class=n>{money(m.firm_npv_usd)}</td>"
            f"<td class=n>{money(m.partner_npv_usd)}</td><td class=n>{irr}</td>"
            f"<td class=n>{numbers.people(m.value.jobs, lang)}</td><td class=n>{money(m.value.value_added_usd)}</td>"
            f"<td class=n>{money(m.value.host_taxes_usd)}</td>{lc}"
            f"<td>{'★' if m.pareto else ''}</td><td>{gates}</td></tr>")
    note = t("✓ = meets the regime's threshold (hover for the preference band); primary regime: {regime}")
    return f"<table>{head}{''.join(rows)}</table><p>{_e(note.format(regime=regimes[0]))}</p>"


def _evidence(res: PlanResult, lang: str, t: Translate) -> str:
    """The market's real award contracts for the product, beside the plan."""
    ev = res.evidence
    if ev is None:
        return ""
    methods = {k: m.label(lang) for k, m in load_methods().items()}
    said = "".join(f"<p>{_e(message_text(m, lang))}</p>"
                   for m in (ev.summary_message, ev.beside_message) if m is not None)
    rows = "".join(
        f"<tr><td>{c.fiscal_year or '—'}</td><td lang='en'>{_e(c.supplier or '—')}</td>"
        f"<td>{_e(country_name(c.supplier_country, lang) if c.supplier_country else '—')}</td>"
        f"<td>{_e(t(_ORIGINS[c.origin]) if c.origin in _ORIGINS else '—')}</td>"
        f"<td>{_e(methods.get(c.method, c.method) if c.method else '—')}</td>"
        f"<td class=n>{numbers.money(c.amount, lang, c.currency or 'USD') if c.amount is not None else '—'}</td>"
        f"<td lang='en'>{_e(c.description or '')}</td></tr>" for c in ev.contracts)
    head = "".join(f"<th>{_e(t(h))}</th>" for h in
                   ("FY", "supplier", "country", "Winner", "method", "Amount", "description"))
    table = f"<table id='evidence'><tr>{head}</tr>{rows}</table>" if rows else ""
    return f"<h2>{_e(t('Who won here: the real contracts'))}</h2>{said}{table}"


def _figures(res: PlanResult, lang: str, t: Translate) -> list[go.Figure]:
    d = with_mode_names(res.to_dict(), lang)
    rec = res.recommended
    mc = res.mode(rec).montecarlo
    name = label("modes", rec, lang)
    moves = t("What moves the firm's NPV")
    specs = [
        charts.frontier(d, title=t("Entry modes: firm NPV against local value created"),
                        x=t("local value added, USD"), y=t("firm NPV, USD"),
                        names=(t("Pareto set"), t("dominated")), text="name", lang=lang),
        charts.tornado(d, title=f"{moves} ({label('modes', res.tornado_mode, lang)})",
                       low=t("low input"), high=t("high input"), x_title=t("firm NPV, USD"), lang=lang),
        charts.montecarlo(next(m for m in d["modes"] if m["mode"] == rec),
                          title=t("Monte Carlo firm NPV of {mode} ({draws} draws, seed {seed})").format(
                              mode=name, draws=mc.draws, seed=mc.seed),
                          x_title=t("firm NPV, USD"), y_title=t("draws"), name=t("draws"), lang=lang),
    ]
    return [go.Figure(spec) for spec in specs]


def render_plan_page(res: PlanResult, lang: str = "en") -> str:
    """The full HTML document in ``lang`` (zh or en), self-contained, works offline."""
    t: Translate = (lambda s: s) if lang == "en" else translations(lang).gettext
    figs = "".join(f.to_html(full_html=False, include_plotlyjs=False) for f in _figures(res, lang, t))
    demo = f'<p class="demo">{_e(message_text(DEMO_BANNER(), lang))}</p>' if res.demo else ""
    warns = "".join(f'<li class="warn">{_e(message_text(w, lang))}</li>' for w in res.warning_messages)
    reason = message_text(res.recommendation_reason, lang)
    title = _e(t("Entry plan: {market} — {scenario}").format(
        market=country_name(res.market, lang), scenario=res.scenario))
    intro = t("Firm share of partner profit s = {share}; horizon {years} years from {year}.").format(
        share=f"{res.share:.2f}", years=res.horizon_years, year=res.year)
    return (
        f"<!doctype html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>{_CSS}</style><script>{get_plotlyjs()}</script></head><body>{demo}"
        f"<h1>{title}</h1><p>{_e(intro)}</p>"
        f"<h2>{_e(t('Recommendation'))}</h2><p data-reason={_e(json.dumps(reason, ensure_ascii=False))}>"
        f"{_e(reason)}</p>"
        f"<h2>{_e(t('Comparison'))}</h2>{_table(res, lang, t)}{_evidence(res, lang, t)}"
        f"<h2>{_e(t('Charts'))}</h2>{figs}"
        f"<h2>{_e(t('Warnings'))}</h2><ul>{warns or '<li>' + _e(t('none')) + '</li>'}</ul></body></html>")
