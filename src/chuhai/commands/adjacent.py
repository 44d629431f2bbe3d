"""``chuhai products adjacent``: products an exporter could add next (complexity view)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
from chuhai.commands.products import products_app
from chuhai.data.years import parse_years
from chuhai.markets.params import RANK_BY
from chuhai.messages import render

if TYPE_CHECKING:  # the engine (SciPy) is imported when the command runs, not at start-up
    from chuhai.markets.adjacent import AdjacentResult

__all__ = ["adjacent", "register"]


def register(app: typer.Typer) -> None:
    """Nothing to add to ``app``: the command hangs on the ``products`` group."""


@products_app.command("adjacent")
def adjacent(
    exporter: str = typer.Option(..., "--exporter", "-e", help="Exporter ISO3, e.g. CHN."),
    years: str | None = typer.Option(None, "--years", help="Window FIRST-LAST (default: the latest 5 years held)."),
    top: int = typer.Option(20, "--top", "-n", min=1, help="How many products to list."),
    rank_by: str = typer.Option("score", "--rank-by", help=f"One of: {', '.join(RANK_BY)}."),
    warehouse: Path | None = WAREHOUSE_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Products the exporter does not yet export competitively (RCA < 1), ranked by
    density, complexity outlook gain (COG) and product complexity (PCI)."""
    wh = open_warehouse(warehouse)
    window = parse_years(years, label="--years")
    with err_console.status("reading exports and computing complexity…"):  # stderr: --json stays clean
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
    rank = f"rank {res.eci_rank} of {res.countries}" if res.eci_rank else "rank –"
    console.print(
        f"[bold]{res.exporter}[/]: ECI {_fmt(res.eci)} ({rank}), COI {_fmt(res.coi)}, "
        f"{res.diversity} products with RCA ≥ 1 of {res.products_total}; {span}, {res.hs_revision}"
    )
    table = Table(title=f"Adjacent products for {res.exporter} (ranked by {res.rank_by})")
    wide = console.width >= 120
    cols = ["#", "HS6", *(["product"] if wide else []), "score", "density", "PCI", "COG", "RCA",
            *(["exports USD/yr"] if wide else []), "nearest (φ)"]
    for col in cols:
        table.add_column(col, no_wrap=col != "product")
    for p in res.products:
        shown = p.neighbours if wide else p.neighbours[:1]
        near = " ".join(f"{n.hs6}:{n.proximity:.2f}" for n in shown)
        desc = [(p.description or "")[:40]] if wide else []
        table.add_row(
            str(p.rank), p.hs6, *desc, _fmt(p.score), _fmt(p.density, ".3f"), _fmt(p.pci),
            _fmt(p.cog), _fmt(p.rca, ".2f"), *([f"{p.exports_usd:,.0f}"] if wide else []), near,
        )
    console.print(table)
    for note in res.notes:
        console.print(f"[yellow]note:[/] {render(note)}")
