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
    with Progress(TextColumn("[bold]exporters[/]"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("ETA"), TimeRemainingColumn(), console=err_console,
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
    console.print(f"{len(result.exporters)} exporters, {result.cells:,} cells, "
                  f"{result.products:,} product rows ({result.resumed} resumed) in "
                  f"{result.seconds:.1f} s → {target}")


def diversify_cmd(*, exporter: str, world: Path | None, market: str | None, top: int | None,
                  warehouse: Path | None, json_out: bool) -> None:
    from chuhai.batch.diversify import read_diversify  # lazy: start-up speed
    from chuhai.markets.scan import check_exporter  # lazy: start-up speed

    exp = check_exporter(exporter)
    mkt = None if market is None else check_exporter(market)
    table = read_diversify(world or _default_world(warehouse), exp, market=mkt, top=top or 20)
    rows = table.to_pylist()
    if json_out:
        emit_json({"exporter": exp, "market": mkt, "products": rows})
        return
    t = Table(title=f"{exp}: products to diversify into" + (f" in {mkt}" if mkt else ""))
    for col in ("hs6", "untapped US$/yr", "potential US$/yr", "actual US$/yr", "top market"):
        t.add_column(col, justify="left" if col in ("hs6", "top market") else "right")
    for r in rows:
        t.add_row(r["hs6"], f"{r['untapped_usd'] or 0:,.0f}", f"{r['potential_usd'] or 0:,.0f}",
                  f"{r['actual_usd'] or 0:,.0f}", r.get("top_market") or mkt or "")
    console.print(t)
