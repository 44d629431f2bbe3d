"""``chuhai markets``: rank export markets for a product (a thin shell over
:func:`chuhai.markets.scan`)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from chuhai.commands.common import (
    JSON_OPT,
    WAREHOUSE_OPT,
    console,
    demo_banner,
    emit_json,
    err_console,
    open_warehouse,
)
from chuhai.data.codes import HS_REVISIONS
from chuhai.data.years import parse_years
from chuhai.messages import render

__all__ = ["markets_cmd", "register"]


def register(app: typer.Typer) -> None:
    app.command("markets")(markets_cmd)


def markets_cmd(
    product: str = typer.Option(..., "--product", "-p",
                                help="HS6 code, several (comma-separated) or an HS4/HS2 group."),
    exporter: str = typer.Option(..., "--exporter", "-e", help="Exporter ISO3, e.g. CHN."),
    years: str | None = typer.Option(None, "--years", help="Window A-B (default: latest 5)."),
    top: int | None = typer.Option(None, "--top", min=1, help="Show the top N markets."),
    region: list[str] = typer.Option([], "--region", help="Keep markets in this region."),
    income: list[str] = typer.Option([], "--income", help="Keep income groups (L, LM, UM, H)."),
    agreement: list[str] = typer.Option([], "--agreement",
                                        help="Keep members of an agreement, e.g. RCEP, AfCFTA."),
    min_imports: float | None = typer.Option(None, "--min-imports",
                                             help="Minimum imports, USD per year."),
    weights: str | None = typer.Option(None, "--weights",
                                       help="Ranking weights, e.g. untapped=0.5,growth=0.2."),
    elasticity: float = typer.Option(1.0, "--elasticity", help="Income elasticity ε."),
    hs_revision: str | None = typer.Option(
        None, "--hs-revision", help=f"Convert every flow to this HS revision "
        f"({', '.join(HS_REVISIONS)}; default: the newest in the window)."),
    csv_out: Path | None = typer.Option(None, "--csv", help="Write the table as CSV."),
    parquet_out: Path | None = typer.Option(None, "--parquet", help="Write it as Parquet."),
    html_out: Path | None = typer.Option(None, "--html", help="Write an offline HTML page."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Where should EXPORTER sell PRODUCT? Export potential, untapped value, reasons."""
    from chuhai.markets import Filters, ScanParams, scan  # lazy: start-up speed
    from chuhai.markets.export import write_csv, write_parquet  # lazy: start-up speed

    with err_console.status(f"scanning markets for {product} …", spinner="dots"):
        result = scan(
            open_warehouse(warehouse), product=product, exporter=exporter,
            years=parse_years(years, label="--years"), weights=weights, top=top,
            filters=Filters(regions=tuple(region), income_groups=tuple(income),
                            agreements=tuple(agreement), min_imports_usd=min_imports),
            params=ScanParams(income_elasticity=elasticity), hs_revision=hs_revision,
        )
    if csv_out:
        write_csv(result, csv_out)
    if parquet_out:
        write_parquet(result, parquet_out)
    if html_out:
        from chuhai.report.markets_page import write_page  # lazy: start-up speed

        write_page(result, html_out)
    if json_out:
        emit_json(result.to_dict())
        return
    _print_table(result)
    for path in (csv_out, parquet_out, html_out):
        if path:
            err_console.print(f"wrote {path}")


def _money(x: float | None) -> str:
    if x is None:
        return "—"
    for div, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            return f"{x / div:,.1f}{unit}"
    return f"{x:,.0f}"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _print_table(result: object) -> None:
    from chuhai.markets.types import MarketScan  # lazy: start-up speed

    assert isinstance(result, MarketScan)
    demo_banner(result.demo)
    console.print(f"[bold]{result.exporter} → markets for {result.product}[/] "
                  f"({result.years[0]}–{result.years[-1]}, USD/yr averages; "
                  f"{len(result.markets)} of {result.markets_scanned} markets)")
    t = Table(show_lines=False)
    for col in ("#", "market", "score", "imports", "CAGR", "share", "tariff", "avg",
                "untapped", "top-6", "loc.", "posture", "screens"):
        t.add_column(col, justify="right" if col not in ("market", "posture", "screens")
                     else "left")
    for m in result.markets:
        failed = [s.name for s in m.screens if not s.passed]
        t.add_row(
            str(m.rank), m.importer, f"{m.score:.0f}",
            _money(m.imports_usd), _pct(m.imports_cagr), _pct(m.exporter_share),
            _pct(m.tariff_exporter), _pct(m.tariff_average), _money(m.untapped_usd),
            _money(m.benchmark_untapped_usd),
            "—" if m.localisation_pressure is None else f"{m.localisation_pressure:.2f}",
            m.posture, "ok" if not failed else "✗ " + ",".join(failed))
    console.print(t)
    for m in result.markets[:10]:
        console.print(f"[dim]{m.rank}. {m.importer}:[/] {render(m.explanation)}")
    for w in result.warnings:
        err_console.print(f"[yellow]note:[/] {render(w)}")
