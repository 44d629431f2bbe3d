"""Frozen results of evaluate / simulate / optimise; ``to_dict()`` is the JSON contract.

Sentences are :class:`~chuhai.messages.Message` fields (``*_message``/``*_messages``);
the text attributes (``steps``, ``why_lost``, ``warnings`` ...) render them in English,
and JSON carries both: the text under the old key and the messages beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chuhai.messages import Message, render
from chuhai.serialise import to_json
from chuhai.tenders.gates import GateResult

__all__ = ["Award", "BidResult", "Evaluation", "FrontierPoint", "OptimiseResult", "SimulationResult"]


def _r(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(float(x), nd)


def _texts(msgs: tuple[Message, ...]) -> tuple[str, ...]:
    return tuple(render(m) for m in msgs)


def _with_messages(out: dict[str, Any], key: str, msgs: tuple[Message, ...]) -> None:
    """``out[key]`` = texts and ``out[key + "_messages"]`` = code, params and text of each."""
    out[key] = list(_texts(msgs))
    out[f"{key}_messages"] = [to_json(m) for m in msgs]


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
    warning_messages: tuple[Message, ...]
    local_content: float
    lc_basis_message: Message
    lc_class: str | None
    origin: str
    step_messages: tuple[Message, ...]
    why_lost_message: Message | None
    share: float = 0.0
    own: bool = False
    profit_if_awarded: float | None = None
    duty_rate: float | None = None

    @property
    def warnings(self) -> tuple[str, ...]:
        return _texts(self.warning_messages)

    @property
    def lc_basis(self) -> str:
        return render(self.lc_basis_message)

    @property
    def steps(self) -> tuple[str, ...]:
        return _texts(self.step_messages)

    @property
    def why_lost(self) -> str | None:
        return None if self.why_lost_message is None else render(self.why_lost_message)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "bidder": self.bidder, "price": _r(self.price), "evaluated_price": _r(self.evaluated_price),
            "score": _r(self.score), "rank": self.rank, "preferred": self.preferred,
            "eligible": self.eligible, "gates": [g.to_dict() for g in self.gates]}
        _with_messages(out, "warnings", self.warning_messages)
        out.update({
            "local_content": _r(self.local_content), "local_content_basis": self.lc_basis,
            "local_content_basis_message": to_json(self.lc_basis_message),
            "class": self.lc_class, "origin": self.origin,
            "share": _r(self.share), "own": self.own, "duty_rate": _r(self.duty_rate),
            "profit_if_awarded": _r(self.profit_if_awarded, 2)})
        _with_messages(out, "steps", self.step_messages)
        out["why_lost"] = self.why_lost
        out["why_lost_message"] = None if self.why_lost_message is None else to_json(self.why_lost_message)
        return out


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
    warning_messages: tuple[Message, ...]
    demo: bool
    lots: tuple[tuple[str, Evaluation], ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        return _texts(self.warning_messages)

    def bid(self, bidder: str) -> BidResult:
        return next(b for b in self.bids if b.bidder == bidder)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rulepack": self.rulepack, "method": self.method, "mechanism": self.mechanism,
            "currency": self.currency, "quantity": self.quantity,
            "bids": [b.to_dict() for b in self.bids], "winner": self.winner,
            "awards": [a.to_dict() for a in self.awards]}
        _with_messages(out, "warnings", self.warning_messages)
        out["demo"] = self.demo
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
    warning_messages: tuple[Message, ...] = field(default=())

    @property
    def warnings(self) -> tuple[str, ...]:
        return _texts(self.warning_messages)

    def to_dict(self) -> dict[str, Any]:
        out = self.evaluation.to_dict()
        _with_messages(out, "warnings", self.warning_messages)
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
    warning_messages: tuple[Message, ...]
    demo: bool

    @property
    def warnings(self) -> tuple[str, ...]:
        return _texts(self.warning_messages)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rulepack": self.rulepack, "best": self.best.to_dict(),
            "expected_profit_usd": _r(self.best_profit_usd, 2),
            "constraint": self.constraint, "frontier": [p.to_dict() for p in self.frontier],
            "evaluated_points": self.evaluated_points, "runs": self.runs, "seed": self.seed}
        _with_messages(out, "warnings", self.warning_messages)
        out["demo"] = self.demo
        return out
