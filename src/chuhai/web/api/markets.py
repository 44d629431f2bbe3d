"""``/api/v1/markets``: the market scan (JSON and CSV) over :func:`chuhai.markets.scan`."""

from __future__ import annotations

import csv
import io
from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from chuhai.data.warehouse import Warehouse
from chuhai.markets.types import MarketScan
from chuhai.web.api.schema import model_of
from chuhai.web.deps import get_warehouse
from chuhai.web.errors import ERROR_RESPONSES
from chuhai.web.security import csv_safe
from chuhai.web.services.scan import ScanQuery, cached_entry, run_scan, scan_entry, scan_query

__all__ = ["router"]

router = APIRouter(tags=["markets"], responses=ERROR_RESPONSES)


#: The ``chuhai markets --json`` contract, derived from :class:`MarketScan` (no second list).
MarketScanOut = model_of(MarketScan, "MarketScanOut")


@router.get("/markets", response_model=MarketScanOut)
async def markets(request: Request, q: ScanQuery = Depends(scan_query),
                  wh: Warehouse = Depends(get_warehouse)) -> Any:
    """Rank export markets for a product: demand, position, access, export potential,
    screens with reasons (also for markets not recommended), localisation pressure."""
    entry = cached_entry(wh, q, checked=True)
    if entry is None:  # the response schema is checked once per entry, when computed
        entry = await run_in_threadpool(partial(scan_entry, check=MarketScanOut.model_validate), wh, q)
    if "gzip" in request.headers.get("accept-encoding", ""):  # compressed once, when cached
        return Response(entry.packed, media_type="application/json",
                        headers={"content-encoding": "gzip", "vary": "accept-encoding"})
    return Response(entry.body, media_type="application/json", headers={"vary": "accept-encoding"})


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
