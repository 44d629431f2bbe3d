"""``chuhai report``: the complete market-entry plan as HTML and/or PDF."""

from __future__ import annotations

from pathlib import Path

import typer

from chuhai.commands.common import WAREHOUSE_OPT, console, demo_banner, open_warehouse
from chuhai.errors import ChuhaiError
from chuhai.fileio import atomic_write
from chuhai.i18n import DEFAULT_LANGUAGE, check_language

__all__ = ["register", "report_cmd"]


def report_cmd(
    product: str = typer.Option(..., "--product", help="HS6 code (or HS4/HS2 group)."),
    exporter: str = typer.Option("CHN", "--exporter", help="Exporter ISO3."),
    market: str | None = typer.Option(None, "--market", help="ISO3 of the deep-dive market (default: top-ranked)."),
    scenario: Path | None = typer.Option(None, "--scenario", help="Entry scenario TOML (chuhai plan format)."),
    tender: Path | None = typer.Option(None, "--tender", help="Tender TOML (chuhai tender format)."),
    lang: str = typer.Option(DEFAULT_LANGUAGE, "--lang", help="Report language: zh or en."),
    html: Path | None = typer.Option(None, "--html", help="Write the report as HTML to this file."),
    pdf: Path | None = typer.Option(None, "--pdf", help="Write the report as PDF to this file."),
    warehouse: Path | None = WAREHOUSE_OPT,
) -> None:
    """Ranking, deep dive, entry comparison, tender outlook, assumptions, data provenance."""
    from chuhai.report.plan_report import gather, render_html, render_pdf  # lazy: start-up speed

    if html is None and pdf is None:
        raise ChuhaiError("nothing to write: give --html FILE and/or --pdf FILE")
    check_language(lang)
    wh = open_warehouse(warehouse)
    data = gather(wh, product=product, exporter=exporter.upper(), lang=lang,
                  market=market.upper() if market else None, scenario=scenario, tender=tender)
    demo_banner(data.demo)
    if html is not None:
        atomic_write(html, render_html(data).encode("utf-8"))
        console.print(f"report written to {html}")
    if pdf is not None:
        atomic_write(pdf, render_pdf(data))
        console.print(f"report written to {pdf}")


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)
