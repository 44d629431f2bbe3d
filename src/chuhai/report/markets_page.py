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

from chuhai import charts, numbers
from chuhai.data.messages import DEMO_BANNER
from chuhai.data.reference.names import label, localised_scan
from chuhai.errors import InputError
from chuhai.i18n.catalogs import message_text, translations
from chuhai.markets.types import MarketScan
from chuhai.messages import Translate
from chuhai.report.plotly_assets import geo_assets_script, plotly_js

__all__ = ["render_page", "write_page"]


def _figures(result: MarketScan, has_geo: bool, lang: str, t: Translate) -> list[go.Figure]:
    d = localised_scan(result.to_dict(), lang)
    specs = [
        charts.market_map(d, title=t("Untapped export potential by market"), label=t("USD per year"),
                          geo=has_geo, lang=lang),
        charts.decomposition(d, title=t("ITC potential = supply × demand × ease"),
                             subtitles=(t("supply (projected share)"), t("demand (USD per year)"),
                                        t("ease (index)")), lang=lang),
        charts.competitors(d, title=t("Competing suppliers"), others=t("others")),
    ]
    return [go.Figure(spec) for spec in specs]


def _table(result: MarketScan, lang: str, t: Translate) -> str:
    heads = ("#", t("Market"), t("Score"), t("Imports"), t("Untapped (USD per year)"),
             t("Top-6 benchmark"), t("Tariff"), t("Posture"), t("Reasons"), t("Screens"))
    head = "<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in heads) + "</tr>"
    zh = localised_scan({"markets": [{"importer": m.importer, "name": m.name} for m in result.markets]},
                        lang)["markets"]
    rows = []
    for m, named in zip(result.markets, zh, strict=True):
        scr = "<br>".join(f"{'✓' if s.passed else '✗'} {html.escape(message_text(s.reason, lang))}"
                          for s in m.screens)
        tariff = t("unknown") if m.tariff_exporter is None else numbers.percent(m.tariff_exporter, lang)
        rows.append(
            f"<tr><td>{m.rank}</td><td>{html.escape(m.importer)} {html.escape(named.get('name') or '')}"
            f"</td><td>{m.score:.0f}</td><td>{numbers.money(m.imports_usd, lang)}</td>"
            f"<td>{numbers.money(m.untapped_usd, lang)}</td>"
            f"<td>{numbers.money(m.benchmark_untapped_usd, lang)}</td><td>{tariff}</td>"
            f"<td>{html.escape(label('postures', m.posture, lang))}</td>"
            f"<td>{html.escape(message_text(m.explanation, lang))}</td>"
            f"<td class='s'>{scr}</td></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def render_page(result: MarketScan, lang: str = "en") -> str:
    """The whole page as one self-contained HTML string, in ``lang`` (zh or en)."""
    t: Translate = (lambda s: s) if lang == "en" else translations(lang).gettext
    geo = geo_assets_script()
    divs = "".join(f.to_html(include_plotlyjs=False, full_html=False)
                   for f in _figures(result, bool(geo), lang, t))
    notes = "".join(f"<li>{html.escape(message_text(w, lang))}</li>" for w in result.warnings)
    if not geo:
        notes += f"<li>{html.escape(t('No world map bundled: the map is shown as a bar chart.'))}</li>"
    title = html.escape(t("{exporter} → markets for HS {product} ({first}–{last})").format(
        exporter=result.exporter, product=result.product, first=result.years[0], last=result.years[-1]))
    intro = html.escape(t("Values are annual averages in USD; {shown} of {scanned} markets shown.").format(
        shown=len(result.markets), scanned=result.markets_scanned))
    demo = f"<div class='demo'>{html.escape(message_text(DEMO_BANNER(), lang))}</div>" if result.demo else ""
    return (
        f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>body{{font-family:sans-serif;margin:1em}}"
        ".demo{background:#fd3;padding:.5em;font-weight:bold}table{border-collapse:collapse;"
        "font-size:.85em}td,th{border:1px solid #ccc;padding:3px;vertical-align:top}"
        ".s{font-size:.8em}</style>"
        f"<script>{plotly_js()}</script><script>{geo}</script></head><body>"
        f"{demo}<h1>{title}</h1><p>{intro}</p><ul>{notes}</ul>{divs}"
        f"<h2>{html.escape(t('Every market, with its reasons'))}</h2>{_table(result, lang, t)}</body></html>")


def write_page(result: MarketScan, path: Path, lang: str = "en") -> None:
    try:
        Path(path).write_text(render_page(result, lang), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write HTML: {exc}", file=path) from exc
