"""The per-market inputs of a scan's Python half, and a market after its screens.

The scan's SQL delivers one row per market; :func:`chuhai.markets.scan` turns each row
into a frozen :class:`MarketInputs`, the screens and localisation read it and give an
:class:`Assessed` market, and the ranking turns those into results
(:mod:`chuhai.markets.types`) without changing any of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from chuhai.markets.types import Localisation, Screen, ZeroTariffRival

__all__ = ["Assessed", "MarketInputs"]


@dataclass(frozen=True, slots=True, kw_only=True)
class MarketInputs:
    """One market's figures as the scan's SQL delivers them, typed: what the screens,
    localisation and ranking read (the per-market input of the Python half of a scan)."""

    importer: str
    exporter: str
    name: str | None
    region: str | None
    income_group: str | None
    memberships: tuple[str, ...]
    wgi: float | None
    gdp: float | None
    gdp_growth: float | None
    imports_usd: float
    imports_cagr: float | None
    imports_cagr_short: float | None
    world_share: float | None
    exporter_share: float
    hhi: float | None  # normalised HHI over every supplier, the exporter included
    rivals_hhi: float | None  # the same over the exporter's rivals (None: it has none)
    lead: tuple[str, float] | None  # the largest rival and its share of the market
    tariff_exporter: float | None
    tariff_basis: str
    tariff_average: float | None
    zero_tariff_rivals: tuple[ZeroTariffRival, ...]
    zero_tariff_share: float | None
    rca: float | None  # the market's own revealed comparative advantage in the product
    untapped_usd: float
    benchmark_untapped_usd: float | None
    growth_base_usd: float | None = None  # imports in the first year of the growth ranked
    growth_floor_usd: float | None = None  # the floor under that base (ScanParams)

    @property
    def growth_tiny_base(self) -> bool:
        """The growth figure starts from a base below the floor: not ranked as a strength."""
        return (self.growth_base_usd is not None and self.growth_floor_usd is not None
                and self.growth_base_usd < self.growth_floor_usd)


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessed:
    """A market after its screens and localisation, before ranking."""

    inputs: MarketInputs
    screens: tuple[Screen, ...]
    localisation_pressure: float | None
    localisation_parts: Localisation
