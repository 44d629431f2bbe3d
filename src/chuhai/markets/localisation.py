"""Localisation pressure (0–1) and the entry posture it implies.

Parts (each 0–1; a part without data is left out and the weights re-normalised):

* ``production`` — the market's own production signal: RCA/(1 + RCA) of the market's
  exports of the product (0.5 at RCA = 1), with RCA = (x_jk / X_j) / (v_k / V);
* ``zero_tariff_share`` — share of the market's imports supplied by rivals with a zero
  tariff under a customs union or agreement (or a 0 % preferential rate);
* ``procurement`` — public-procurement weight: the share of the product bought by public
  buyers (table below, by HS4) × how strongly public buyers favour local suppliers. Where
  the warehouse's award data covers the market (at least ``MIN_AWARDS`` contract ×
  supplier rows of the product's HS4 sector with a known supplier country), that factor is
  the measured domestic-winner share (``procurement_basis = "awards"``, with its count and
  Wilson interval); otherwise the hand table: 1.0 where the market has a documented
  local-preference regime in public procurement, 0.5 otherwise (``procurement_basis =
  "table"``).

Posture: < 0.25 sell; < 0.45 partner (local distributor / agent); < 0.65 assemble
(local assembly or JV); otherwise produce locally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from chuhai.data.queries.award_rates import DomesticRate
from chuhai.markets.types import Localisation, Posture

__all__ = ["MIN_AWARDS", "PROCUREMENT_PRODUCTS", "PROCUREMENT_REGIMES", "localisation", "posture",
           "procurement_sector"]

#: award rows (known supplier country) a market needs before its measured share is used
MIN_AWARDS = 5

PART_WEIGHTS = {"production": 0.4, "zero_tariff_share": 0.35, "procurement": 0.25}
POSTURE_CUTS: tuple[tuple[float, Posture], ...] = (
    (0.25, "sell"), (0.45, "partner"), (0.65, "assemble"), (1.01, "produce locally"))


@dataclass(frozen=True, slots=True)
class Fact:
    value: float
    confidence: Literal["H", "M", "L"]
    source: str


@dataclass(frozen=True, slots=True)
class Procurement:
    """The public-procurement weight of a product in a market, and its basis."""

    value: float
    confidence: Literal["H", "M", "L"]
    product_source: str
    regime_source: str
    basis: Literal["awards", "table"] = "table"
    measured: DomesticRate | None = None


#: Share of the product's demand placed by public or regulated buyers, by HS4.
PROCUREMENT_PRODUCTS: dict[str, Fact] = {
    "9028": Fact(0.7, "M", "water, gas and electricity meters are bought mostly by utilities, "
                 "which are public or regulated in most markets (tenders-and-localisation.md §1; "
                 "SA meter designations [S16])"),
    "9026": Fact(0.4, "L", "flow/level instruments: utilities and industry (judgement)"),
    "8481": Fact(0.35, "L", "valves: water utilities and public works, plus oil & gas and "
                 "building (judgement; no source read)"),
    "8504": Fact(0.4, "L", "transformers: power utilities (judgement)"),
    "8544": Fact(0.3, "L", "cables: utilities and public works (judgement)"),
}

#: Markets with a documented local-preference regime in public procurement
#: (tenders-and-localisation.md §1.1 table rows; confidence as given there).
PROCUREMENT_REGIMES: dict[str, Fact] = {
    "ZAF": Fact(1.0, "M", "PPPFA / PPR 2022 specific goals; 2014-17 meter designations [row 5]"),
    "IND": Fact(1.0, "H", "Public Procurement (Preference to Make in India) Order 2017 [row 6]"),
    "IDN": Fact(1.0, "M", "Perpres 16/2018, TKDN ≥ 25 % [row 7]"),
    "MOZ": Fact(1.0, "M", "Decreto 79/2022 national preference [row 8]"),
    "KEN": Fact(1.0, "M", "PPADA 2015 ss.155-157 [row 9]"),
    "NGA": Fact(1.0, "M", "PPA 2007 s.34; EO 003 / EO 5 [row 10]"),
    "BRA": Fact(1.0, "M", "Lei 14.133/2021 art. 26 [row 11]"),
    "KAZ": Fact(1.0, "M", "Law 106-VIII (2025), CT-KZ; EAEU national treatment [rows 12-13]"),
    "KGZ": Fact(1.0, "M", "Law 72 (2015) art. 4; EAEU national treatment [rows 12, 14]"),
    "RUS": Fact(1.0, "M", "EAEU Treaty art. 88 national treatment [row 12]"),
    "BLR": Fact(1.0, "M", "EAEU Treaty art. 88 national treatment [row 12]"),
    "ARM": Fact(1.0, "M", "EAEU Treaty art. 88 national treatment [row 12]"),
    "VNM": Fact(1.0, "M", "Law on Bidding 22/2023 art. 10; Decree 24/2024 [row 15]"),
    "USA": Fact(1.0, "H", "Buy American; FAR Part 25 [row 16]"),
}
DEFAULT_REGIME = Fact(0.5, "L", "no national regime in the table; development-bank financed "
                      "tenders still allow a 15 % domestic preference [row 1]")


def procurement_sector(hs6: tuple[str, ...]) -> str | None:
    """The HS4 of the product table whose public share the product takes (the largest)."""
    found = sorted({c[:4] for c in hs6 if c[:4] in PROCUREMENT_PRODUCTS},
                   key=lambda h: (-PROCUREMENT_PRODUCTS[h].value, h))
    return found[0] if found else None


def procurement_weight(hs6: tuple[str, ...], importer: str,
                       measured: DomesticRate | None = None) -> Procurement | None:
    """Public-procurement weight of the product in the market, or None if not in the table;
    ``measured`` (the market's domestic-winner rate in the sector) replaces the regime
    factor when it counts at least ``MIN_AWARDS`` rows."""
    sector = procurement_sector(hs6)
    if sector is None:
        return None
    prod = PROCUREMENT_PRODUCTS[sector]
    if measured is not None and measured.share.n >= MIN_AWARDS and measured.share.share is not None:
        conf_m: Literal["H", "M", "L"] = "M" if measured.share.n >= 20 else "L"
        conf = max(prod.confidence, conf_m, key="HML".index)
        src = f"awards:{'+'.join(measured.sources)}:HS{measured.sector}"
        return Procurement(prod.value * measured.share.share, conf, prod.source, src, "awards", measured)
    regime = PROCUREMENT_REGIMES.get(importer, DEFAULT_REGIME)
    conf = max(prod.confidence, regime.confidence, key="HML".index)
    return Procurement(prod.value * regime.value, conf, prod.source, regime.source)


def posture(pressure: float | None) -> Posture:
    if pressure is None:
        return "sell"
    for cut, name in POSTURE_CUTS:
        if pressure < cut:
            return name
    return "produce locally"


def localisation(
    *, rca: float | None, zero_tariff_share: float | None, hs6: tuple[str, ...], importer: str,
    measured: DomesticRate | None = None,
) -> tuple[float | None, Localisation]:
    """``(pressure, parts)``; ``parts`` carries each part, its weight and its basis."""
    proc = procurement_weight(hs6, importer, measured)
    m = None if proc is None else proc.measured
    values: dict[str, float | None] = {
        "production": None if rca is None else rca / (1.0 + rca),
        "zero_tariff_share": zero_tariff_share,
        "procurement": None if proc is None else proc.value,
    }
    known = {k: v for k, v in values.items() if v is not None}
    wsum = sum(PART_WEIGHTS[k] for k in known)
    pressure = (sum(PART_WEIGHTS[k] * v for k, v in known.items()) / wsum) if wsum > 0 else None
    parts = Localisation(
        production=values["production"], market_rca=rca, zero_tariff_share=zero_tariff_share,
        procurement=values["procurement"],
        procurement_confidence=None if proc is None else proc.confidence,
        procurement_source=None if proc is None else proc.regime_source,
        procurement_basis=None if proc is None else proc.basis,
        procurement_domestic_share=None if m is None else m.share.share,
        procurement_awards=None if m is None else m.share.n,
        procurement_interval=None if m is None else (m.share.low, m.share.high),
        weights={k: PART_WEIGHTS[k] / wsum for k in known} if wsum > 0 else {},
        missing=tuple(sorted(set(values) - set(known))),
    )
    return pressure, parts
