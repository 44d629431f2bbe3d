"""The tender file: typed, frozen inputs (``[tender]``, ``[evaluation]``, ``[[offers]]`` ...).

All prices are per unit in the tender currency; shares are fractions 0–1; technical
scores are points 0–100. See docs/tender-format.md.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from chuhai.data.tomlpath import line_of
from chuhai.errors import InputError, ScenarioError
from chuhai.rules.buildup import CostBuildUp
from chuhai.rules.packs import Category, get_rulepack, validation_message
from chuhai.tenders.entrylink import resolve_entry_offers
from chuhai.tenders.scoring import METHODS, PRICE_FORMULAS

__all__ = [
    "Assembly",
    "Consortium",
    "CostBuildUp",
    "EntryRef",
    "EvaluationSpec",
    "Lot",
    "Offer",
    "OptimiseSpec",
    "RivalSpec",
    "SimulationSpec",
    "Tender",
    "TenderInfo",
    "load_tender",
]

Share = float


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Consortium(_Frozen):
    partner: str
    partner_country: str = Field(min_length=3, max_length=3)
    partner_registered: bool = True
    domestic_share: Share = Field(ge=0, le=1, description="share of the contract value done by the domestic partner")
    kind: Literal["jv", "consortium", "subcontract"] = "jv"


class Assembly(_Frozen):
    """Where the goods are assembled and what processing is done there."""

    country: str = Field(min_length=3, max_length=3)
    operations: tuple[str, ...] = ()
    certificate: str | None = Field(default=None, description="origin certificate held, e.g. ST-1, CT-KZ")


class EntryRef(_Frozen):
    """An offer costed by the entry planner (``chuhai.entry.offer_costs``)."""

    scenario: str
    mode: str
    demo: bool = False


class Offer(_Frozen):
    bidder: str = Field(min_length=1)
    price: float = Field(gt=0, description="quoted unit price; the contract price")
    technical_score: float | None = Field(default=None, ge=0, le=100)
    bidder_country: str = Field(min_length=3, max_length=3)
    origin: str = Field(min_length=3, max_length=3, description="origin of the goods or their components")
    shipped_from: str | None = None
    assembly: Assembly | None = None
    registered_in: tuple[str, ...] = ()
    registrations: tuple[str, ...] = Field(default=(), description="e.g. DPIIT, KZ-register")
    local_ownership: Share = Field(default=0.0, ge=0, le=1)
    consortium: Consortium | None = None
    local_content: Share | None = Field(default=None, ge=0, le=1)
    cost: CostBuildUp | None = None
    goal_points: float = Field(default=0.0, ge=0)
    small_business: bool = False
    domestic_innovation: bool = False
    local_staff_share: Share | None = Field(default=None, ge=0, le=1)
    responsive: bool = True
    deviations: str = ""
    accept_match: bool = True
    unit_cost: float | None = Field(default=None, ge=0, description="bidder's own unit cost, for profit")
    own: bool = False
    lots: tuple[str, ...] = ()
    entry: EntryRef | None = None


class Lot(_Frozen):
    id: str
    quantity: float = Field(gt=0)


class EvaluationSpec(_Frozen):
    method: str = "lowest_price"
    price_formula: str = "proportional"
    price_weight: float = Field(default=1.0, ge=0, le=1)
    technical_weight: float = Field(default=0.0, ge=0, le=1)
    technical_pass_mark: float | None = Field(default=None, ge=0, le=100)
    power: float = Field(default=2.0, gt=0)
    log_base: float = Field(default=2.0, gt=1)
    max_points: float = Field(default=100.0, gt=0)
    preference_margin: float | None = Field(default=None, ge=0, le=1, description="user assumption for an unset margin")
    hea_formula: Literal["divide", "multiply"] | None = None

    @model_validator(mode="after")
    def _check(self) -> EvaluationSpec:
        if self.method not in METHODS:
            raise ValueError(f"method {self.method!r} unknown; allowed: {', '.join(METHODS)}")
        if self.price_formula not in PRICE_FORMULAS:
            raise ValueError(f"price_formula {self.price_formula!r} unknown; allowed: {', '.join(PRICE_FORMULAS)}")
        if self.method in ("weighted_sum", "qcbs") and abs(self.price_weight + self.technical_weight - 1) > 1e-9:
            raise ValueError("price_weight + technical_weight must be 1 for weighted_sum and qcbs")
        return self


class TenderInfo(_Frozen):
    name: str
    rulepack: str
    buyer_country: str = Field(min_length=3, max_length=3)
    category: Category = "goods"
    funding: str = "government"
    currency: str = "USD"
    value: float | None = Field(default=None, gt=0, description="estimated contract value, tender currency")
    quantity: float = Field(default=1.0, gt=0)
    divisible: bool = True
    date: dt.date | None = Field(default=None, description="bid date; checked against the pack's effective dates")
    fx: dict[str, float] = Field(default_factory=dict, description="units of currency per 1 USD")
    external_tariff_rate: float | None = Field(default=None, ge=0, le=5)
    restricted_item: bool = False
    draw_seed: int = Field(default=0, description="seed of the lots chuhai draws when a tie is left")
    products: tuple[str, ...] = Field(default=(), description="HS2/4/6 codes of the goods: the award "
                                      "evidence shown beside the simulation (chuhai tender history)")
    demo: bool = False
    notes: str = ""


class RivalSpec(_Frozen):
    """A random rival drawn from an archetype (see archetypes.toml); fields override it."""

    name: str
    archetype: str
    price_ratio: float | None = Field(default=None, gt=0)
    price_sd: float | None = Field(default=None, ge=0)
    technical_mean: float | None = Field(default=None, ge=0, le=100)
    technical_sd: float | None = Field(default=None, ge=0)
    attributes: dict[str, Any] = Field(default_factory=dict)


class SimulationSpec(_Frozen):
    reference_price: float | None = Field(default=None, gt=0, description="market unit price rivals scatter around")
    neighbour_country: str | None = None
    runs: int = Field(default=20_000, gt=0)
    seed: int = 0


class OptimiseSpec(_Frozen):
    price_min: float | None = Field(default=None, gt=0)
    price_max: float | None = Field(default=None, gt=0)
    price_steps: int = Field(default=25, ge=2, le=400)
    min_win_probability: float = Field(default=0.0, ge=0, le=1)
    min_margin: float | None = Field(default=None, ge=-1, le=1)
    kit_prices: tuple[float, ...] = ()
    local_contents: tuple[Share, ...] = ()
    local_content_cost: float | None = Field(default=None, ge=0, description="unit cost per +1 point of LC")
    kit_cost: float | None = Field(default=None, ge=0)
    partner_shares: tuple[float, ...] = ()
    modes: tuple[str, ...] = Field(default=(), description="offer names (bidder) to try as entry modes")


class Tender(_Frozen):
    tender: TenderInfo
    evaluation: EvaluationSpec = EvaluationSpec()
    lots: tuple[Lot, ...] = ()
    offers: tuple[Offer, ...] = Field(min_length=1)
    rivals: tuple[RivalSpec, ...] = ()
    simulation: SimulationSpec = SimulationSpec()
    optimise: OptimiseSpec = OptimiseSpec()
    source_file: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Tender:
        names = [o.bidder for o in self.offers] + [r.name for r in self.rivals]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"bidder names must be unique; repeated: {', '.join(sorted(dup))}")
        lot_ids = {lot.id for lot in self.lots}
        for o in self.offers:
            bad = set(o.lots) - lot_ids
            if bad:
                raise ValueError(f"offer {o.bidder!r} names unknown lot(s) {', '.join(sorted(bad))}")
        return self

    @property
    def quantity(self) -> float:
        return sum(lot.quantity for lot in self.lots) if self.lots else self.tender.quantity


def load_tender(source: str | Path | dict[str, Any]) -> Tender:
    """Read and validate a tender file (TOML path) or an already-parsed dict.

    Raises InputError for unreadable TOML (with line) and ScenarioError naming the field path.
    """
    text = ""
    if isinstance(source, dict):
        data, fname = dict(source), str(source.get("source_file") or "<tender>")
    else:
        path = Path(source)
        fname = str(path)
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except FileNotFoundError as exc:
            raise InputError("file not found", file=path) from exc
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"at line (\d+)", str(exc))
            line = getattr(exc, "lineno", None) or (int(m.group(1)) if m else None)
            raise InputError(f"not valid TOML: {exc}", file=path, line=line) from exc
        data["source_file"] = fname
    data = resolve_entry_offers(data, base=None if isinstance(source, dict) else Path(source).parent,
                                file=fname)
    try:
        tender = Tender.model_validate(data)
    except ValidationError as exc:
        field, msg = validation_message(exc)
        line = line_of(text, field) if text else None
        if line is not None:
            msg = f"line {line}: {msg}"
        raise ScenarioError(msg, path=field, file=fname, line=line) from exc
    try:
        get_rulepack(tender.tender.rulepack)
    except Exception as exc:
        raise ScenarioError(str(exc), path="tender.rulepack", file=fname) from exc
    return tender
