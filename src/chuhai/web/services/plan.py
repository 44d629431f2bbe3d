"""The entry-plan service: scenario TOML text in, the plan's JSON-ready dict out; used by
``/api/v1/plan`` and the planner page."""

from __future__ import annotations

import tomllib
from typing import Any

from chuhai.data.warehouse import Warehouse
from chuhai.entry import parse_scenario, plan
from chuhai.errors import ScenarioError
from chuhai.web.jsonable import jsonable

__all__ = ["run_plan"]


def run_plan(wh: Warehouse, text: str, *, share: float | None = None,
             file: str = "<web form>") -> dict[str, Any]:
    """Parse scenario TOML text, run the planner, return the JSON-ready dict."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"invalid TOML: {exc}", file=file) from exc
    scenario = parse_scenario(data, file=file)
    out: dict[str, Any] = jsonable(plan(scenario, warehouse=wh if wh.exists() else None,
                                        share=share).to_dict())
    return out
