"""The typed result of a calibration (:mod:`chuhai.tenders.calibrate`); kept apart so the
simulation result can carry it without importing the calibration code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chuhai.serialise import to_json
from chuhai.tenders.history import ShareSummary

__all__ = ["CalibratedRival", "Calibration"]


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

    @property
    def has_evidence(self) -> bool:
        return self.scope != "none"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out
