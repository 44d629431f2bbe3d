"""Typed, frozen parameters of a market scan: the model's parameters, the ranking weights
(and the syntax they are written in) and the user's filters. Light imports only, so the
CLI can list the choices in its help cheaply; :mod:`chuhai.markets.types` re-exports them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Literal

from chuhai.data.codes import ADJACENT_RANK_BY
from chuhai.errors import InputError

__all__ = ["RANK_BY", "Filters", "ScanParams", "Weights", "weights_pattern"]

#: What the adjacent-products ranking can sort by (declared in data.codes, so the CLI lists
#: it in its help without importing the markets package).
RANK_BY = ADJACENT_RANK_BY



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
