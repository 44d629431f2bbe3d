"""Offline HTML page for an entry plan: table, the market's real award contracts, frontier,
tornado, Monte Carlo.

Plotly's JavaScript is inlined from the installed ``plotly`` package
(:func:`plotly.offline.get_plotlyjs`), so the page renders without a network.
"""

from __future__ import annotations

import html
import json

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from chuhai import charts
from chuhai.data.messages import DEMO_BANNER
from chuhai.entry.planner import PlanResult
from chuhai.i18n.catalogs import every_language

__all__ = ["render_plan_page"]

_CSS = """
body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;font-size:0.9em}td,th{border:1px solid #ccc;padding:4px 8px}
td.n{text-align:right}tr.rec{background:#eef7ee}.demo{background:#fff3cd;border:2px solid #e0a800;
padding:0.8em;font-weight:bold}.warn{color:#8a5a00}
"""


def _m(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x / 1e6:,.2f} m" if abs(x) >= 1e6 else f"{x:,.0f}"


def _table(res: PlanResult) -> str:
    primary = res.regimes[0]
    head = ("<tr><th>mode</th><th>firm NPV</th><th>partner NPV</th><th>firm IRR</th>"
            "<th>jobs</th><th>local value added</th><th>host taxes</th>"
            + "".join(f"<th>LC {html.escape(r)}</th>" for r in res.regimes)
            + "<th>Pareto</th><th>gates</th></tr>")
    rows = []
    for m in res.modes:
        cls = ' class="rec"' if m.mode == res.recommendation[0] else ""
        irr = "—" if m.firm_irr.value is None else f"{m.firm_irr.value:.0%}"
        lc = "".join(
            f"<td class=n title='{html.escape(m.bands[r], quote=True)}'>"
            f"{m.local_content[r]:.0%}{' ✓' if m.qualifies[r] else ''}</td>"
            for r in res.regimes)
        gates = html.escape("; ".join(m.gates)) if m.gates else ""
        rows.append(
            f"<tr{cls}><td>{html.escape(m.label)}</td><td class=n>{_m(m.firm_npv_usd)}</td>"
            f"<td class=n>{_m(m.partner_npv_usd)}</td><td class=n>{irr}</td>"
            f"<td class=n>{m.value.jobs:,.1f}</td><td class=n>{_m(m.value.value_added_usd)}</td>"
            f"<td class=n>{_m(m.value.host_taxes_usd)}</td>{lc}"
            f"<td>{'★' if m.pareto else ''}</td><td>{gates}</td></tr>")
    note = (f"✓ = meets the regime's threshold (hover for the preference band); primary "
            f"regime: {html.escape(primary)}")
    return f"<table>{head}{''.join(rows)}</table><p>{note}</p>"


def _evidence(res: PlanResult) -> str:
    """The market's real award contracts for the product, beside the plan (both languages)."""
    ev = res.evidence
    if ev is None:
        return ""
    said = "".join(f"<p>{html.escape(every_language(m))}</p>"
                   for m in (ev.summary_message, ev.beside_message) if m is not None)
    rows = "".join(
        f"<tr><td>{c.fiscal_year or '—'}</td><td>{html.escape(c.supplier or '—')}</td>"
        f"<td>{html.escape(c.supplier_country or '—')}</td><td>{html.escape(c.origin or '—')}</td>"
        f"<td>{html.escape(c.method or '—')}</td><td class=n>{_m(c.amount)} {html.escape(c.currency or '')}</td>"
        f"<td>{html.escape(c.description or '')}</td></tr>" for c in ev.contracts)
    table = ("<table id='evidence'><tr><th>FY</th><th>supplier</th><th>country</th><th>winner</th>"
             f"<th>method</th><th>amount</th><th>description</th></tr>{rows}</table>") if rows else ""
    return f"<h2>Who won here: the real contracts / 谁在这里中标：真实合同</h2>{said}{table}"


def _figures(res: PlanResult) -> list[go.Figure]:
    d = res.to_dict()
    rec = res.recommendation[0]
    mc = res.mode(rec).montecarlo
    specs = [
        charts.frontier(d, title="Firm NPV vs local value created (USD)",
                        x="local value added over the horizon, USD", y="firm NPV, USD", text="label"),
        charts.tornado(d, title=f"Tornado: firm NPV of {res.tornado_mode} (USD)", low="low",
                       high="high", x_title="firm NPV, USD",
                       label=lambda b: f"{b['variable']} ({b['low_input']:g} / {b['high_input']:g})"),
        charts.montecarlo(next(m for m in d["modes"] if m["mode"] == rec),
                          title=f"Monte Carlo firm NPV of {rec} ({mc.draws} draws, seed {mc.seed})",
                          x_title="firm NPV, USD", y_title="draws"),
    ]
    return [go.Figure(spec) for spec in specs]


def render_plan_page(res: PlanResult) -> str:
    """The full HTML document (self-contained, works offline)."""
    figs = "".join(f.to_html(full_html=False, include_plotlyjs=False) for f in _figures(res))
    demo = f'<p class="demo">{html.escape(every_language(DEMO_BANNER()))}</p>' if res.demo else ""
    warns = "".join(f'<li class="warn">{html.escape(w)}</li>' for w in res.warnings)
    data = html.escape(json.dumps(res.recommendation[1], ensure_ascii=False))
    title = html.escape(f"chuhai plan — {res.market_name} — {res.scenario}")
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{_CSS}</style><script>{get_plotlyjs()}</script></head><body>{demo}"
        f"<h1>{title}</h1><p>Firm share of partner profit s = {res.share:.2f}; horizon "
        f"{res.horizon_years} years from {res.year}.</p>"
        f"<h2>Recommendation</h2><p data-reason={data}>{html.escape(res.recommendation[1])}</p>"
        f"<h2>Comparison</h2>{_table(res)}{_evidence(res)}<h2>Charts</h2>{figs}"
        f"<h2>Warnings</h2><ul>{warns or '<li>none</li>'}</ul></body></html>")
