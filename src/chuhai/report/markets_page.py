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

from chuhai import charts
from chuhai.data.messages import DEMO_BANNER
from chuhai.errors import InputError
from chuhai.i18n.catalogs import every_language
from chuhai.markets.types import MarketScan
from chuhai.messages import render
from chuhai.report.plotly_assets import geo_assets_script, plotly_js

__all__ = ["render_page", "write_page"]



def _figures(result: MarketScan, has_geo: bool) -> list[go.Figure]:
    d = result.to_dict()
    specs = [
        charts.market_map(d, title="Untapped export potential (USD per year)", label="USD/yr",
                          geo=has_geo),
        charts.decomposition(d, title="ITC potential = supply × demand × ease",
                             subtitles=("supply (projected share)", "demand (USD/yr)", "ease (index)")),
        charts.competitors(d, title="Who supplies each market (share of imports)", others="others"),
    ]
    return [go.Figure(spec) for spec in specs]


def _table(result: MarketScan) -> str:
    head = ("<tr><th>#</th><th>market</th><th>score</th><th>imports US$/yr</th>"
            "<th>untapped</th><th>top-6 bench</th><th>tariff</th><th>posture</th>"
            "<th>why</th><th>screens</th></tr>")
    rows = []
    for m in result.markets:
        scr = "<br>".join(f"{'✓' if s.passed else '✗'} {html.escape(render(s.reason))}"
                          for s in m.screens)
        tariff = "unknown" if m.tariff_exporter is None else f"{m.tariff_exporter * 100:.1f} %"
        bench = "—" if m.benchmark_untapped_usd is None else f"{m.benchmark_untapped_usd:,.0f}"
        rows.append(
            f"<tr><td>{m.rank}</td><td>{html.escape(m.importer)} {html.escape(m.name or '')}"
            f"</td><td>{m.score:.0f}</td><td>{m.imports_usd:,.0f}</td>"
            f"<td>{m.untapped_usd:,.0f}</td><td>{bench}</td><td>{tariff}</td>"
            f"<td>{html.escape(m.posture)}</td><td>{html.escape(render(m.explanation))}</td>"
            f"<td class='s'>{scr}</td></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def render_page(result: MarketScan) -> str:
    """The whole page as one self-contained HTML string."""
    geo = geo_assets_script()
    divs = "".join(f.to_html(include_plotlyjs=False, full_html=False)
                   for f in _figures(result, bool(geo)))
    notes = "".join(f"<li>{html.escape(render(w))}</li>" for w in result.warnings)
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
