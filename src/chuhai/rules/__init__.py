"""The rules floor below the entry planner and the tender evaluator.

One cost build-up type (:class:`CostBuildUp`), one function per local-content law
(:mod:`chuhai.rules.laws`), the procurement rule packs (:mod:`chuhai.rules.packs`, data in
``rulepacks/*.toml``) and the regimes the planner checks, whose thresholds come from
those packs (:mod:`chuhai.rules.regimes`, ``regimes.toml``). Imports only
``chuhai.errors`` and third-party libraries.
"""

from __future__ import annotations

from chuhai.rules.buildup import CostBuildUp
from chuhai.rules.laws import ALIASES, DECLARED, LAWS, LC_METHODS, Law, canonical, get_law
from chuhai.rules.packs import RulePack, get_rulepack, list_rulepacks, parse_rulepack
from chuhai.rules.regimes import REGIMES, Regime, land_border_countries, qualifies, threshold_for
from chuhai.rules.vocabulary import GATE_KINDS, MECHANISMS

__all__ = [
    "ALIASES",
    "DECLARED",
    "GATE_KINDS",
    "LAWS",
    "LC_METHODS",
    "MECHANISMS",
    "REGIMES",
    "CostBuildUp",
    "Law",
    "Regime",
    "RulePack",
    "canonical",
    "get_law",
    "get_rulepack",
    "land_border_countries",
    "list_rulepacks",
    "parse_rulepack",
    "qualifies",
    "threshold_for",
]
