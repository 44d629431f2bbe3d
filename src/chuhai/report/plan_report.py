"""The market-entry plan report: ranking, deep dive, entry comparison, tender outlook,
assumptions, data provenance and the demo flag, as HTML or PDF, in Chinese or English.

``gather`` calls the engines (markets, entry, tenders) once; ``render_html`` and
``render_pdf`` are pure renderers of the gathered :class:`ReportData`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from chuhai import charts
from chuhai.data.messages import DEMO_BANNER
from chuhai.data.reference.names import (
    label_field,
    label_filter,
    localised_scan,
    product_name,
    symbol,
    with_mode_names,
)
from chuhai.data.reference.procurement_methods import load_methods
from chuhai.data.warehouse import Warehouse
from chuhai.entry import load_scenario, parse_scenario, plan
from chuhai.errors import NotFoundError, ScenarioError
from chuhai.i18n import check_language
from chuhai.i18n.catalogs import message_text, translations
from chuhai.i18n.formatting import Formatter
from chuhai.i18n.relocalise import relocalise
from chuhai.markets import scan
from chuhai.report.pdf import font_css, html_to_pdf
from chuhai.report.png import png
from chuhai.tenders import load_tender, simulate

__all__ = ["ReportData", "gather", "render_html", "render_pdf", "report_charts"]

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportData:
    """Everything a report shows; dicts are the engines' JSON contracts (``to_dict()``)."""

    lang: str
    demo: bool
    product: str
    exporter: str
    market: str | None
    scan: dict[str, Any]
    plan: dict[str, Any] | None = None
    tender: dict[str, Any] | None = None
    provenance: list[dict[str, Any]] = field(default_factory=list)
    top: int = 15
    generated: datetime = field(default_factory=lambda: datetime.now(UTC))

    def focus(self) -> dict[str, Any] | None:
        """The market of the deep dive: the one asked for, else the top-ranked one."""
        markets = self.scan.get("markets", [])
        if self.market:
            return next((m for m in markets if m["importer"] == self.market), None)
        return markets[0] if markets else None


def gather(warehouse: Warehouse, *, product: str, exporter: str, lang: str = "zh",
           market: str | None = None, years: tuple[int, int] | None = None, top: int = 15,
           scenario: Path | str | None = None, tender: Path | str | None = None,
           share: float | None = None, runs: int = 5000, seed: int = 7) -> ReportData:
    """Run the engines for one product/exporter and collect what the report needs.

    ``scenario`` / ``tender`` are a file path or the TOML text itself (``str``).
    """
    check_language(lang)
    result = scan(warehouse, product=product, exporter=exporter, years=years).to_dict()
    if market and not any(m["importer"] == market for m in result["markets"]):
        raise NotFoundError(f"market {market} is not among the ranked markets", market=market)
    return ReportData(
        lang=lang, demo=bool(result.get("demo")), product=product, exporter=exporter,
        market=market, scan=result, plan=_plan(warehouse, scenario, share),
        tender=_tender(tender, runs, seed), provenance=warehouse.provenance(), top=top,
    )


def _toml(text: str, what: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"invalid TOML: {exc}", file=f"<{what}>") from exc


def _plan(warehouse: Warehouse, scenario: Path | str | None, share: float | None) -> dict[str, Any] | None:
    if scenario is None:
        return None
    sc = load_scenario(scenario) if isinstance(scenario, Path) else parse_scenario(
        _toml(scenario, "scenario"), file="<scenario>")
    out: dict[str, Any] = plan(sc, warehouse=warehouse, share=share).to_dict()
    return out


def _tender(tender: Path | str | None, runs: int, seed: int) -> dict[str, Any] | None:
    if tender is None:
        return None
    spec = load_tender(tender if isinstance(tender, Path) else _toml(tender, "tender"))
    out: dict[str, Any] = simulate(spec, runs=runs, seed=seed).to_dict()
    return out


@cache
def _env(lang: str) -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    fmt = Formatter(lang)
    env.filters.update(number=fmt.number, percent=fmt.percent, money=fmt.money, date=fmt.date,
                       label=label_filter(lang))
    env.globals.update(fmt=fmt, lang=lang, demo_banner=message_text(DEMO_BANNER(), lang),
                       product_name=lambda code: product_name(code, lang), symbol=symbol,
                       unit=lambda kind, key: label_field(kind, key, "unit"),
                       methods={k: m.label(lang) for k, m in load_methods().items()})
    return env


def _charts(data: ReportData) -> dict[str, str]:
    t = translations(data.lang).gettext
    out: dict[str, str] = {}
    if data.scan.get("markets"):
        out["ranking"] = png(charts.untapped_bars(
            data.scan, top=min(10, data.top), title=t("Untapped export potential by market"),
            x_title=t("USD per year"), lang=data.lang,
            names=(t("Untapped potential (EPI)"), t("Benchmark untapped (top-6)"))))
    if data.plan and data.plan.get("modes"):
        out["frontier"] = png(charts.frontier(
            with_mode_names(data.plan, data.lang), text="name",
            title=t("Entry modes: firm NPV against local value created"),
            x=t("local value added, USD"), y=t("firm NPV, USD"), lang=data.lang,
            names=(t("Pareto set"), t("dominated"))))
    if data.tender and data.tender.get("win_probability"):
        out["tender"] = png(charts.win_probability(data.tender, title=t("Tender win probability"),
                                                   y_title=t("probability")))
    return out


def _localised(data: ReportData) -> ReportData:
    """Country names and the engines' sentences (reasons, screens, the plan's evidence,
    warnings) in the report language."""
    t = None if data.lang == "en" else translations(data.lang).gettext
    return replace(data, scan=relocalise(localised_scan(data.scan, data.lang), data.lang, t),
                   plan=relocalise(data.plan, data.lang, t), tender=relocalise(data.tender, data.lang, t))


def report_charts(data: ReportData) -> dict[str, str]:
    """The report's charts as PNG ``data:`` URIs (painted once for both HTML and PDF)."""
    return _charts(_localised(data))


def render_html(data: ReportData, *, for_pdf: bool = False,
                charts: dict[str, str] | None = None) -> str:
    """The complete report as one self-contained HTML page (charts inlined; ``charts``
    from :func:`report_charts`, else painted here)."""
    data = _localised(data)
    return _env(data.lang).get_template("report.html").render(
        d=data, scan=data.scan, ranked=data.scan.get("markets", [])[:data.top], focus=data.focus(), plan=data.plan, tender=data.tender,
        charts=_charts(data) if charts is None else charts, for_pdf=for_pdf,
        font_css=font_css() if for_pdf else "",
    )


def render_pdf(data: ReportData, *, charts: dict[str, str] | None = None) -> bytes:
    """The report as PDF bytes (xhtml2pdf; Chinese via the CJK font of :mod:`chuhai.report.fonts`)."""
    return html_to_pdf(render_html(data, for_pdf=True, charts=charts))
