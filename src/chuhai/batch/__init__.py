"""chuhai.batch — screen a portfolio of firms at once, and the world export-potential table.

The "portfolio" layer: between the engines (it runs :func:`chuhai.markets.scan` and
:func:`chuhai.markets.potential_all` per row / per exporter) and the renderers. Work runs
in-process by default or on a Dask distributed cluster (:mod:`chuhai.batch.executors`).

Public API::

    load_portfolio(path) -> Portfolio
    run_batch(warehouse, portfolio, out=, top=, scheduler=) -> BatchResult
    world_table(warehouse, out=, exporters=, scheduler=) -> WorldResult

See docs/batch.md.
"""

from __future__ import annotations
