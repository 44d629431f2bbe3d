"""Typed, frozen inputs and results of the market finder.

Units: money in US dollars (annual averages over the window unless said otherwise),
shares, rates and growth as fractions (0.05 = 5 %), distances in km, unit values in
USD per tonne.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from chuhai.data.reference.concordance import ConcordanceSummary
from chuhai.errors import InputError
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

#: What the adjacent-products ranking can sort by: the weighted score or one indicator alone.
#: (Declared here, with no heavy imports, so the CLI can list it in its help cheaply.)
RANK_BY = ("score", "density", "cog", "pci")

PriceBand = Literal["budget", "mid", "premium", "unknown"]
Posture = Literal["sell", "partner", "assemble", "produce locally"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanParams:
    """Model parameters; every default is documented in docs/methodology.md.

    income_elasticity : ε in the ITC demand projection (ITC-reda reading: 1.0;
        the Santa Catarina replication uses 1.201).
    horizon_years : projection horizon for ΔGDP and ΔPOP (ITC: 5 years).
    tariff_exponent : power on the two tariff ratios (1 = the transcribed ITC formula,
        which has none; set e.g. an Armington elasticity σ to raise them to a power).
    distance_form : "one_sided" (default: only being farther than the market's usual
        suppliers lowers ease, so potential never rises with distance) or "symmetric"
        (the reda transcription exp(−|mean ln d − ln d_ij|)).
    global_tariff : "leave_market_out" (default: the supply-side global tariff term
        excludes the market being scored), "all_markets" (reda transcription) or "off".
    fta_zero : treat a free-trade agreement in force without a tariff row as 0 %
        (default False: fall back to MFN and say so). Customs unions are always 0 %.
    floor_untapped : floor untapped potential at 0 (default True; ITC does not say).
    benchmark_top : the EMF benchmark averages the top-N other suppliers (6).
    benchmark_weighting : "linear" time weights 1..n, newest heaviest (default) or "equal".
    short_span : years of the short-run CAGR (EMF: the most recent 2 years).
    price_band_low / price_band_high : exporter-to-competitor unit-value ratios below /
        above which the band is budget / premium.
    top_suppliers : how many competing suppliers to list.
    growth_base_usd / growth_base_share : the floor under the base of a growth figure
        (the first year of the CAGR the ranking uses): imports in that year below
        US$ ``growth_base_usd`` or below ``growth_base_share`` × the market's window
        average are a tiny base; such growth is flagged (``growth_tiny_base``), counts as
        missing (0.5) in the ranking, does not pass the imports screen, and the
        explanation says so.
    """

    income_elasticity: float = 1.0
    horizon_years: int = 5
    tariff_exponent: float = 1.0
    distance_form: Literal["one_sided", "symmetric"] = "one_sided"
    global_tariff: Literal["leave_market_out", "all_markets", "off"] = "leave_market_out"
    fta_zero: bool = False
    floor_untapped: bool = True
    benchmark_top: int = 6
    benchmark_weighting: Literal["linear", "equal"] = "linear"
    short_span: int = 2
    price_band_low: float = 0.8
    price_band_high: float = 1.25
    top_suppliers: int = 5
    growth_base_usd: float = 10_000.0
    growth_base_share: float = 0.1
    # screens (DSM-style cut-offs, marked L in docs/methodology.md)
    min_wgi: float = -1.0
    min_gdp_usd: float = 5e9
    min_gdp_growth: float = 0.03
    min_import_share: float = 0.001
    max_hhi: float = 0.6
    max_tariff_gap: float = 0.05


@dataclass(frozen=True, slots=True, kw_only=True)
class Weights:
    """Ranking weights (normalised to sum 1). Each component is a percentile rank
    (0–1) among the markets scanned; a missing component counts 0.5."""

    untapped: float = 0.35
    benchmark: float = 0.10
    size: float = 0.10
    growth: float = 0.10
    access: float = 0.10
    risk: float = 0.10
    localisation: float = 0.10
    screens: float = 0.05

    @classmethod
    def parse(cls, text: str | dict[str, float] | None) -> Weights:
        """From ``"untapped=0.5,growth=0.2"`` or a dict; unknown names are refused."""
        if text is None or text == "":
            return cls()
        items: dict[str, float] = {}
        if isinstance(text, dict):
            items = {str(k): float(v) for k, v in text.items()}
        else:
            for part in text.split(","):
                name, sep, val = part.partition("=")
                try:
                    items[name.strip()] = float(val)
                except ValueError as exc:
                    raise InputError(f"weight {part!r} is not name=number", field="weights") from exc
                if not sep:
                    raise InputError(f"weight {part!r} is not name=number", field="weights")
        known = {f.name for f in fields(cls)}
        bad = sorted(set(items) - known)
        if bad:
            raise InputError(f"unknown weight(s) {bad}; known: {sorted(known)}", field="weights")
        if any(v < 0 for v in items.values()):
            raise InputError("weights must be ≥ 0", field="weights")
        return cls(**items)

    def normalised(self) -> dict[str, float]:
        raw = asdict(self)
        total = sum(raw.values())
        return {k: (v / total if total > 0 else 0.0) for k, v in raw.items()}


def weights_pattern() -> str:
    """The ``name=weight,...`` syntax :meth:`Weights.parse` takes, as an anchored regular
    expression over the declared weight names (for input validation and the API schema)."""
    item = "(?:" + "|".join(f.name for f in fields(Weights)) + r")=\d{1,9}(?:\.\d{0,9})?"
    return f"^(?:{item}(?:,{item})*)?$"


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """Which markets to keep before ranking (None = no filter)."""

    regions: tuple[str, ...] = ()
    income_groups: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    min_imports_usd: float | None = None
    exclude: tuple[str, ...] = ()


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

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out
