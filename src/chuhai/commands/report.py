"""``chuhai report``: the complete market-entry plan as HTML and/or PDF."""

from __future__ import annotations

from pathlib import Path

import typer

from chuhai.commands.common import WAREHOUSE_OPT, console, demo_banner, open_warehouse
from chuhai.commands.lang import current, parse_lang, t
from chuhai.commands.look import country_code, product_code
from chuhai.errors import ChuhaiError
from chuhai.fileio import atomic_write

__all__ = ["register", "report_cmd"]


def report_cmd(
    product: str = typer.Option(..., "--product", help="HS6 code (or HS4/HS2 group)."),
    exporter: str = typer.Option("CHN", "--exporter",
                                 help="Exporter: ISO3, ISO2 or a name, e.g. CHN, 中国, China."),
    market: str | None = typer.Option(None, "--market", help="ISO3 of the deep-dive market (default: top-ranked)."),
    scenario: Path | None = typer.Option(None, "--scenario", help="Entry scenario TOML (chuhai plan format)."),
    tender: Path | None = typer.Option(None, "--tender", help="Tender TOML (chuhai tender format)."),
    lang: str | None = typer.Option(None, "--lang", metavar="zh-CN|en",
                                    help="Report language (default: the CLI's language)."),
    html: Path | None = typer.Option(None, "--html", help="Write the report as HTML to this file."),
    pdf: Path | None = typer.Option(None, "--pdf", help="Write the report as PDF to this file."),
    warehouse: Path | None = WAREHOUSE_OPT,
) -> None:
    """Ranking, deep dive, entry comparison, tender outlook, assumptions, data provenance."""
    from chuhai.report.plan_report import (  # lazy: start-up speed
        gather,
        render_html,
        render_pdf,
        report_charts,
    )

    if html is None and pdf is None:
        raise ChuhaiError(t("nothing to write: give --html FILE and/or --pdf FILE"))
    code = parse_lang(lang) if lang else current()
    wh = open_warehouse(warehouse)
    data = gather(wh, product=product_code(product), exporter=country_code(exporter), lang=code,
                  market=country_code(market) if market else None, scenario=scenario, tender=tender)
    demo_banner(data.demo)
    charts = report_charts(data)  # painted once for both files
    if html is not None:
        atomic_write(html, render_html(data, charts=charts).encode("utf-8"))
        console.print(t("report written to {path}").format(path=html), markup=False, highlight=False)
    if pdf is not None:
        atomic_write(pdf, render_pdf(data, charts=charts))
        console.print(t("report written to {path}").format(path=pdf), markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)
