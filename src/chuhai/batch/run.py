"""``run_batch``: screen every row of a portfolio, resumably, then write the views.

Rows already stored in ``OUT/rows/`` (same content, same warehouse state, same ``top``)
are read back, not recomputed; the others are submitted to the executor
(:mod:`chuhai.batch.executors`) and each is stored as soon as it finishes. The outputs
are written only when every row is done, each atomically.

Rows sharing a product are screened together (:func:`chuhai.batch.row.screen_rows`, at
most :data:`GROUP_ROWS` per task): the product's flows are read once per task, on one
connection, then each row's exporter.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, as_completed
from pathlib import Path

from chuhai.batch.checkpoint import Checkpoint
from chuhai.batch.entrymode import DEFAULT_ENTRY_TOP
from chuhai.batch.executors import executor
from chuhai.batch.outputs import write_json, write_parquet, write_xlsx
from chuhai.batch.portfolio import Portfolio, PortfolioRow
from chuhai.batch.results import BatchResult, RowResult
from chuhai.batch.row import screen_rows
from chuhai.batch.views import VIEWS, build_views
from chuhai.data.reference import names as _names  # noqa: F401  (registers the @kind namer)
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError
from chuhai.i18n import check_language
from chuhai.i18n.catalogs import message_text, translations

__all__ = ["DEFAULT_TOP", "GROUP_ROWS", "Progress", "groups", "run_batch"]

DEFAULT_TOP = 10
#: Rows of one product screened in one task (bounds a task's time and what a kill loses).
GROUP_ROWS = 25
#: ``progress(done, total)`` after each finished row (resumed rows count at the start).
Progress = Callable[[int, int], None]


def groups(rows: list[PortfolioRow], size: int = GROUP_ROWS) -> list[list[PortfolioRow]]:
    """``rows`` by their ``products`` (first-seen order), each group cut into tasks of at
    most ``size`` rows."""
    by: dict[str, list[PortfolioRow]] = {}
    for row in rows:
        by.setdefault(row.products, []).append(row)
    return [g[i:i + size] for g in by.values() for i in range(0, len(g), size)]


def _screen(warehouse: Warehouse, todo: list[PortfolioRow], top: int, ck: Checkpoint,
            scheduler: str | None, progress: Progress | None, done: int, total: int,
            entry_top: int = DEFAULT_ENTRY_TOP) -> dict[int, RowResult]:
    out: dict[int, RowResult] = {}
    if not todo:
        return out
    home = str(warehouse.home.resolve())
    with executor(scheduler) as pool:
        futures: dict[Future[tuple[RowResult, ...]], list[PortfolioRow]] = {
            pool.submit(screen_rows, home, task, top, entry_top): task
            for task in groups(todo)}
        for fut in as_completed(futures):
            for row, result in zip(futures[fut], fut.result(), strict=True):
                ck.save(row, result)
                out[row.line] = result
                done += 1
            if progress:
                progress(done, total)
    return out


def run_batch(warehouse: Warehouse, portfolio: Portfolio, *, out: Path,
              top: int = DEFAULT_TOP, scheduler: str | None = None, lang: str = "en",
              progress: Progress | None = None,
              entry_top: int = DEFAULT_ENTRY_TOP) -> BatchResult:
    """Screen ``portfolio`` on ``warehouse``; write the outputs under ``out``. A row with
    a scenario template gets the entry plan for its first ``entry_top`` markets."""
    started = time.perf_counter()
    lang = check_language(lang)
    if top < 1:
        raise InputError("top must be ≥ 1", field="top")
    if not 1 <= entry_top <= top:
        raise InputError("entry_top must be between 1 and top", field="entry_top")
    ck = Checkpoint(out, warehouse, top, entry_top)
    stored = {row.line: ck.load(row) for row in portfolio.rows}
    results: dict[int, RowResult] = {k: v for k, v in stored.items() if v is not None}
    todo = [row for row in portfolio.rows if row.line not in results]
    total = len(portfolio.rows)
    if progress:
        progress(len(results), total)
    results.update(_screen(warehouse, todo, top, ck, scheduler, progress, len(results), total,
                           entry_top))
    rows = tuple(results[row.line] for row in portfolio.rows)
    views = build_views(rows, lambda m: message_text(m, lang))
    demo = any(r.demo for r in rows) or warehouse.is_demo()
    meta = {"demo": str(demo).lower(), "portfolio_sha256": portfolio.sha256, "top": str(top)}
    names = [f"{v}.parquet" for v in VIEWS] + ["batch.xlsx", "batch.json"]
    for view in VIEWS:
        write_parquet(out / f"{view}.parquet", views[view], meta)
    write_xlsx(out / "batch.xlsx", views)
    result = BatchResult(portfolio=Path(portfolio.file).name, portfolio_sha256=portfolio.sha256,
                         demo=demo, top=top, rows=rows,
                         views={v: views[v].num_rows for v in VIEWS}, outputs=tuple(names),
                         resumed=total - len(todo),
                         seconds=round(time.perf_counter() - started, 3))
    write_json(out / "batch.json", to_dict(result, lang))
    return result


def to_dict(result: BatchResult, lang: str) -> dict[str, object]:
    """The ``--json`` object in ``lang``."""
    return result.to_dict(lang, None if lang == "en" else translations(lang).gettext)
