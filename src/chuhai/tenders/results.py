"""Frozen results of evaluate / simulate / optimise; ``to_dict()`` is the JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chuhai.tenders.gates import GateResult

__all__ = ["Award", "BidResult", "Evaluation", "FrontierPoint", "OptimiseResult", "SimulationResult"]


def _r(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(float(x), nd)


@dataclass(frozen=True, slots=True)
class Award:
    bidder: str
    share: float
    quantity: float
    unit_price: float

    def to_dict(self) -> dict[str, Any]:
        return {"bidder": self.bidder, "share": _r(self.share), "quantity": _r(self.quantity),
                "unit_price": _r(self.unit_price)}


@dataclass(frozen=True, slots=True)
class BidResult:
    bidder: str
    price: float
    evaluated_price: float | None
    score: float | None
    rank: int | None
    preferred: bool
    eligible: bool
    gates: tuple[GateResult, ...]
    warnings: tuple[str, ...]
    local_content: float
    lc_basis: str
    lc_class: str | None
    origin: str
    steps: tuple[str, ...]
    why_lost: str | None
    share: float = 0.0
    own: bool = False
    profit_if_awarded: float | None = None
    duty_rate: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "bidder": self.bidder, "price": _r(self.price), "evaluated_price": _r(self.evaluated_price),
            "score": _r(self.score), "rank": self.rank, "preferred": self.preferred,
            "eligible": self.eligible, "gates": [g.to_dict() for g in self.gates],
            "warnings": list(self.warnings), "local_content": _r(self.local_content),
            "local_content_basis": self.lc_basis, "class": self.lc_class, "origin": self.origin,
            "share": _r(self.share), "own": self.own, "duty_rate": _r(self.duty_rate),
            "profit_if_awarded": _r(self.profit_if_awarded, 2),
            "steps": list(self.steps), "why_lost": self.why_lost,
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    rulepack: str
    method: str
    mechanism: str
    currency: str
    quantity: float
    bids: tuple[BidResult, ...]
    winner: str | None
    awards: tuple[Award, ...]
    warnings: tuple[str, ...]
    demo: bool
    lots: tuple[tuple[str, Evaluation], ...] = ()

    def bid(self, bidder: str) -> BidResult:
        return next(b for b in self.bids if b.bidder == bidder)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rulepack": self.rulepack, "method": self.method, "mechanism": self.mechanism,
            "currency": self.currency, "quantity": self.quantity,
            "bids": [b.to_dict() for b in self.bids], "winner": self.winner,
            "awards": [a.to_dict() for a in self.awards], "warnings": list(self.warnings),
            "demo": self.demo,
        }
        if self.lots:
            out["lots"] = [{"lot": lot_id, **ev.to_dict()} for lot_id, ev in self.lots]
        return out


@dataclass(frozen=True, slots=True)
class SimulationResult:
    evaluation: Evaluation
    runs: int
    seed: int
    own: str
    win_probability: dict[str, float]
    expected_share: dict[str, float]
    expected_profit: float | None
    expected_profit_usd: float | None
    alternatives: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        out = self.evaluation.to_dict()
        out["warnings"] = list(self.warnings)
        out.update({
            "runs": self.runs, "seed": self.seed, "own": self.own,
            "win_probability": {k: _r(v) for k, v in self.win_probability.items()},
            "expected_share": {k: _r(v) for k, v in self.expected_share.items()},
            "expected_profit": _r(self.expected_profit, 2),
            "expected_profit_usd": _r(self.expected_profit_usd, 2),
            "alternatives": list(self.alternatives),
        })
        return out


@dataclass(frozen=True, slots=True)
class FrontierPoint:
    mode: str
    price: float
    kit_price: float | None
    partner_share: float | None
    local_content: float
    preferred: bool
    eligible: bool
    win_probability: float
    expected_profit: float
    margin: float | None
    pareto: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"pareto": self.pareto, "mode": self.mode, "price": _r(self.price), "kit_price": _r(self.kit_price),
                "partner_share": _r(self.partner_share), "local_content": _r(self.local_content),
                "preferred": self.preferred, "eligible": self.eligible,
                "win_probability": _r(self.win_probability),
                "expected_profit": _r(self.expected_profit, 2), "margin": _r(self.margin)}


@dataclass(frozen=True, slots=True)
class OptimiseResult:
    rulepack: str
    best: FrontierPoint
    best_profit_usd: float | None
    constraint: dict[str, float | None]
    frontier: tuple[FrontierPoint, ...]
    evaluated_points: int
    runs: int
    seed: int
    warnings: tuple[str, ...]
    demo: bool

    def to_dict(self) -> dict[str, Any]:
        return {"rulepack": self.rulepack, "best": self.best.to_dict(),
                "expected_profit_usd": _r(self.best_profit_usd, 2),
                "constraint": self.constraint, "frontier": [p.to_dict() for p in self.frontier],
                "evaluated_points": self.evaluated_points, "runs": self.runs, "seed": self.seed,
                "warnings": list(self.warnings), "demo": self.demo}
