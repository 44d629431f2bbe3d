"""The entry-plan service: scenario TOML text in, the plan's JSON-ready dict out; used by
``/api/v1/plan`` and the planner page."""

from __future__ import annotations

import tomllib
from typing import Any

from chuhai.data.messages import COUNTRY_UNKNOWN
from chuhai.data.reference.countries import get_country
from chuhai.data.warehouse import Warehouse
from chuhai.entry import Scenario, parse_scenario, plan
from chuhai.errors import ScenarioError
from chuhai.web.jsonable import jsonable

__all__ = ["run_plan"]


def _check_countries(scenario: Scenario, file: str) -> None:
    """Every country the scenario names exists: an unknown code (XYZ) is refused, never
    planned with silent fallbacks (no tariff row, no indicators)."""
    named = [("market.country", scenario.market.country), ("firm.home", scenario.firm.home)]
    named += [(f"market.segments[{i}].country", s.country) for i, s in enumerate(scenario.market.segments)]
    named += [(f"firm.components[{i}].origin", c.origin) for i, c in enumerate(scenario.firm.components)]
    for path, code in named:
        if get_country(code) is None:
            raise ScenarioError(COUNTRY_UNKNOWN(query=code), path=path, file=file)


def run_plan(wh: Warehouse, text: str, *, share: float | None = None,
             file: str = "<web form>") -> dict[str, Any]:
    """Parse scenario TOML text, run the planner, return the JSON-ready dict."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"invalid TOML: {exc}", file=file) from exc
    scenario = parse_scenario(data, file=file)
    _check_countries(scenario, file)
    out: dict[str, Any] = jsonable(plan(scenario, warehouse=wh if wh.exists() else None,
                                        share=share).to_dict())
    return out
