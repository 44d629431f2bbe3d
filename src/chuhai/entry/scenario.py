"""The scenario file: frozen Pydantic v2 models read from TOML.

Units: money in US dollars (``_usd``) or local currency units (``_lcu``, converted
at ``market.fx_lcu_per_usd``); rates and shares are fractions (0.15 = 15 %);
labour in hours; volumes in units per year. Every field is documented in
``docs/scenario-format.md`` (a test checks that).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from chuhai.data.codes import HS6_INPUT
from chuhai.data.tomlpath import line_of
from chuhai.entry.modes import Mode
from chuhai.entry.validation import summarise
from chuhai.errors import ScenarioError
from chuhai.rules.laws import canonical
from chuhai.rules.regimes import REGIMES

__all__ = [
    "Component",
    "Firm",
    "Gates",
    "Market",
    "MonteCarloConfig",
    "Partner",
    "RegimeOverride",
    "Scenario",
    "Segment",
    "SensitivityConfig",
    "TariffOverrides",
    "load_scenario",
    "parse_scenario",
]

Fraction = Field(ge=0.0, le=1.0)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Component(_Frozen):
    """One part of the unit cost build-up (per unit, at the home factory)."""

    name: str = Field(min_length=1)
    cost_usd: float = Field(ge=0.0)
    origin: str = Field(default="CHN", min_length=3, max_length=3)
    critical: bool = False
    localisable: Literal["never", "ckd", "full"] = "full"
    local_cost_factor: float = Field(default=1.2, gt=0.0)
    hs6: str | None = Field(default=None, pattern=HS6_INPUT)

    @model_validator(mode="after")
    def _critical_never_local(self) -> Component:
        if self.critical and self.localisable != "never":
            return self.model_copy(update={"localisable": "never"})
        return self


class Firm(_Frozen):
    """The manufacturer: product, home cost build-up, capacity, its discount rate."""

    name: str = "firm"
    home: str = Field(default="CHN", min_length=3, max_length=3)
    hs6: str = Field(pattern=HS6_INPUT)
    product: str = ""
    components: tuple[Component, ...] = Field(min_length=1)
    assembly_hours_per_unit: float = Field(default=0.5, ge=0.0)
    home_wage_usd_per_hour: float = Field(default=6.0, ge=0.0)
    overhead_usd_per_unit: float = Field(default=2.0, ge=0.0)
    capacity_units_per_year: float = Field(default=1e9, gt=0.0)
    discount_rate: float = Field(default=0.12, gt=-0.99, le=1.0)

    @model_validator(mode="after")
    def _unique_components(self) -> Firm:
        names = [c.name for c in self.components]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"component names must be unique; repeated: {', '.join(dup)}")
        return self


class TariffOverrides(_Frozen):
    """Import duty rates (fractions) by form of the imported goods; None = from warehouse."""

    cbu: float | None = Field(default=None, ge=0.0, le=5.0)
    skd: float | None = Field(default=None, ge=0.0, le=5.0)
    ckd: float | None = Field(default=None, ge=0.0, le=5.0)
    components: float | None = Field(default=None, ge=0.0, le=5.0)
    source: str = ""


class Segment(_Frozen):
    """A further market served from the host country (e.g. KGZ served from KAZ)."""

    country: str = Field(min_length=3, max_length=3)
    tender_units_per_year: float = Field(default=0.0, ge=0.0)
    private_units_per_year: float = Field(default=0.0, ge=0.0)
    extra_freight_usd_per_unit: float = Field(default=0.0, ge=0.0)
    note: str = ""
    note_zh: str = ""


class Gates(_Frozen):
    """Hard participation gates in the market's public tenders."""

    local_entity_required: bool = False
    land_border_registered: bool = False
    note: str = ""
    note_zh: str = ""  # the note in Chinese (docs/i18n.md, texts from data); optional in a user's file


class Market(_Frozen):
    """The host country: volumes, prices, wages, taxes, logistics, tariffs, FX."""

    country: str = Field(min_length=3, max_length=3)
    name: str = ""
    currency: str = "USD"
    fx_lcu_per_usd: float = Field(default=1.0, gt=0.0)
    price_lcu: float = Field(gt=0.0)
    tender_units_per_year: float = Field(default=0.0, ge=0.0)
    private_units_per_year: float = Field(default=0.0, ge=0.0)
    volume_growth: float = Field(default=0.0, ge=-0.5, le=1.0)
    wage_lcu_per_hour: float = Field(ge=0.0)
    hours_per_year: float = Field(default=2000.0, gt=0.0)
    corporate_tax: float = Fraction
    wht_dividends: float = Fraction
    wht_royalties: float = Fraction
    vat: float = Fraction
    import_vat_recoverable: bool = True
    freight_usd_per_unit: float = Field(default=0.0, ge=0.0)
    insurance_rate: float = Field(default=0.005, ge=0.0, le=1.0)
    clearance_usd_per_unit: float = Field(default=0.0, ge=0.0)
    certification_usd: float = Field(default=0.0, ge=0.0)
    tender_win_share_qualified: float = Field(default=0.30, ge=0.0, le=1.0)
    tender_win_share_unqualified: float = Field(default=0.10, ge=0.0, le=1.0)
    tariffs: TariffOverrides = TariffOverrides()
    segments: tuple[Segment, ...] = ()
    gates: Gates = Gates()


