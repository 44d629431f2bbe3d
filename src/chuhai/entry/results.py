"""The entry planner's results; their fields, in order, are the ``chuhai plan --json``
contract (``to_dict()`` is :func:`chuhai.serialise.to_json`; the web schema is derived from
the same declaration by :func:`chuhai.web.api.schema.model_of`). Documented in
docs/scenario-format.md.

Sentences are :class:`~chuhai.messages.Message` fields; the text attributes renderers use
(``bands``, ``gates``, ``recommendation``, ``warnings``) render them in English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chuhai.entry.evidence import PlanEvidence
from chuhai.entry.finance import IrrResult
from chuhai.entry.kit import KitRange
from chuhai.entry.montecarlo import McResult
from chuhai.entry.sensitivity import TornadoBar
from chuhai.entry.value import LocalValue
from chuhai.messages import Message, render
from chuhai.rules.regimes import AppliedThreshold, Regime
from chuhai.serialise import to_json

__all__ = ["ModeResult", "PlanResult", "Recommendation", "RegimeRow", "Tariff", "Tornado"]


def _messages(name: str) -> dict[str, Any]:
    """Metadata: a tuple (or mapping) of messages written as ``name`` + ``name_messages`` (also when empty)."""
    return {"json_name": name, "json_always": True}


@dataclass(frozen=True)
class ModeResult:
    """One entry mode, base case (money in USD; NPVs at the firm's / partner's rate)."""

    mode: str
    label: str
    firm_npv_usd: float
    partner_npv_usd: float
    local_jobs: float = field(init=False)  # = value.jobs
    local_value_added_usd: float = field(init=False)  # = value.value_added_usd
    host_taxes_usd: float = field(init=False)  # = value.host_taxes_usd
    local_content: Mapping[str, float]
    qualifies: Mapping[str, bool]
    pareto: bool
    band_messages: Mapping[str, Message] = field(metadata=_messages("preference_band"))
    gate_messages: tuple[Message, ...] = field(metadata=_messages("gates"))
    tender_share: float
    firm_irr: IrrResult
    partner_irr: IrrResult
    firm_payback_years: float | None
    partner_payback_years: float | None
    price_usd: float
    landed_cost_usd: float
    unit_cost_usd: float
    value: LocalValue = field(metadata={"json_name": "local_value"})
    flows: Mapping[str, tuple[float, ...]] = field(metadata={"json_name": "cash_flows"})
    sourcing: Mapping[str, tuple[str, ...]]
    kit: KitRange | None
    montecarlo: McResult

    def __post_init__(self) -> None:
        object.__setattr__(self, "local_jobs", self.value.jobs)
        object.__setattr__(self, "local_value_added_usd", self.value.value_added_usd)
        object.__setattr__(self, "host_taxes_usd", self.value.host_taxes_usd)

    @property
    def bands(self) -> dict[str, str]:
        """Preference band per regime, in English."""
        return {k: render(m) for k, m in self.band_messages.items()}

    @property
    def gates(self) -> tuple[str, ...]:
        """Closed tender gates, in English."""
        return tuple(render(m) for m in self.gate_messages)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out


@dataclass(frozen=True)
class RegimeRow:
    """A regime the plan checked (``regimes[]``), with provenance."""

    id: str
    name: str
    instrument: str
    clause: str
    threshold: float
    strict: bool
    confidence: str
    sources: str
    note: str
    uncertain: str
    threshold_default: float
    threshold_basis: str
    threshold_source: str

    @classmethod
    def of(cls, r: Regime, applied: AppliedThreshold) -> RegimeRow:
        """The row of ``r`` as the plan applied it: ``threshold`` is the applied figure."""
        return cls(r.id, r.name, r.instrument, r.clause, applied.value, r.strict, r.confidence,
                   r.sources, r.note, r.uncertain, applied.default, applied.basis, applied.source)


@dataclass(frozen=True)
class Tariff:
    """The tariff applied to one form (cbu, ckd, components) and where it came from."""

    rate: float
    source: str


@dataclass(frozen=True)
class Recommendation:
    mode: str
    reason: Message


@dataclass(frozen=True)
class Tornado:
    """What moves the recommended mode's firm NPV, widest swing first."""

    mode: str
    bars: tuple[TornadoBar, ...]


@dataclass(frozen=True, kw_only=True)
class PlanResult:
    """The plan for one scenario."""

    demo: bool
    market: str
    market_name: str
    scenario: str
    share: float
    year: int
    horizon_years: int
    regime_rows: tuple[RegimeRow, ...] = field(metadata={"json_name": "regimes"})
    tariff_rows: Mapping[str, Tariff] = field(metadata={"json_name": "tariffs"})
    modes: tuple[ModeResult, ...]
    advice: Recommendation = field(metadata={"json_name": "recommendation"})
    tornado_chart: Tornado = field(metadata={"json_name": "tornado"})
    warning_messages: tuple[Message, ...] = field(metadata=_messages("warnings"))
    #: the market's real award contracts for the firm's product (None without a warehouse)
    evidence: PlanEvidence | None = None

    @property
    def regimes(self) -> tuple[str, ...]:
        """The regime ids, primary first."""
        return tuple(r.id for r in self.regime_rows)

    @property
    def tariffs(self) -> dict[str, float]:
        return {k: t.rate for k, t in self.tariff_rows.items()}

    @property
    def tariff_sources(self) -> dict[str, str]:
        return {k: t.source for k, t in self.tariff_rows.items()}

    @property
    def recommended(self) -> str:
        return self.advice.mode

    @property
    def recommendation_reason(self) -> Message:
        return self.advice.reason

    @property
    def recommendation(self) -> tuple[str, str]:
        """(recommended mode, the reason in English)."""
        return self.advice.mode, render(self.advice.reason)

    @property
    def tornado_mode(self) -> str:
        return self.tornado_chart.mode

    @property
    def tornado(self) -> tuple[TornadoBar, ...]:
        return self.tornado_chart.bars

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(render(m) for m in self.warning_messages)

    def mode(self, key: str) -> ModeResult:
        return next(m for m in self.modes if m.mode == key)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out
