"""Typed, frozen results of the market finder (its parameters: :mod:`chuhai.markets.params`).

Units: money in US dollars (annual averages over the window unless said otherwise),
shares, rates and growth as fractions (0.05 = 5 %), distances in km, unit values in
USD per tonne.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from chuhai.data.reference.concordance import ConcordanceSummary
from chuhai.markets.params import RANK_BY, Filters, ScanParams, Weights, weights_pattern
from chuhai.messages import Message
from chuhai.serialise import to_json

__all__ = [
    "RANK_BY",
    "Components",
    "Coverage",
    "Filters",
    "Localisation",
    "MarketResult",
    "MarketScan",
    "Screen",
    "ScanParams",
    "Supplier",
    "Terms",
    "Weights",
    "ZeroTariffRival",
    "weights_pattern",
]

PriceBand = Literal["budget", "mid", "premium", "unknown"]
Posture = Literal["sell", "partner", "assemble", "produce locally"]


@dataclass(frozen=True, slots=True)
class Supplier:
    exporter: str
    share: float
    value_usd: float


@dataclass(frozen=True, slots=True)
class ZeroTariffRival:
    """A rival entering the market duty-free under a customs union."""

    exporter: str
    agreement: str
    share: float  # of the market's imports


@dataclass(frozen=True, slots=True)
class Screen:
    """One pass/fail screen. ``status`` is pass, fail or unknown (no data: passed)."""

    name: str
    passed: bool
    reason: Message
    status: Literal["pass", "fail", "unknown"] = "pass"


@dataclass(frozen=True, slots=True, kw_only=True)
class Terms:
    """The ITC formula's intermediate terms for one market (None: not computed)."""

    share_proj: float | None
    net_importer: float | None
    global_tariff_term: float | None
    t_e_global: float | None
    t_k_global: float | None
    projected_imports: float | None
    tariff_term: float | None
    dgdp: float | None
    dpop: float | None
    g_j: float | None
    p_j: float | None
    distance_term: float | None
    rel_ln_d: float | None
    mean_ln_d: float | None
    bilateral_ease: float | None
    vij: float | None
    hyp: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Localisation:
    """Localisation pressure's parts (see :mod:`chuhai.markets.localisation`)."""

    production: float | None
    market_rca: float | None
    zero_tariff_share: float | None
    procurement: float | None
    procurement_confidence: Literal["H", "M", "L"] | None
    procurement_source: str | None
    weights: Mapping[str, float]  # of the parts with data, re-normalised
    missing: tuple[str, ...]
    #: "awards" (the measured domestic-winner share) or "table" (the hand table, the fallback)
    procurement_basis: Literal["awards", "table"] | None
    procurement_domestic_share: float | None  # measured: domestic winners / awards
    procurement_awards: int | None  # measured: award rows with a known supplier country
    procurement_interval: tuple[float, float] | None  # measured: 95 % Wilson interval
    #: the hand table's regime note in Chinese (None when measured: names.procurement_source)
    procurement_source_zh: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Components:
    """Percentile ranks (0–1) of one market's ranking components (None: no data)."""

    untapped: float | None
    benchmark: float | None
    size: float | None
    growth: float | None
    access: float | None
    risk: float | None
    localisation: float | None
    screens: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class MarketResult:
    """Everything computed for one importing market (also the JSON contract's fields, in
    order: the serialiser and the web schema are derived from this declaration)."""

    importer: str
    name: str | None
    rank: int
    score: float
    # demand
    imports_usd: float
    imports_t: float | None
    imports_cagr: float | None
    imports_cagr_short: float | None
    world_share: float | None
    growth_base_usd: float | None  # imports in the first year of the growth figure ranked
    growth_tiny_base: bool  # that base is below the floor: the growth is not ranked
    projected_imports_usd: float | None
    # position
    exporter_exports_usd: float
    exporter_share: float
    exporter_rank: int | None
    suppliers: int
    hhi: float | None
    rivals_hhi: float | None  # over the suppliers other than the exporter (the screen's)
    top_suppliers: tuple[Supplier, ...]
    unit_value_usd_per_t: float | None
    exporter_unit_value_usd_per_t: float | None
    competitor_unit_value_usd_per_t: float | None
    price_ratio: float | None
    price_band: PriceBand
    # access
    tariff_exporter: float | None
    tariff_basis: str
    tariff_average: float | None
    distance_km: float | None
    relative_distance: float | None
    agreements: tuple[str, ...]
    zero_tariff_rivals: tuple[ZeroTariffRival, ...]
    # potential
    potential_usd: float
    untapped_usd: float
    benchmark_untapped_usd: float | None
    supply: float
    demand: float
    ease: float
    terms: Terms
    # screens, localisation, ranking
    screens: tuple[Screen, ...]
    localisation_pressure: float | None
    localisation_parts: Localisation
    posture: Posture
    explanation: Message
    components: Components

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """How many reporters the warehouse's trade covers in the window."""

    exporters: int
    importers: int
    partial: bool
    exporters_listed: tuple[str, ...] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class MarketScan:
    """The result of :func:`chuhai.markets.scan`; :meth:`to_dict` is the JSON contract of
    ``chuhai markets --json`` (the fields in order). ``weights`` are the normalised
    weights the ranking used."""

    demo: bool
    product: str
    hs6: tuple[str, ...]
    exporter: str
    years: tuple[int, ...]
    markets: tuple[MarketResult, ...]
    markets_scanned: int
    warnings: tuple[Message, ...]
    coverage: Coverage
    params: ScanParams
    weights: Weights
    filters: Filters
    concordance: ConcordanceSummary | None = None  # flows converted between HS revisions
    #: markets left after the filters, which the ranking (``Ranked 1 of n``) counts;
    #: ``markets_scanned`` counts them before the filters
    markets_ranked: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out
