"""``/api/v1/tenders``: rule packs, evaluate, simulate and optimise."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool

import chuhai.tenders as tenders_lib
from chuhai.data.codes import PRODUCT_INPUT
from chuhai.data.warehouse import Warehouse
from chuhai.tenders.results import Evaluation, OptimiseResult, SimulationResult
from chuhai.web.api.models import one_of
from chuhai.web.api.schema import model_of
from chuhai.web.deps import get_plans, get_warehouse
from chuhai.web.errors import ERROR_RESPONSES
from chuhai.web.jsonable import jsonable
from chuhai.web.plans import NAME_PATTERN, PlanStore
from chuhai.web.services.tender import load_text, rule_rows, simulate_tender

__all__ = ["router"]

router = APIRouter(prefix="/tenders", tags=["tenders"], responses=ERROR_RESPONSES)


class SourceOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    ref: str
    title: str
    url: str | None = None


class RuleOut(BaseModel):
    """One rule pack (the ``chuhai tender rules --json`` contract, plus name and warnings)."""

    id: str
    name: str
    jurisdiction: str
    instrument: str
    mechanism: str
    confidence: str
    sources: list[SourceOut]
    warnings: list[str]


class TenderRequest(BaseModel):
    """Either the tender TOML text, or the name of a saved tender."""

    model_config = ConfigDict(json_schema_extra=one_of("tender", "saved"))

    tender: str | None = Field(None, min_length=1, max_length=1024 * 1024, description="tender file, TOML")
    saved: str | None = Field(None, max_length=64, pattern=NAME_PATTERN, description="name of a saved tender")

    @model_validator(mode="after")
    def _one_source(self) -> TenderRequest:
        if (self.tender is None) == (self.saved is None):
            raise ValueError("give exactly one of 'tender' (TOML text) or 'saved' (a saved name)")
        return self


class SimulateRequest(TenderRequest):
    runs: int = Field(20_000, ge=100, le=1_000_000, description="simulated tenders")
    seed: int = Field(0, ge=0, le=2**32 - 1)
    calibrate: bool = Field(False, description="calibrate the rivals from the warehouse's award data and "
                            "OCDS bids for the buyer × sector (the result's 'calibration' key)")
    sector: str | None = Field(None, pattern=PRODUCT_INPUT, description="HS2/4/6 sector to calibrate on; "
                               "default: the tender's first tender.products")


#: The ``chuhai tender evaluate|simulate|optimise --json`` contracts, derived from the result
#: types (no second field list).
EvaluationOut = model_of(Evaluation, "EvaluationOut")
SimulationOut = model_of(SimulationResult, "SimulationOut")
OptimiseOut = model_of(OptimiseResult, "OptimiseOut")


def _text(body: TenderRequest, store: PlanStore) -> tuple[str, str]:
    if body.saved is not None:
        return store.load("tender", body.saved), f"tender/{body.saved}.toml"
    return body.tender or "", "<request>"


@router.get("/rules", response_model=list[RuleOut])
def rules() -> Any:
    """Procurement rule packs with jurisdiction, instrument, mechanism, confidence and sources."""
    return rule_rows()


@router.post("/evaluate", response_model=EvaluationOut, response_model_exclude_unset=True)
async def evaluate(body: TenderRequest, store: PlanStore = Depends(get_plans)) -> Any:
    """Rank the bids and show every step: gates, local content, evaluated price, score, winner."""
    text, file = _text(body, store)
    result = await run_in_threadpool(lambda: tenders_lib.evaluate(load_text(text, file)).to_dict())
    return jsonable(result)


@router.post("/simulate", response_model=SimulationOut, response_model_exclude_unset=True)
async def simulate(body: SimulateRequest, store: PlanStore = Depends(get_plans),
                   wh: Warehouse = Depends(get_warehouse)) -> Any:
    """Seeded Monte Carlo over the rivals: win probability and expected profit per bidder;
    with ``calibrate``, against rivals calibrated from the award data and OCDS bids (every
    calibrated parameter with its source, sample size and interval in ``calibration``)."""
    text, file = _text(body, store)
    result = await run_in_threadpool(
        lambda: simulate_tender(load_text(text, file), runs=body.runs, seed=body.seed, calibrated=body.calibrate,
                                sector=body.sector, warehouse=wh).to_dict())
    return jsonable(result)


@router.post("/optimise", response_model=OptimiseOut, response_model_exclude_unset=True)
async def optimise(body: TenderRequest, store: PlanStore = Depends(get_plans)) -> Any:
    """Search the offer (price, mode, local content, kit price, share) for the best expected
    profit subject to the tender's minimum win probability or margin; with the frontier."""
    text, file = _text(body, store)
    return jsonable(await run_in_threadpool(lambda: tenders_lib.optimise(load_text(text, file)).to_dict()))
