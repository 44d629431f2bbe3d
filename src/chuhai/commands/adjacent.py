"""``chuhai products adjacent``: products an exporter could add next (complexity view)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
from chuhai.commands.lang import msg, t
from chuhai.commands.look import country_code
from chuhai.commands.products import products_app
from chuhai.commands.tables import Col, show
from chuhai.data.codes import ADJACENT_RANK_BY as RANK_BY

if TYPE_CHECKING:  # the engine (SciPy) is imported when the command runs, not at start-up
    from chuhai.markets.adjacent import AdjacentResult

__all__ = ["adjacent", "register"]


def register(app: typer.Typer) -> None:
    """Nothing to add to ``app``: the command hangs on the ``products`` group."""


@products_app.command("adjacent")
def adjacent(
    exporter: str = typer.Option(..., "--exporter", "-e",
                                 help="Exporter: ISO3, ISO2 or a name, e.g. CHN, 中国, China."),
    years: str | None = typer.Option(None, "--years", help="Window FIRST-LAST (default: the latest 5 years held)."),
    top: int = typer.Option(20, "--top", "-n", min=1, help="How many products to list."),
    rank_by: str = typer.Option("score", "--rank-by", help=f"One of: {', '.join(RANK_BY)}."),
    warehouse: Path | None = WAREHOUSE_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Products the exporter does not yet export competitively (RCA < 1), ranked by
    density, complexity outlook gain (COG) and product complexity (PCI)."""
    from chuhai.data.years import parse_years  # lazy: start-up speed

    wh = open_warehouse(warehouse)
    window = parse_years(years, label="--years")
    exporter = country_code(exporter)
    with err_console.status(t("reading exports and computing complexity…")):  # stderr: --json stays clean
        from chuhai.markets.adjacent import adjacent_products  # lazy: start-up speed

        result = adjacent_products(wh, exporter=exporter, years=window, top=top, rank_by=rank_by)
    demo_banner(result.demo)
    if as_json:
        emit_json(result.to_dict())
        return
    _render(result)


def _fmt(x: float | None, spec: str = "+.2f") -> str:
    return "–" if x is None or x != x else format(x, spec)


def _render(res: AdjacentResult) -> None:
    span = f"{res.years[0]}–{res.years[-1]}" if res.years else ""
    rank = (t("rank {rank} of {countries}").format(rank=res.eci_rank, countries=res.countries)
            if res.eci_rank else t("rank –"))
    console.print(t("{exporter}: ECI {eci} ({rank}), COI {coi}, {diversity} products with RCA ≥ 1 of "
                    "{total}; {span}, {revision}").format(
        exporter=res.exporter, eci=_fmt(res.eci), rank=rank, coi=_fmt(res.coi),
        diversity=res.diversity, total=res.products_total, span=span, revision=res.hs_revision),
        style="bold", markup=False, highlight=False)
    r = "right"
    cols = [Col("#", r), Col("HS6"), Col(t("product"), drop=2, wrap=True), Col(t("score"), r),
            Col(t("density"), r, drop=4), Col("PCI", r, drop=5), Col("COG", r, drop=5),
            Col("RCA", r, drop=6), Col(t("exports USD/yr"), r, drop=3), Col(t("nearest (φ)"), drop=1)]
    rows = []
    for p in res.products:
        near = " ".join(f"{n.hs6}:{n.proximity:.2f}" for n in p.neighbours[:3])
        rows.append([str(p.rank), p.hs6, p.description or "", _fmt(p.score), _fmt(p.density, ".3f"),
                     _fmt(p.pci), _fmt(p.cog), _fmt(p.rca, ".2f"), f"{p.exports_usd:,.0f}", near])
    show(console, cols, rows, title=t("Adjacent products for {exporter} (ranked by {rank_by})").format(
        exporter=res.exporter, rank_by=t(res.rank_by)))
    for note in res.notes:
        console.print(f"{t('note:')} {msg(note)}", markup=False, highlight=False)
