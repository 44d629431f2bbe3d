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
    source_zh: str = ""  # the note in Chinese (regimes; the product table is not shown)


@dataclass(frozen=True, slots=True)
class Procurement:
    """The public-procurement weight of a product in a market, and its basis."""

    value: float
    confidence: Literal["H", "M", "L"]
    product_source: str
    regime_source: str
    basis: Literal["awards", "table"] = "table"
    measured: DomesticRate | None = None
    regime_source_zh: str = ""


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
#: (tenders-and-localisation.md §1.1 table rows; confidence as given there). Each note is
#: written twice (the ``_zh`` convention of :mod:`chuhai.rules.bilingual`): the Chinese one
#: names the instrument in Chinese and gives its own title as cited (``（原文：…）``).
_EAEU_ZH = "《欧亚经济联盟条约》第 88 条国民待遇（原文：EAEU Treaty art. 88）［研究表第 12 行］"
PROCUREMENT_REGIMES: dict[str, Fact] = {
    "ZAF": Fact(1.0, "M", "PPPFA / PPR 2022 specific goals; 2014-17 meter designations [row 5]",
                "《优先采购政策框架法》及 2022 年采购条例的特定目标；2014–2017 年水表被指定须本地"
                "采购（原文：PPPFA / PPR 2022）［研究表第 5 行］"),
    "IND": Fact(1.0, "H", "Public Procurement (Preference to Make in India) Order 2017 [row 6]",
                "2017 年《公共采购（印度制造优先）令》（原文：Public Procurement (Preference to Make "
                "in India) Order 2017）［研究表第 6 行］"),
    "IDN": Fact(1.0, "M", "Perpres 16/2018, TKDN ≥ 25 % [row 7]",
                "2018 年第 16 号总统条例，本国成分不低于 25 %（原文：Perpres 16/2018, TKDN）"
                "［研究表第 7 行］"),
    "MOZ": Fact(1.0, "M", "Decreto 79/2022 national preference [row 8]",
                "2022 年第 79 号法令规定的本国优先（原文：Decreto 79/2022）［研究表第 8 行］"),
    "KEN": Fact(1.0, "M", "PPADA 2015 ss.155-157 [row 9]",
                "2015 年《公共采购与资产处置法》第 155–157 条（原文：PPADA 2015 ss.155-157）"
                "［研究表第 9 行］"),
    "NGA": Fact(1.0, "M", "PPA 2007 s.34; EO 003 / EO 5 [row 10]",
                "2007 年《公共采购法》第 34 条；第 003 号和第 5 号总统令（原文：PPA 2007 s.34; "
                "EO 003 / EO 5）［研究表第 10 行］"),
    "BRA": Fact(1.0, "M", "Lei 14.133/2021 art. 26 [row 11]",
                "第 14.133/2021 号法律第 26 条（原文：Lei 14.133/2021 art. 26）［研究表第 11 行］"),
    "KAZ": Fact(1.0, "M", "Law 106-VIII (2025), CT-KZ; EAEU national treatment [rows 12-13]",
                "2025 年第 106-VIII 号法律及哈萨克斯坦原产地证书；欧亚经济联盟国民待遇（原文："
                "Law 106-VIII (2025), CT-KZ）［研究表第 12–13 行］"),
    "KGZ": Fact(1.0, "M", "Law 72 (2015) art. 4; EAEU national treatment [rows 12, 14]",
                "2015 年第 72 号法律第 4 条；欧亚经济联盟国民待遇（原文：Law 72 (2015) art. 4）"
                "［研究表第 12、14 行］"),
    "RUS": Fact(1.0, "M", "EAEU Treaty art. 88 national treatment [row 12]", _EAEU_ZH),
    "BLR": Fact(1.0, "M", "EAEU Treaty art. 88 national treatment [row 12]", _EAEU_ZH),
    "ARM": Fact(1.0, "M", "EAEU Treaty art. 88 national treatment [row 12]", _EAEU_ZH),
    "VNM": Fact(1.0, "M", "Law on Bidding 22/2023 art. 10; Decree 24/2024 [row 15]",
                "2023 年第 22 号《招标法》第 10 条；2024 年第 24 号议定（原文：Law on Bidding "
                "22/2023 art. 10; Decree 24/2024）［研究表第 15 行］"),
    "USA": Fact(1.0, "H", "Buy American; FAR Part 25 [row 16]",
                "《购买美国货法》；《联邦采购条例》第 25 部分（原文：Buy American; FAR Part 25）"
                "［研究表第 16 行］"),
}
DEFAULT_REGIME = Fact(0.5, "L", "no national regime in the table; development-bank financed "
                      "tenders still allow a 15 % domestic preference [row 1]",
                      "研究表中没有该国的本国优先制度；开发银行资助的招标仍允许 15 % 的本国优先"
                      "［研究表第 1 行］")


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
    return Procurement(prod.value * regime.value, conf, prod.source, regime.source,
                       regime_source_zh=regime.source_zh)


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
        procurement_source_zh=None if proc is None or not proc.regime_source_zh else proc.regime_source_zh,
        procurement_basis=None if proc is None else proc.basis,
        procurement_domestic_share=None if m is None else m.share.share,
        procurement_awards=None if m is None else m.share.n,
        procurement_interval=None if m is None else (m.share.low, m.share.high),
        weights={k: PART_WEIGHTS[k] / wsum for k in known} if wsum > 0 else {},
        missing=tuple(sorted(set(values) - set(known))),
    )
    return pressure, parts
