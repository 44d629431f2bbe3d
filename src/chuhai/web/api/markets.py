"""``/api/v1/markets``: the market scan (JSON and CSV) over :func:`chuhai.markets.scan`."""

from __future__ import annotations

import csv
import gzip
import io
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from chuhai.data.warehouse import Warehouse
from chuhai.data.years import parse_years
from chuhai.markets.types import MarketScan
from chuhai.serialise import to_json
from chuhai.web.api.schema import model_of
from chuhai.web.deps import get_warehouse, warehouse_version
from chuhai.web.errors import ERROR_RESPONSES
from chuhai.web.security import csv_safe

__all__ = ["ScanQuery", "router", "run_scan"]

router = APIRouter(tags=["markets"], responses=ERROR_RESPONSES)


#: The ``chuhai markets --json`` contract, derived from :class:`MarketScan` (no second list).
MarketScanOut = model_of(MarketScan, "MarketScanOut")


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


def scan_query(
    product: str = Query(min_length=2, max_length=6, pattern=r"^\d{2,6}$", description="HS6, HS4 or HS2 code"),
    exporter: str = Query("CHN", min_length=3, max_length=3, pattern="^[A-Za-z]{3}$", description="ISO3"),
    years: str | None = Query(None, pattern=r"^(\d{4}(-\d{4})?)?$", description="A-B (default: latest 5)"),
    top: int = Query(30, ge=1, le=250),
    region: list[str] = Query([], max_length=20, description="World Bank region(s)"),
    income_group: list[str] = Query([], max_length=4, description="L, LM, UM, H"),
    agreement: list[str] = Query([], max_length=20, description="agreement id(s), e.g. RCEP"),
    min_imports: str | None = Query(None, pattern=r"^(\d{1,15}(\.\d*)?)?$",
                                    description="minimum imports, USD/year (empty: none)"),
    weights: str | None = Query(None, max_length=300, description="name=weight,... e.g. untapped=0.5"),
) -> ScanQuery:
    def keep(values: list[str]) -> tuple[str, ...]:  # HTML forms send "" for "all"
        return tuple(v for v in values if v)

    return ScanQuery(product, exporter.upper(), years or None, top, keep(region), keep(income_group),
                     keep(agreement), float(min_imports) if min_imports else None, weights or None)


_CACHE: OrderedDict[tuple[Any, ...], tuple[dict[str, Any], bytes, bytes]] = OrderedDict()
_CACHE_SIZE = 64
_LOCK = threading.Lock()


def _cached(wh: Warehouse, q: ScanQuery) -> tuple[dict[str, Any], bytes, bytes] | None:
    key = (str(wh.db_path), warehouse_version(wh), q)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
        return hit


def _scan_entry(wh: Warehouse, q: ScanQuery) -> tuple[dict[str, Any], bytes, bytes]:
    """The scan as (dict, JSON bytes, gzipped JSON bytes), from a small LRU cache keyed by the query and the
    warehouse file's version (an import invalidates it)."""
    hit = _cached(wh, q)
    if hit is not None:
        return hit
    key = (str(wh.db_path), warehouse_version(wh), q)
    out = _scan(wh, q)
    MarketScanOut.model_validate(out)  # the response schema is checked once, when computed
    body = json.dumps(out, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    packed = gzip.compress(body, compresslevel=6, mtime=0)
    with _LOCK:
        _CACHE[key] = (out, body, packed)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return out, body, packed


def run_scan(wh: Warehouse, q: ScanQuery) -> dict[str, Any]:
    """The scan's JSON-ready dict (cached; callers must not mutate it)."""
    return _scan_entry(wh, q)[0]


def _scan(wh: Warehouse, q: ScanQuery) -> dict[str, Any]:
    from chuhai.markets import Filters, Weights, scan

    filters = Filters(regions=q.region, income_groups=q.income_group, agreements=q.agreement,
                      min_imports_usd=q.min_imports)
    result = scan(wh, product=q.product, exporter=q.exporter, years=parse_years(q.years, max_span=40),
                  weights=Weights.parse(q.weights), filters=filters, top=q.top)
    out: dict[str, Any] = to_json(result)
    return out


@router.get("/markets", response_model=MarketScanOut)
async def markets(request: Request, q: ScanQuery = Depends(scan_query),
                  wh: Warehouse = Depends(get_warehouse)) -> Any:
    """Rank export markets for a product: demand, position, access, export potential,
    screens with reasons (also for markets not recommended), localisation pressure."""
    entry = _cached(wh, q)
    if entry is None:
        entry = await run_in_threadpool(_scan_entry, wh, q)
    if "gzip" in request.headers.get("accept-encoding", ""):  # compressed once, when cached
        return Response(entry[2], media_type="application/json",
                        headers={"content-encoding": "gzip", "vary": "accept-encoding"})
    return Response(entry[1], media_type="application/json", headers={"vary": "accept-encoding"})


CSV_COLUMNS = ("rank", "importer", "name", "score", "imports_usd", "imports_cagr", "exporter_share",
               "hhi", "tariff_exporter", "tariff_average", "distance_km", "potential_usd",
               "untapped_usd", "benchmark_untapped_usd", "localisation_pressure", "posture",
               "explanation")


@router.get("/markets.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "CSV, formula-safe"}})
async def markets_csv(q: ScanQuery = Depends(scan_query), wh: Warehouse = Depends(get_warehouse)) -> Response:
    """The same scan as CSV; text cells that a spreadsheet would run as a formula are neutralised."""
    data = await run_in_threadpool(run_scan, wh, q)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for m in data["markets"]:
        writer.writerow([csv_safe(m.get(c)) for c in CSV_COLUMNS])
    name = f"chuhai-markets-{q.product}-{q.exporter}.csv"
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}"'})
