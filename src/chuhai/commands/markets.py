"""``chuhai markets``: rank export markets for a product (a thin shell over
:func:`chuhai.markets.scan`); ``chuhai markets world`` writes the world table and
``chuhai markets --exporter X --diversify`` reads its product view.

``markets`` is a Typer group whose callback is the scan, so every earlier invocation
(``chuhai markets --product P --exporter X ...``) works as before."""

from __future__ import annotations

from pathlib import Path

import typer

from chuhai.commands.common import (
    JSON_OPT,
    WAREHOUSE_OPT,
    console,
    demo_banner,
    emit_json,
    err_console,
    open_warehouse,
)
from chuhai.commands.fmt import money, pct
from chuhai.commands.lang import current, label, msg, t
from chuhai.commands.look import country_code, product_code
from chuhai.commands.markets_world import diversify_cmd, world_cmd
from chuhai.commands.tables import Col, show
from chuhai.data.codes import HS_REVISIONS

__all__ = ["markets_cmd", "register"]


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Where should EXPORTER sell PRODUCT? Export potential, untapped "
                        "value, reasons.")
    group.callback(invoke_without_command=True)(markets_cmd)
    group.command("world")(world_cmd)
    app.add_typer(group, name="markets")


def markets_cmd(
    ctx: typer.Context,
    product: str | None = typer.Option(
        None, "--product", "-p", help="HS6 code, several (comma-separated) or an HS4/HS2 group."),
    exporter: str | None = typer.Option(
        None, "--exporter", "-e", help="Exporter: ISO3, ISO2 or a name, e.g. CHN, 中国, China."),
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
    diversify: bool = typer.Option(False, "--diversify", help="Products EXPORTER should "
                                   "diversify into, from the world table (`markets world`)."),
    world: Path | None = typer.Option(None, "--world", help="World table directory "
                                      "(default: <warehouse>/world)."),
    market: str | None = typer.Option(None, "--market", help="With --diversify: in this market."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Where should EXPORTER sell PRODUCT? Export potential, untapped value, reasons."""
    if ctx.invoked_subcommand is not None:
        return
    if exporter is None:
        raise typer.BadParameter("Missing option '--exporter'.", param_hint="'--exporter'")
    if diversify:
        diversify_cmd(exporter=country_code(exporter), world=world, market=market, top=top,
                      warehouse=warehouse, json_out=json_out)
        return
    if product is None:
        raise typer.BadParameter("Missing option '--product'.", param_hint="'--product'")
    from chuhai.data.years import parse_years  # lazy: start-up speed
    from chuhai.markets import Filters, ScanParams, scan  # lazy: start-up speed
    from chuhai.markets.export import write_csv, write_parquet  # lazy: start-up speed

    product = product_code(product)
    exporter = country_code(exporter)
    with err_console.status(t("scanning markets for {product} …").format(product=product), spinner="dots"):
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

        write_page(result, html_out, lang=current())
    if json_out:
        emit_json(result.to_dict())
        return
    _print_table(result)
    for path in (csv_out, parquet_out, html_out):
        if path:
            err_console.print(t("wrote {path}").format(path=path), markup=False, highlight=False)


def _market_name(iso3: str, name: str | None) -> str:
    if current() == "zh":
        from chuhai.data.reference.countries import get_country  # lazy: start-up speed

        c = get_country(iso3)
        if c is not None and c.name_zh:
            return f"{c.name_zh} {iso3}"
    return f"{name} {iso3}" if name and name != iso3 else iso3


def _print_table(result: object) -> None:
    from chuhai.markets.types import MarketScan  # lazy: start-up speed

    assert isinstance(result, MarketScan)
    demo_banner(result.demo)
    console.print(t("{exporter} → markets for {product} ({first}–{last}, USD per year, averages; "
                    "{shown} of {scanned} markets)").format(
        exporter=result.exporter, product=result.product, first=result.years[0],
        last=result.years[-1], shown=len(result.markets), scanned=result.markets_scanned),
        style="bold", markup=False, highlight=False)
    r = "right"
    cols = [Col("#", r), Col(t("market")), Col(t("score"), r), Col(t("imports"), r, drop=1),
            Col(t("CAGR"), r, drop=6), Col(t("share"), r, drop=5), Col(t("tariff"), r, drop=4),
            Col(t("avg tariff"), r, drop=9), Col(t("untapped"), r), Col(t("benchmark"), r, drop=8),
            Col(t("localisation"), r, drop=7), Col(t("posture"), drop=2),
            Col(t("screens"), drop=3, wrap=True)]
    rows = []
    for m in result.markets:
        failed = [label("screens", s.name) for s in m.screens if not s.passed]
        rows.append([
            str(m.rank), _market_name(m.importer, m.name), f"{m.score:.0f}",
            money(m.imports_usd), pct(m.imports_cagr), pct(m.exporter_share),
            pct(m.tariff_exporter), pct(m.tariff_average), money(m.untapped_usd),
            money(m.benchmark_untapped_usd),
            "–" if m.localisation_pressure is None else f"{m.localisation_pressure:.2f}",
            label("postures", m.posture), t("ok") if not failed else "✗ " + t(", ").join(failed)])
    show(console, cols, rows)
    for m in result.markets[:10]:
        console.print(f"{m.rank}. {_market_name(m.importer, m.name)}: {msg(m.explanation)}",
                      markup=False, highlight=False)
    for w in result.warnings:
        err_console.print(f"{t('note:')} {msg(w)}", markup=False, highlight=False)
