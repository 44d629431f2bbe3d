"""An offline HTML page for a market scan: world map of untapped potential, the
supply / demand / ease decomposition, competitors, and every market's reasons.

Plotly's JS is inlined from the installed package (:mod:`chuhai.report.plotly_assets`);
nothing is fetched from a CDN. Without a bundled world topojson the map falls back to a
bar chart and says so.
"""

from __future__ import annotations

import html
from pathlib import Path

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from chuhai.data.messages import DEMO_BANNER
from chuhai.errors import InputError
from chuhai.i18n.catalogs import every_language
from chuhai.markets.types import MarketScan
from chuhai.report.plotly_assets import geo_assets_script, plotly_js

__all__ = ["render_page", "write_page"]

MAX_BARS = 20


def _map(result: MarketScan, has_geo: bool) -> go.Figure:
    ms = result.markets
    if has_geo:
        fig = go.Figure(go.Choropleth(
            locations=[m.importer for m in ms], z=[m.untapped_usd for m in ms],
            locationmode="ISO-3", colorscale="YlGnBu", colorbar_title="USD/yr",
            text=[f"{m.importer} #{m.rank}: {m.explanation}" for m in ms],
            hovertemplate="%{location}: untapped US$%{z:,.0f}/yr<extra></extra>"))
        fig.update_geos(showframe=False, projection_type="natural earth")
    else:
        top = sorted(ms, key=lambda m: -m.untapped_usd)[:MAX_BARS]
        fig = go.Figure(go.Bar(x=[m.importer for m in top], y=[m.untapped_usd for m in top]))
    fig.update_layout(title="Untapped export potential (USD per year)", height=480,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig


def _decomposition(result: MarketScan) -> go.Figure:
    ms = list(result.markets[:MAX_BARS])
    names = [m.importer for m in ms][::-1]
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True,
                        subplot_titles=("supply (projected share)", "demand (USD/yr)",
                                        "ease (index)"))
    for col, vals in enumerate(([m.supply for m in ms], [m.demand for m in ms],
                                [m.ease for m in ms]), start=1):
        fig.add_trace(go.Bar(x=vals[::-1], y=names, orientation="h", showlegend=False),
                      row=1, col=col)
    fig.update_layout(title="ITC potential = supply × demand × ease", height=140 + 22 * len(ms),
                      margin={"l": 10, "r": 10, "t": 70, "b": 10})
    return fig


def _competitors(result: MarketScan) -> go.Figure:
    ms = list(result.markets[:MAX_BARS])
    names = [m.importer for m in ms][::-1]
    rivals = sorted({s.exporter for m in ms for s in m.top_suppliers})
    fig = go.Figure()
    fig.add_trace(go.Bar(name=result.exporter, y=names, orientation="h",
                         x=[m.exporter_share for m in ms][::-1], marker_color="#c0392b"))
    for r in rivals:
        fig.add_trace(go.Bar(name=r, y=names, orientation="h", marker_color=_colour(r), x=[
            next((s.share for s in m.top_suppliers if s.exporter == r), 0.0) for m in ms][::-1]))
    other = [max(0.0, 1 - m.exporter_share - sum(s.share for s in m.top_suppliers)) for m in ms]
    fig.add_trace(go.Bar(name="others", y=names, orientation="h", x=other[::-1],
                         marker_color="#ccc"))
    fig.update_layout(barmode="stack", title="Who supplies each market (share of imports)",
                      height=160 + 22 * len(ms), xaxis_tickformat=".0%",
                      margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig


def _colour(iso3: str) -> str:
    """A stable muted colour per country (never the exporter's red)."""
    h = sum(ord(c) * 31 ** i for i, c in enumerate(iso3)) % 360
    return f"hsl({h}, 45%, 55%)"


def _table(result: MarketScan) -> str:
    head = ("<tr><th>#</th><th>market</th><th>score</th><th>imports US$/yr</th>"
            "<th>untapped</th><th>top-6 bench</th><th>tariff</th><th>posture</th>"
            "<th>why</th><th>screens</th></tr>")
    rows = []
    for m in result.markets:
        scr = "<br>".join(f"{'✓' if s.passed else '✗'} {html.escape(s.reason)}"
                          for s in m.screens)
        tariff = "unknown" if m.tariff_exporter is None else f"{m.tariff_exporter * 100:.1f} %"
        bench = "—" if m.benchmark_untapped_usd is None else f"{m.benchmark_untapped_usd:,.0f}"
        rows.append(
            f"<tr><td>{m.rank}</td><td>{html.escape(m.importer)} {html.escape(m.name or '')}"
            f"</td><td>{m.score:.0f}</td><td>{m.imports_usd:,.0f}</td>"
            f"<td>{m.untapped_usd:,.0f}</td><td>{bench}</td><td>{tariff}</td>"
            f"<td>{html.escape(m.posture)}</td><td>{html.escape(m.explanation)}</td>"
            f"<td class='s'>{scr}</td></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def render_page(result: MarketScan) -> str:
    """The whole page as one self-contained HTML string."""
    geo = geo_assets_script()
    figs = [_map(result, bool(geo)), _decomposition(result), _competitors(result)]
    divs = "".join(f.to_html(include_plotlyjs=False, full_html=False) for f in figs)
    notes = "".join(f"<li>{html.escape(w)}</li>" for w in result.warnings)
    if not geo:
        notes += "<li>No world topojson bundled: the map is shown as a bar chart.</li>"
    title = html.escape(f"{result.exporter} → markets for HS {result.product} "
                        f"({result.years[0]}–{result.years[-1]})")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>body{{font-family:sans-serif;margin:1em}}"
        ".demo{background:#fd3;padding:.5em;font-weight:bold}table{border-collapse:collapse;"
        "font-size:.85em}td,th{border:1px solid #ccc;padding:3px;vertical-align:top}"
        ".s{font-size:.8em}</style>"
        f"<script>{plotly_js()}</script><script>{geo}</script></head><body>"
        f"{_demo() if result.demo else ''}<h1>{title}</h1>"
        f"<p>Values are annual averages in USD. {len(result.markets)} of "
        f"{result.markets_scanned} markets shown.</p><ul>{notes}</ul>{divs}"
        f"<h2>Every market, with its reasons</h2>{_table(result)}</body></html>")


def _demo() -> str:
    return f"<div class='demo'>{html.escape(every_language(DEMO_BANNER()))}</div>"


def write_page(result: MarketScan, path: Path) -> None:
    try:
        Path(path).write_text(render_page(result), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write HTML: {exc}", file=path) from exc
