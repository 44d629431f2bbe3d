"""The one scan service of the web app: the query, its parsing and a small LRU cache.

The market pages and ``/api/v1/markets`` both call :func:`run_scan` / :func:`scan_entry`
(neither imports the other). A cache entry is keyed by the query and the warehouse
file's version, so an import invalidates it; it holds the scan's JSON-ready dict, its
JSON bytes and the gzipped bytes (compressed once, when computed).
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Query

from chuhai.data.codes import HS_REVISION_INPUT, PRODUCT_INPUT
from chuhai.data.reference import resolve_country
from chuhai.data.warehouse import Warehouse
from chuhai.data.years import parse_years
from chuhai.markets.types import weights_pattern
from chuhai.serialise import to_json
from chuhai.web.deps import warehouse_version

__all__ = ["ScanEntry", "ScanQuery", "cached_entry", "optional_scan_query", "run_scan", "scan_entry",
           "scan_query"]


@dataclass(frozen=True, slots=True)
class ScanQuery:
    """Query parameters of a scan, shared by the API, the pages and the report link."""

    product: str
    exporter: str = "CHN"
    years: str | None = None
    top: int = 30
    region: tuple[str, ...] = ()
    income_group: tuple[str, ...] = ()
    agreement: tuple[str, ...] = ()
    min_imports: float | None = None
    weights: str | None = None
    hs_revision: str | None = None


def _scan_query_dependency(product_default: Any) -> Callable[..., ScanQuery | None]:
    """The query dependency; ``product_default`` is ``...`` (required, the API) or ``None``
    (the pages: no product means "search for one first")."""

    def dependency(
        product: str | None = Query(product_default, min_length=2, max_length=6, pattern=PRODUCT_INPUT,
                                    description="HS6, HS4 or HS2 code"),
        exporter: str = Query("CHN", min_length=2, max_length=60,
                              description="ISO3, ISO2 or a country name (CHN, CN, China, 中国)"),
        years: str | None = Query(None, pattern=r"^(\d{4}(-\d{4})?)?$",
                                  description="A-B with A <= B, at most 40 years (default: latest 5)"),
        top: int = Query(30, ge=1, le=250),
        region: list[str] = Query([], max_length=20, description="World Bank region(s)"),
        income_group: list[str] = Query([], max_length=4, description="L, LM, UM, H"),
        agreement: list[str] = Query([], max_length=20, description="agreement id(s), e.g. RCEP"),
        min_imports: str | None = Query(None, pattern=r"^(\d{1,15}(\.\d*)?)?$",
                                        description="minimum imports, USD/year (empty: none)"),
        weights: str | None = Query(None, max_length=300, pattern=weights_pattern(),
                                    description="name=weight,... e.g. untapped=0.5"),
        hs_revision: str | None = Query(None, pattern=HS_REVISION_INPUT,
                                        description="convert flows to this HS revision (default: newest in the window)"),
    ) -> ScanQuery | None:
        def keep(values: list[str]) -> tuple[str, ...]:  # HTML forms send "" for "all"
            return tuple(v for v in values if v)

        if not product:
            return None
        # an unknown exporter is refused (404 in the reader's language), never scanned as nobody
        iso3 = resolve_country(exporter)
        return ScanQuery(product, iso3, years or None, top, keep(region), keep(income_group),
                         keep(agreement), float(min_imports) if min_imports else None, weights or None,
                         hs_revision or None)

    if product_default is ...:  # the API's schema: a required string, not "string or null"
        dependency.__annotations__["product"] = str
    return dependency


_required = _scan_query_dependency(...)
#: the pages' dependency: ``None`` when the request names no product
optional_scan_query = _scan_query_dependency(None)


def scan_query(q: ScanQuery | None = Depends(_required)) -> ScanQuery:
    """The API's scan query (a product is required)."""
    assert q is not None  # product is required by the dependency's schema
    return q


@dataclass(frozen=True, slots=True)
class ScanEntry:
    """One cached scan: the JSON-ready dict (callers must not mutate it), JSON and gzip bytes."""

    out: dict[str, Any]
    body: bytes
    packed: bytes


_CACHE: OrderedDict[tuple[Any, ...], ScanEntry] = OrderedDict()
_CHECKED: set[tuple[Any, ...]] = set()
_CACHE_SIZE = 64
_LOCK = threading.Lock()


def _key(wh: Warehouse, q: ScanQuery) -> tuple[Any, ...]:
    return (str(wh.db_path), warehouse_version(wh), q)


def cached_entry(wh: Warehouse, q: ScanQuery, *, checked: bool = False) -> ScanEntry | None:
    """The cached entry for ``q``, or ``None`` (never computes); with ``checked``, only an
    entry whose schema check has run."""
    key = _key(wh, q)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is None or (checked and key not in _CHECKED):
            return None
        _CACHE.move_to_end(key)
        return hit


def scan_entry(wh: Warehouse, q: ScanQuery, *,
               check: Callable[[dict[str, Any]], object] | None = None) -> ScanEntry:
    """The scan for ``q`` from the cache, computed on a miss. ``check`` (the API's response
    schema) runs once per entry, the first time a caller that has one asks for it."""
    key = _key(wh, q)
    entry = cached_entry(wh, q)
    if entry is None:
        out = _scan(wh, q)
        body = json.dumps(out, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
        entry = ScanEntry(out, body, gzip.compress(body, compresslevel=6, mtime=0))
        with _LOCK:
            _CACHE[key] = entry
            while len(_CACHE) > _CACHE_SIZE:
                old, _ = _CACHE.popitem(last=False)
                _CHECKED.discard(old)
    if check is not None and key not in _CHECKED:
        check(entry.out)
        with _LOCK:
            _CHECKED.add(key)
    return entry


def run_scan(wh: Warehouse, q: ScanQuery) -> dict[str, Any]:
    """The scan's JSON-ready dict (cached; callers must not mutate it)."""
    return scan_entry(wh, q).out


def _scan(wh: Warehouse, q: ScanQuery) -> dict[str, Any]:
    from chuhai.markets import (  # lazy: start-up speed (the engine loads DuckDB SQL)
        Filters,
        Weights,
        scan,
    )

    filters = Filters(regions=q.region, income_groups=q.income_group, agreements=q.agreement,
                      min_imports_usd=q.min_imports)
    result = scan(wh, product=q.product, exporter=q.exporter, years=parse_years(q.years, max_span=40),
                  weights=Weights.parse(q.weights), filters=filters, top=q.top,
                  hs_revision=q.hs_revision)
    out: dict[str, Any] = to_json(result)
    return out
