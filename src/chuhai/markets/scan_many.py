"""``scan_many()``: one product, many exporters (a batch's rows that share a product).

Each result is the one :func:`chuhai.markets.scan.scan` gives for its exporter and
filters (tested): the window and the product's flows are read once on one connection
(:func:`chuhai.data.queries.scan.fetch_scans`), then each exporter's tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from chuhai.data.queries.countries import filter_choices
from chuhai.data.queries.scan import fetch_scans
from chuhai.data.warehouse import Warehouse
from chuhai.errors import ChuhaiError, InputError
from chuhai.markets.filters import check_filters
from chuhai.markets.scan import assemble, check_exporter, read_spec
from chuhai.markets.types import Filters, MarketScan, ScanParams, Weights
from chuhai.markets.window import resolve_product

__all__ = ["ScanRequest", "scan_many"]


@dataclass(frozen=True, slots=True)
class ScanRequest:
    """One exporter's scan of the shared product, with its own filters."""

    exporter: str
    filters: Filters = field(default_factory=Filters)


def scan_many(
    warehouse: Warehouse, *, product: str | Sequence[str], requests: Sequence[ScanRequest],
    years: tuple[int, int] | None = None, weights: Weights | dict[str, float] | str | None = None,
    params: ScanParams | None = None, top: int | None = None, hs_revision: str | None = None,
) -> tuple[MarketScan | ChuhaiError, ...]:
    """Per request, in order, its :class:`MarketScan` or the error its scan raises (an
    error of the shared read — a product without trade — is every request's)."""
    p = params or ScanParams()
    w = weights if isinstance(weights, Weights) else Weights.parse(weights)
    if top is not None and top < 1:
        raise InputError("top must be ≥ 1", field="top")
    label, codes, pred = resolve_product(product)
    choices = filter_choices(warehouse)
    out: list[MarketScan | ChuhaiError | None] = []
    valid: list[tuple[int, str, Filters]] = []
    for n, req in enumerate(requests):
        try:
            exp = check_exporter(req.exporter)
            check_filters(req.filters, choices)
        except ChuhaiError as exc:
            out.append(exc)
            continue
        out.append(None)
        valid.append((n, exp, req.filters))
    if valid:
        specs = tuple(read_spec(pred, label, codes, exp, years, p, hs_revision)
                      for _, exp, _ in valid)
        try:
            datas = fetch_scans(warehouse, specs)
        except ChuhaiError as exc:
            for n, _, _ in valid:
                out[n] = exc
        else:
            for (n, exp, flt), data in zip(valid, datas, strict=True):
                try:
                    out[n] = assemble(warehouse, data, exp, label, p, w, flt, top)
                except ChuhaiError as exc:
                    out[n] = exc
    done = tuple(x for x in out if x is not None)
    assert len(done) == len(requests)
    return done
