"""``chuhai markets world`` (the world export-potential table, a thin shell over
:func:`chuhai.batch.world.world_table`) and ``chuhai markets --exporter X --diversify``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from chuhai.commands.batch import SCHEDULER_OPT
from chuhai.commands.common import (
    JSON_OPT,
    WAREHOUSE_OPT,
    console,
    demo_banner,
    emit_json,
    err_console,
    open_warehouse,
)
from chuhai.commands.lang import t
from chuhai.data.years import parse_years

__all__ = ["diversify_cmd", "world_cmd"]


def _default_world(warehouse: Path | None) -> Path:
    return open_warehouse(warehouse).home / "world"


def world_cmd(
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help="Output directory (default: <warehouse>/world)."),
    exporter: list[str] = typer.Option([], "--exporter", "-e",
                                       help="Only these exporters (default: every one)."),
    years: str | None = typer.Option(None, "--years", help="Window A-B (default: latest 5)."),
    product_parts: int = typer.Option(
        1, "--product-parts", min=1,
        help="Split each exporter into this many product ranges (one task each)."),
    scheduler: str | None = SCHEDULER_OPT,
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Export potential, untapped and benchmark of every exporter × market × HS6 cell."""
    from rich.progress import (  # lazy: start-up speed
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from chuhai.batch.world import world_table  # lazy: start-up speed

    wh = open_warehouse(warehouse)
    target = out or _default_world(warehouse)
    with Progress(TextColumn(f"[bold]{t('exporters')}[/]"), BarColumn(), MofNCompleteColumn(),
                  TextColumn(t("ETA")), TimeRemainingColumn(), console=err_console,
                  transient=json_out) as bar:
        task = bar.add_task("world", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = world_table(wh, out=target, exporters=exporter or None,
                             years=parse_years(years, label="--years"), scheduler=scheduler,
                             progress=tick, product_parts=product_parts)
    if json_out:
        emit_json({"out": result.out, "demo": result.demo, "years": list(result.years),
                   "exporters": list(result.exporters), "cells": result.cells,
                   "products": result.products, "resumed": result.resumed,
                   "seconds": result.seconds})
        return
    demo_banner(result.demo)
    console.print(t("{exporters} exporters, {cells} cells, {products} product rows ({resumed} "
                    "resumed) in {seconds} s → {out}").format(
        exporters=len(result.exporters), cells=f"{result.cells:,}", products=f"{result.products:,}",
        resumed=result.resumed, seconds=f"{result.seconds:.1f}", out=target), highlight=False)


def diversify_cmd(*, exporter: str, world: Path | None, market: str | None, top: int | None,
                  warehouse: Path | None, json_out: bool) -> None:
    from chuhai.batch.diversify import read_diversify  # lazy: start-up speed
    from chuhai.markets.scan import check_exporter  # lazy: start-up speed

    exp = check_exporter(exporter)
    mkt = None if market is None else check_exporter(market)
    rows = read_diversify(world or _default_world(warehouse), exp, market=mkt, top=top or 20).to_pylist()
    if json_out:
        emit_json({"exporter": exp, "market": mkt, "products": rows})
        return
    title = (t("{exporter}: products to diversify into in {market}").format(exporter=exp, market=mkt)
             if mkt else t("{exporter}: products to diversify into").format(exporter=exp))
    table = Table(title=title)
    for col, left in ((t("HS6"), True), (t("untapped US$/yr"), False), (t("potential US$/yr"), False),
                      (t("actual US$/yr"), False), (t("top market"), True)):
        table.add_column(col, justify="left" if left else "right")
    for r in rows:
        table.add_row(r["hs6"], f"{r['untapped_usd'] or 0:,.0f}", f"{r['potential_usd'] or 0:,.0f}",
                      f"{r['actual_usd'] or 0:,.0f}", r.get("top_market") or mkt or "")
    console.print(table)
