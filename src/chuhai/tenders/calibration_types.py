"""The typed result of a calibration (:mod:`chuhai.tenders.calibrate`); kept apart so the
simulation result can carry it without importing the calibration code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chuhai.serialise import to_json
from chuhai.tenders.history import ShareSummary

__all__ = ["BidEvidence", "CalibratedParameter", "CalibratedRival", "Calibration"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CalibratedRival:
    """One calibrated rival: its origin, archetype and fitted price ratio, with its basis."""

    name: str
    origin: str
    archetype: str
    country: str | None
    price_ratio: float = field(metadata={"round": 4})
    archetype_price_ratio: float = field(metadata={"round": 4})
    observed_share: float | None = field(metadata={"round": 6})
    fitted_share: float | None = field(metadata={"round": 6})
    source: str
    n: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CalibratedParameter:
    """One parameter measured from the evidence: its value, interval, source and sample."""

    name: str  # "price_ratio" (median bid / estimate), "price_sd" (sd of log bid / estimate), "tenderers"
    value: float = field(metadata={"round": 6})
    low: float = field(metadata={"round": 6})
    high: float = field(metadata={"round": 6})
    coverage: float = field(metadata={"round": 4})  # the interval's exact coverage (order statistics, chi-square)
    source: str  # e.g. "ocds:bids/estimate"
    scope: str  # "country:ARM", "country:ARM:HS9028"
    n: int  # bids (price_ratio, price_sd) or contracting processes (tenderers)
    used: bool = True  # False: measured but not applied (price_ratio without tender.value)


@dataclass(frozen=True, slots=True, kw_only=True)
class BidEvidence:
    """What OCDS bids say about the rivals of a buyer × sector (``scope`` none: nothing)."""

    buyer: str
    sector: str | None
    scope: str  # "country:<ISO3>:HS<sector>", "country:<ISO3>" or "none"
    bids: int  # priced bids with a usable estimate
    processes: int  # contracting processes with a tenderer count
    unusable: int  # priced bids without a usable estimate
    currencies: tuple[str, ...]
    price_ratio: CalibratedParameter | None
    price_sd: CalibratedParameter | None
    tenderers: CalibratedParameter | None

    @property
    def has_evidence(self) -> bool:
        return self.scope != "none"

    @property
    def parameters(self) -> tuple[CalibratedParameter, ...]:
        return tuple(p for p in (self.price_ratio, self.price_sd, self.tenderers) if p is not None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Calibration:
    """What the award data says about a tender's rivals (``scope`` none: nothing)."""

    buyer: str
    sector: str | None
    scope: str  # "country", "region:<code>" or "none"
    source: str
    n: int
    years: tuple[int, int] | None
    origin_mix: ShareSummary
    neighbour: str | None = None  # the bloc country that won most often (the bloc rival's)
    rivals: tuple[CalibratedRival, ...] = ()
    rival_count_source: str = "winning origins in the award data (no bidder counts)"
    #: OCDS bids of the buyer: the rivals' price level and spread and their number
    bid_evidence: BidEvidence | None = field(default=None, metadata={"json_omit_empty": True})
    #: every parameter the calibration applied, each with its source, sample and interval
    parameters: tuple[CalibratedParameter, ...] = ()

    @property
    def has_evidence(self) -> bool:
        return self.scope != "none"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out
