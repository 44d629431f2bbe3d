"""``/api/v1/tenders/history``: who won a buyer country's contracts for a product (the
``chuhai tender history --json`` contract)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from chuhai.data.warehouse import Warehouse
from chuhai.tenders.history import HistoryResult
from chuhai.web.api.schema import model_of
from chuhai.web.deps import get_warehouse
from chuhai.web.errors import ERROR_RESPONSES
from chuhai.web.jsonable import jsonable
from chuhai.web.services.history import HistoryQuery, history_query, run_history

__all__ = ["router"]

router = APIRouter(prefix="/tenders", tags=["tenders"], responses=ERROR_RESPONSES)

#: The ``chuhai tender history --json`` contract, derived from the result type.
HistoryOut = model_of(HistoryResult, "HistoryOut")


@router.get("/history", response_model=HistoryOut, response_model_exclude_unset=True)
async def tender_history(q: HistoryQuery = Depends(history_query),
                         wh: Warehouse = Depends(get_warehouse)) -> Any:
    """Who wins: contracts, counts and value, the shares won by domestic, same-bloc, Chinese
    and other suppliers (each with n and a 95 % Wilson interval), the same by procurement
    method, and the largest winners, from the award data in the warehouse."""
    return jsonable(await run_in_threadpool(run_history, wh, q))
