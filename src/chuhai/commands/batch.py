"""``chuhai batch PORTFOLIO --out DIR``: screen many firms at once (a thin shell over
:func:`chuhai.batch.run.run_batch`), with a progress bar, the HTML index and ``--json``."""

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
from chuhai.commands.lang import t

__all__ = ["batch_cmd", "register"]

SCHEDULER_OPT = typer.Option(
    None, "--scheduler", help="Dask scheduler, e.g. tcp://HOST:8786 (default: "
    "$CHUHAI_DASK_SCHEDULER, else in this process).")



def _view_names() -> dict[str, str]:
    """The portfolio views (chuhai.batch.views.VIEWS) as the summary line names them."""
    return {"rows": t("row × market rows"), "markets": t("shared markets"),
            "pressure": t("localisation pressure"), "clusters": t("firm clusters"),
            "entry": t("entry recommendations")}

def register(app: typer.Typer) -> None:
    app.command("batch")(batch_cmd)


def batch_cmd(
    portfolio: Path = typer.Argument(..., help="Portfolio .csv (UTF-8 or GBK) or .xlsx: "
                                     "firm,home,products[,regions,agreements,exclude,scenario]."),
    out: Path = typer.Option(..., "--out", "-o", help="Output directory (resumes if it exists)."),
    top: int = typer.Option(10, "--top", min=1, help="Markets kept per row."),
    entry_top: int = typer.Option(1, "--entry-top", min=1, help="Top markets per row the "
                                  "entry planner runs for (rows with a scenario template)."),
    scheduler: str | None = SCHEDULER_OPT,
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Screen a portfolio of firms: ranked markets per row, and the portfolio's views."""
    from rich.progress import (  # lazy: start-up speed
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from chuhai.batch.portfolio import load_portfolio  # lazy: start-up speed
    from chuhai.batch.run import run_batch, to_dict  # lazy: start-up speed
    from chuhai.commands.lang import current  # lazy: start-up speed
    from chuhai.report.batch_pages import write_pages  # lazy: start-up speed

    lang = current()
    wh = open_warehouse(warehouse)
    pf = load_portfolio(portfolio)
    with Progress(TextColumn(f"[bold]{t('screening')}[/]"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn(t("ETA")), TimeRemainingColumn(),
                  console=err_console, transient=json_out) as bar:
        task = bar.add_task("rows", total=len(pf.rows))

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = run_batch(wh, pf, out=out, top=top, scheduler=scheduler, lang=lang,
                           progress=tick, entry_top=min(entry_top, top))
    write_pages(result, out)
    if json_out:
        emit_json(to_dict(result, lang))
        return
    demo_banner(result.demo)
    failed = sum(r.error is not None for r in result.rows)
    names = _view_names()
    views = ", ".join(f"{names.get(k, k)} {v}" for k, v in result.views.items())
    console.print(t("{rows} rows screened ({resumed} resumed, {failed} failed) in {seconds} s; "
                    "views: {views}").format(rows=len(result.rows), resumed=result.resumed,
                                             failed=failed, seconds=f"{result.seconds:.1f}",
                                             views=views), highlight=False)
    err_console.print(t("wrote {n} files to {out}/ (`{files}`); open `{index}` to browse them").format(
        n=len(result.outputs) + 1, out=out, files="`, `".join(result.outputs), index="index.html"),
        highlight=False, markup=False)
