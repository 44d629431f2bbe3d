"""How to win tenders: procurement rule packs, bid evaluation, rival Monte Carlo and offer search.

::

    from chuhai.tenders import load_tender, evaluate, simulate, optimise
    t = load_tender("examples/tenders/mozambique-water-meters.toml")
    evaluate(t).to_dict()          # ranks bids, shows every step
    simulate(t, runs=100_000, seed=1).to_dict()
    optimise(t).to_dict()
"""

from __future__ import annotations

from chuhai.rules.packs import RulePack, get_rulepack, list_rulepacks
from chuhai.tenders.evaluate import evaluate
from chuhai.tenders.model import Offer, Tender, load_tender
from chuhai.tenders.optimise import optimise
from chuhai.tenders.results import (
    BidResult,
    Evaluation,
    FrontierPoint,
    OptimiseResult,
    SimulationResult,
)
from chuhai.tenders.simulate import simulate

__all__ = [
    "BidResult",
    "Evaluation",
    "FrontierPoint",
    "Offer",
    "OptimiseResult",
    "RulePack",
    "SimulationResult",
    "Tender",
    "evaluate",
    "get_rulepack",
    "list_rulepacks",
    "load_tender",
    "optimise",
    "simulate",
]
