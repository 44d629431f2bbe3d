"""``/api/v1/plan``: the entry planner over :func:`chuhai.entry.plan`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool

from chuhai.data.warehouse import Warehouse
from chuhai.entry.results import PlanResult
from chuhai.web.api.models import one_of
from chuhai.web.api.schema import model_of
from chuhai.web.deps import get_plans, get_warehouse
from chuhai.web.errors import ERROR_RESPONSES
from chuhai.web.plans import NAME_PATTERN, PlanStore
from chuhai.web.services.plan import run_plan

__all__ = ["PlanRequest", "router"]

router = APIRouter(tags=["entry"], responses=ERROR_RESPONSES)


class PlanRequest(BaseModel):
    """Either the scenario TOML text, or the name of a saved scenario."""

    model_config = ConfigDict(json_schema_extra=one_of("scenario", "saved"))

    scenario: str | None = Field(None, min_length=1, max_length=1024 * 1024, description="scenario file, TOML")
    saved: str | None = Field(None, max_length=64, pattern=NAME_PATTERN, description="name of a saved scenario")
    share: float | None = Field(None, ge=0.0, le=1.0, description="overrides partner.share (s)")

    @model_validator(mode="after")
    def _one_source(self) -> PlanRequest:
        if (self.scenario is None) == (self.saved is None):
            raise ValueError("give exactly one of 'scenario' (TOML text) or 'saved' (a saved name)")
        return self


#: The ``chuhai plan --json`` contract, derived from :class:`PlanResult` (no second list).
PlanOut = model_of(PlanResult, "PlanOut")


@router.post("/plan", response_model=PlanOut, response_model_exclude_unset=True)
async def plan_endpoint(body: PlanRequest, wh: Warehouse = Depends(get_warehouse),
                        store: PlanStore = Depends(get_plans)) -> Any:
    """Compare entry modes for a scenario: firm and partner NPV, local content per regime,
    local jobs and value added, host taxes, the Pareto set and a recommendation."""
    if body.saved is not None:
        text, file = store.load("scenario", body.saved), f"scenario/{body.saved}.toml"
    else:
        text, file = body.scenario or "", "<request>"
    return await run_in_threadpool(run_plan, wh, text, share=body.share, file=file)