class Partner(_Frozen):
    """The local partner and the deal the firm offers it."""

    name: str = "partner"
    share: float = Field(default=0.15, ge=0.0, le=1.0)
    firm_equity: float = Field(default=0.49, ge=0.0, le=1.0)
    royalty_rate: float = Field(default=0.03, ge=0.0, le=1.0)
    kit_markup: float = Field(default=0.15, ge=-0.5, le=5.0)
    arm_length_markup_min: float = Field(default=0.05, ge=-0.5, le=5.0)
    arm_length_markup_max: float = Field(default=0.25, ge=-0.5, le=5.0)
    discount_rate: float = Field(default=0.15, gt=-0.99, le=1.0)

    @model_validator(mode="after")
    def _band(self) -> Partner:
        if self.arm_length_markup_min > self.arm_length_markup_max:
            raise ValueError("arm_length_markup_min must not exceed arm_length_markup_max")
        return self


class SensitivityConfig(_Frozen):
    """Tornado swings: relative ± changes, except share (absolute low/high s)."""

    volume: float = Field(default=0.20, ge=0.0, le=0.95)
    price: float = Field(default=0.10, ge=0.0, le=0.95)
    fx: float = Field(default=0.15, ge=0.0, le=0.95)
    tariff: float = Field(default=0.50, ge=0.0, le=0.95)
    wage: float = Field(default=0.20, ge=0.0, le=0.95)
    share_low: float = Field(default=0.10, ge=0.0, le=1.0)
    share_high: float = Field(default=0.20, ge=0.0, le=1.0)


class MonteCarloConfig(_Frozen):
    """Seeded Monte Carlo of NPV: log-normal sds for multipliers, uniform s."""

    draws: int = Field(default=2000, ge=10, le=1_000_000)
    seed: int = 20240601
    volume_sd: float = Field(default=0.25, ge=0.0, le=2.0)
    price_sd: float = Field(default=0.08, ge=0.0, le=2.0)
    fx_sd: float = Field(default=0.10, ge=0.0, le=2.0)
    tariff_sd: float = Field(default=0.20, ge=0.0, le=2.0)
    wage_sd: float = Field(default=0.10, ge=0.0, le=2.0)
    share_min: float = Field(default=0.10, ge=0.0, le=1.0)
    share_max: float = Field(default=0.20, ge=0.0, le=1.0)


class RegimeOverride(_Frozen):
    """Replace a regime's threshold (state the source in ``source``)."""

    threshold: float = Fraction
    source: str = ""


class Scenario(_Frozen):
    """A complete entry-planning scenario (one host market)."""

    name: str = "scenario"
    year: int = Field(default=2025, ge=1990, le=2100)
    horizon_years: int = Field(default=8, ge=1, le=50)
    regimes: tuple[str, ...] = ("in_mii", "wb_group_a", "kz_ct_kz", "id_tkdn", "vn_domestic_cost",
                                "us_baa")
    regime_overrides: dict[str, RegimeOverride] = {}
    firm: Firm
    market: Market
    partner: Partner = Partner()
    modes: tuple[Mode, ...] = ()
    include_modes: tuple[str, ...] | None = None
    sensitivity: SensitivityConfig = SensitivityConfig()
    montecarlo: MonteCarloConfig = MonteCarloConfig()
    npv_tolerance: float = Field(default=0.10, ge=0.0, le=1.0)

    @field_validator("regimes")
    @classmethod
    def _law_ids(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(canonical(r) for r in v)  # older law ids (in_mii_2020 ...) are aliases

    @field_validator("regime_overrides")
    @classmethod
    def _override_ids(cls, v: dict[str, RegimeOverride]) -> dict[str, RegimeOverride]:
        return {canonical(k): o for k, o in v.items()}

    @model_validator(mode="after")
    def _known_regimes(self) -> Scenario:
        unknown = [r for r in (*self.regimes, *self.regime_overrides) if r not in REGIMES]
        if unknown:
            raise ValueError(f"unknown regime(s) {', '.join(unknown)}; known: {', '.join(REGIMES)}")
        if not self.regimes:
            raise ValueError("name at least one regime")
        return self


def parse_scenario(data: dict[str, Any], *, file: str | Path | None = None,
                   text: str | None = None) -> Scenario:
    """Validate a parsed TOML mapping; errors become :class:`ScenarioError` naming the path
    (and, given the file ``text``, the line)."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        path, msg = summarise(list(exc.errors()))
        line = line_of(text, path) if text else None
        if line is not None:
            msg += f" (line {line})"
        raise ScenarioError(msg, path=path or "<root>", file=file, line=line) from exc


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario TOML file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"cannot read scenario file: {exc.strerror}", file=p) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"invalid TOML: {exc}", file=p) from exc
    return parse_scenario(data, file=p, text=text)
