"""Frozen results of evaluate / simulate / optimise; their fields, in order, are the JSON
contract (``to_dict()`` is :func:`chuhai.serialise.to_json`; the web schema is derived from
the same declaration by :func:`chuhai.web.api.schema.model_of`).

Sentences are :class:`~chuhai.messages.Message` fields (``*_message``/``*_messages``);
the text attributes (``steps``, ``why_lost``, ``warnings`` ...) render them in English,
and JSON carries both: the text under the old key and the messages beside it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from chuhai.messages import Message, render
from chuhai.serialise import to_json
from chuhai.tenders.calibration_types import Calibration
from chuhai.tenders.gates import GateResult

__all__ = ["Alternative", "Award", "BidResult", "Evaluation", "FrontierPoint", "Lot", "OptimiseResult",
           "SimulationResult"]

R6: Mapping[str, Any] = {"round": 6}  # shares, prices and probabilities: 6 decimals in JSON
R2: Mapping[str, Any] = {"round": 2}  # money: 2 decimals


def _texts(msgs: tuple[Message, ...]) -> tuple[str, ...]:
    return tuple(render(m) for m in msgs)


def _messages(name: str) -> dict[str, Any]:
    """Metadata: a tuple-of-messages field written as ``name`` + ``name_messages`` (also when empty)."""
    return {"json_name": name, "json_always": True}


class _Json:
    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (see the module doc)."""
        out: dict[str, Any] = to_json(self)
        return out


@dataclass(frozen=True, slots=True)
class Award(_Json):
    bidder: str
    share: float = field(metadata=R6)
    quantity: float = field(metadata=R6)
    unit_price: float = field(metadata=R6)


@dataclass(frozen=True, slots=True, kw_only=True)
class BidResult(_Json):
    bidder: str
    price: float = field(metadata=R6)
    evaluated_price: float | None = field(metadata=R6)
    score: float | None = field(metadata=R6)
    rank: int | None
    preferred: bool
    eligible: bool
    gates: tuple[GateResult, ...]
    warning_messages: tuple[Message, ...] = field(metadata=_messages("warnings"))
    local_content: float = field(metadata=R6)
    lc_basis_message: Message = field(metadata={"json_name": "local_content_basis"})
    lc_class: str | None = field(metadata={"json_name": "class"})
    origin: str
    share: float = field(default=0.0, metadata=R6)
    own: bool = False
    duty_rate: float | None = field(default=None, metadata=R6)
    profit_if_awarded: float | None = field(default=None, metadata=R2)
    step_messages: tuple[Message, ...] = field(metadata=_messages("steps"))
    why_lost_message: Message | None = field(metadata={"json_name": "why_lost", "json_always": True})

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


@dataclass(frozen=True, slots=True)
class Evaluation(_Json):
    rulepack: str
    method: str
    mechanism: str
    currency: str
    quantity: float
    bids: tuple[BidResult, ...]
    winner: str | None
    awards: tuple[Award, ...]
    warning_messages: tuple[Message, ...] = field(metadata=_messages("warnings"))
    demo: bool = False
    lots: tuple[Lot, ...] = field(default=(), metadata={"json_omit_empty": True})

    @property
    def warnings(self) -> tuple[str, ...]:
        return _texts(self.warning_messages)

    def bid(self, bidder: str) -> BidResult:
        return next(b for b in self.bids if b.bidder == bidder)


@dataclass(frozen=True, slots=True)
class Lot(_Json):
    """One lot's evaluation: ``{"lot": id, ...the evaluation's keys}`` in JSON."""

    lot: str
    evaluation: Evaluation = field(metadata={"json_flatten": True})

    def __iter__(self) -> Iterator[Any]:
        """``(lot, evaluation)``, as when lots were pairs (``dict(ev.lots)``)."""
        return iter((self.lot, self.evaluation))


@dataclass(frozen=True, slots=True, kw_only=True)
class Alternative(_Json):
    """One own offer simulated against the same rival draws."""

    bidder: str
    win_probability: float
    expected_share: float
    expected_profit: float | None
    expected_profit_usd: float | None
    preferred: bool
    eligible: bool

    def __getitem__(self, key: str) -> Any:
        """Read a field by its JSON key, as when alternatives were dicts."""
        return getattr(self, key)


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulationResult(_Json):
    """The evaluation's keys (its ``warnings`` replaced, in place, by the simulation's,
    which include them), then the simulation's."""

    evaluation: Evaluation = field(metadata={"json_flatten": True})
    warning_messages: tuple[Message, ...] = field(metadata=_messages("warnings"))
    runs: int
    seed: int
    own: str
    win_probability: Mapping[str, float] = field(metadata=R6)
    expected_share: Mapping[str, float] = field(metadata=R6)
    expected_profit: float | None = field(metadata=R2)
    expected_profit_usd: float | None = field(metadata=R2)
    alternatives: tuple[Alternative, ...]
    #: the rivals calibrated from award data (``chuhai.tenders.calibrate``), when asked
    calibration: Calibration | None = field(default=None, metadata={"json_omit_empty": True})

    @property
    def warnings(self) -> tuple[str, ...]:
        return _texts(self.warning_messages)


@dataclass(frozen=True, slots=True)
class FrontierPoint(_Json):
    pareto: bool = field(default=False, kw_only=True)
    mode: str
    price: float = field(metadata=R6)
    kit_price: float | None = field(metadata=R6)
    partner_share: float | None = field(metadata=R6)
    local_content: float = field(metadata=R6)
    preferred: bool
    eligible: bool
    win_probability: float = field(metadata=R6)
    expected_profit: float = field(metadata=R2)
    margin: float | None = field(metadata=R6)


@dataclass(frozen=True, slots=True)
class OptimiseResult(_Json):
    rulepack: str
    best: FrontierPoint
    best_profit_usd: float | None = field(metadata={"json_name": "expected_profit_usd", "round": 2})
    constraint: Mapping[str, float | None]
    frontier: tuple[FrontierPoint, ...]
    evaluated_points: int
    runs: int
    seed: int
    warning_messages: tuple[Message, ...] = field(metadata=_messages("warnings"))
    demo: bool = False

    @property
    def warnings(self) -> tuple[str, ...]:
        return _texts(self.warning_messages)
