"""Typed, frozen inputs and results of the market finder.

Units: money in US dollars (annual averages over the window unless said otherwise),
shares, rates and growth as fractions (0.05 = 5 %), distances in km, unit values in
USD per tonne.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

__all__ = [
    "RANK_BY",
    "Filters",
    "MarketResult",
    "MarketScan",
    "Screen",
    "ScanParams",
    "Supplier",
    "Weights",
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
        from chuhai.errors import InputError

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """Which markets to keep before ranking (None = no filter)."""

    regions: tuple[str, ...] = ()
    income_groups: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    min_imports_usd: float | None = None
    exclude: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}


@dataclass(frozen=True, slots=True)
class Supplier:
    exporter: str
    share: float
    value_usd: float

    def to_dict(self) -> dict[str, Any]:
        return {"exporter": self.exporter, "share": self.share, "value_usd": self.value_usd}


@dataclass(frozen=True, slots=True)
class Screen:
    """One pass/fail screen. ``status`` is pass, fail or unknown (no data: passed)."""

    name: str
    passed: bool
    reason: str
    status: str = "pass"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "reason": self.reason,
                "status": self.status}


@dataclass(frozen=True, slots=True, kw_only=True)
class MarketResult:
    """Everything computed for one importing market."""

    importer: str
    name: str | None
    rank: int
    score: float
    # demand
    imports_usd: float
    imports_t: float | None
    unit_value_usd_per_t: float | None
    imports_cagr: float | None
    imports_cagr_short: float | None
    world_share: float | None
    projected_imports_usd: float | None
    # position
    exporter_exports_usd: float
    exporter_share: float
    exporter_rank: int | None
    suppliers: int
    hhi: float | None
    top_suppliers: tuple[Supplier, ...]
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
    zero_tariff_rivals: tuple[dict[str, Any], ...]
    # potential
    potential_usd: float
    untapped_usd: float
    benchmark_untapped_usd: float | None
    supply: float
    demand: float
    ease: float
    terms: dict[str, float | None]
    # screens, localisation, ranking
    screens: tuple[Screen, ...]
    localisation_pressure: float | None
    localisation_parts: dict[str, Any]
    posture: Posture
    explanation: str
    components: dict[str, float | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "importer": self.importer, "name": self.name, "rank": self.rank,
            "score": self.score, "imports_usd": self.imports_usd, "imports_t": self.imports_t,
            "imports_cagr": self.imports_cagr, "imports_cagr_short": self.imports_cagr_short,
            "world_share": self.world_share, "projected_imports_usd": self.projected_imports_usd,
            "exporter_exports_usd": self.exporter_exports_usd,
            "exporter_share": self.exporter_share, "exporter_rank": self.exporter_rank,
            "suppliers": self.suppliers, "hhi": self.hhi,
            "top_suppliers": [s.to_dict() for s in self.top_suppliers],
            "unit_value_usd_per_t": self.unit_value_usd_per_t,
            "exporter_unit_value_usd_per_t": self.exporter_unit_value_usd_per_t,
            "competitor_unit_value_usd_per_t": self.competitor_unit_value_usd_per_t,
            "price_ratio": self.price_ratio, "price_band": self.price_band,
            "tariff_exporter": self.tariff_exporter, "tariff_basis": self.tariff_basis,
            "tariff_average": self.tariff_average, "distance_km": self.distance_km,
            "relative_distance": self.relative_distance, "agreements": list(self.agreements),
            "zero_tariff_rivals": [dict(r) for r in self.zero_tariff_rivals],
            "potential_usd": self.potential_usd, "untapped_usd": self.untapped_usd,
            "benchmark_untapped_usd": self.benchmark_untapped_usd,
            "supply": self.supply, "demand": self.demand, "ease": self.ease,
            "terms": dict(self.terms),
            "screens": [s.to_dict() for s in self.screens],
            "localisation_pressure": self.localisation_pressure,
            "localisation_parts": dict(self.localisation_parts),
            "posture": self.posture, "explanation": self.explanation,
            "components": dict(self.components),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class MarketScan:
    """The result of :func:`chuhai.markets.scan`."""

    demo: bool
    product: str
    hs6: tuple[str, ...]
    exporter: str
    years: tuple[int, ...]
    markets: tuple[MarketResult, ...]
    warnings: tuple[str, ...]
    coverage: dict[str, Any]
    params: ScanParams
    weights: Weights
    filters: Filters
    markets_scanned: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``chuhai markets --json`` (plus extra keys)."""
        return {
            "demo": self.demo, "product": self.product, "hs6": list(self.hs6),
            "exporter": self.exporter, "years": list(self.years),
            "markets": [m.to_dict() for m in self.markets],
            "markets_scanned": self.markets_scanned,
            "warnings": list(self.warnings), "coverage": dict(self.coverage),
            "params": asdict(self.params), "weights": self.weights.normalised(),
            "filters": self.filters.to_dict(),
        }
