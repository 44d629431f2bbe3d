"""Entry planner: compare entry modes by firm NPV, partner deal, local content and local value.

Library API::

    sc = load_scenario("examples/mozambique-water-meters.toml")
    result = plan(sc, warehouse=None, share=None)   # PlanResult, frozen; .to_dict() = JSON contract
    oc = offer_costs(sc, "ckd_assembly")           # OfferCosts for the tender simulator
"""

from chuhai.entry.modes import BUILTIN_MODES, Mode
from chuhai.entry.offer import OfferCosts, offer_costs
from chuhai.entry.planner import ModeResult, PlanResult, plan
from chuhai.entry.scenario import Scenario, load_scenario, parse_scenario
from chuhai.rules import REGIMES, CostBuildUp, Regime

__all__ = [
    "BUILTIN_MODES",
    "REGIMES",
    "CostBuildUp",
    "Mode",
    "ModeResult",
    "OfferCosts",
    "PlanResult",
    "Regime",
    "Scenario",
    "load_scenario",
    "offer_costs",
    "parse_scenario",
    "plan",
]
