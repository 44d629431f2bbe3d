"""``/api/v1/plans``: saved scenarios and tender files (atomic writes, safe names)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Response

from chuhai.web.api.models import PlanIn, PlanInfo, PlanText
from chuhai.web.deps import get_plans
from chuhai.web.errors import ERROR_RESPONSES
from chuhai.web.plans import NAME_PATTERN, PlanStore

__all__ = ["router"]

router = APIRouter(prefix="/plans", tags=["plans"], responses=ERROR_RESPONSES)

KIND = Path(description="'scenario' or 'tender'", pattern="^(scenario|tender)$")
#: the rule of chuhai.web.plans.check_name, stated in the schema (it refuses the same names)
NAME = Path(description="1-64 letters, digits, '_' or '-', starting with a letter or digit",
            max_length=64, pattern=NAME_PATTERN)


@router.get("", response_model=list[PlanInfo])
def list_plans(store: PlanStore = Depends(get_plans)) -> Any:
    """All saved scenarios and tenders."""
    return [p.to_dict() for p in store.list()]


@router.get("/{kind}/{name}", response_model=PlanText)
def get_plan(kind: str = KIND, name: str = NAME, store: PlanStore = Depends(get_plans)) -> Any:
    """One saved file with its text."""
    text = store.load(kind, name)
    info = next(p for p in store.list(kind) if p.name == name)
    return {**info.to_dict(), "text": text}


@router.put("/{kind}/{name}", response_model=PlanInfo)
def put_plan(body: PlanIn, kind: str = KIND, name: str = NAME,
             store: PlanStore = Depends(get_plans)) -> Any:
    """Save (create or replace) a scenario or tender; the TOML is checked first."""
    return store.save(kind, name, body.text).to_dict()


@router.delete("/{kind}/{name}", status_code=204)
def delete_plan(kind: str = KIND, name: str = NAME, store: PlanStore = Depends(get_plans)) -> Response:
    """Delete a saved file."""
    store.delete(kind, name)
    return Response(status_code=204)
