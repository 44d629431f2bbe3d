"""Shared builders for the market-finder tests (no tests here).

``world()`` makes a small synthetic trade world with tariffs, a customs union (EAEU),
distances and indicators; ``build()`` writes it to a warehouse with the factories.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from chuhai.data.warehouse import Warehouse
from factories import make_warehouse

COUNTRIES = ("CHN", "DEU", "KAZ", "KGZ", "RUS", "MOZ", "ZAF", "VNM", "IDN", "USA")
REGIONS = {"CHN": "EAP", "VNM": "EAP", "IDN": "EAP", "DEU": "ECA", "KAZ": "ECA", "KGZ": "ECA",
           "RUS": "ECA", "MOZ": "SSA", "ZAF": "SSA", "USA": "NA"}
PRODUCTS = ("902820", "848180", "010111")
YEARS = (2019, 2020, 2021, 2022, 2023)


def world(seed: int = 1, years: tuple[int, ...] = YEARS) -> dict[str, list[dict[str, Any]]]:
    rng = np.random.default_rng(seed)
    trade = []
    for y in years:
        for e in COUNTRIES:
            for i in COUNTRIES:
                if e == i:
                    continue
                for h in PRODUCTS:
                    if rng.random() < 0.75:
                        trade.append(dict(year=y, exporter=e, importer=i, hs6=h,
                                          hs_revision="HS17",
                                          value_usd=float(rng.uniform(1e4, 1e6)),
                                          quantity_t=float(rng.uniform(1, 100))))
    # edge cases: CHN sells no meters to MOZ (but valves); ZAF alone supplies meters to KGZ? no:
    # MOZ's only meter supplier is ZAF.
    trade = [r for r in trade if not (r["importer"] == "MOZ" and r["hs6"] == "902820")]
    trade += [dict(year=y, exporter="ZAF", importer="MOZ", hs6="902820", hs_revision="HS17",
                   value_usd=5e5 + 1e4 * k, quantity_t=50.0) for k, y in enumerate(years)]
    trade += [dict(year=y, exporter="CHN", importer="MOZ", hs6="848180", hs_revision="HS17",
                   value_usd=3e5, quantity_t=None) for y in years
              if not any(r["year"] == y and r["exporter"] == "CHN" and r["importer"] == "MOZ"
                         and r["hs6"] == "848180" for r in trade)]
    tariffs = [dict(importer=i, partner="MFN", hs6=h, year=2022, rate=0.05 + 0.01 * k,
                    non_ad_valorem=False)
               for k, i in enumerate(COUNTRIES) for h in PRODUCTS[:2] if i != "USA"]
    tariffs.append(dict(importer="VNM", partner="CHN", hs6="902820", year=2021, rate=0.0,
                        non_ad_valorem=False))
    agreements = [dict(agreement_id="EAEU", name="Eurasian Economic Union", type="CU",
                       in_force=dt.date(2015, 1, 1)),
                  dict(agreement_id="ACFTA", name="ASEAN-China", type="FTA",
                       in_force=dt.date(2010, 1, 1))]
    members = [dict(agreement_id="EAEU", iso3=c) for c in ("KAZ", "KGZ", "RUS")]
    members += [dict(agreement_id="ACFTA", iso3=c) for c in ("CHN", "VNM", "IDN")]
    distances = [dict(origin=a, destination=b, dist_km=float(rng.uniform(800, 12000)))
                 for a in COUNTRIES for b in COUNTRIES if a < b]
    indicators = []
    for c in COUNTRIES:
        g, p = float(rng.uniform(-0.01, 0.07)), float(rng.uniform(0.0, 0.03))
        for y in years:
            for k, v in (("gdp_growth", g), ("population_growth", p),
                         ("gdp_usd", float(rng.uniform(1e9, 1e12))),
                         ("wgi_pv", float(rng.uniform(-2, 1.5))),
                         ("wgi_rl", float(rng.uniform(-2, 1.5)))):
                indicators.append(dict(iso3=c, year=y, indicator=k, value=v))
    return dict(trade=trade, tariffs=tariffs, agreements=agreements,
                agreement_members=members, distances=distances, indicators=indicators)


def build(tmp: Path, *, demo: bool = False, countries: bool = True,
          **tables: list[dict[str, Any]]) -> Warehouse:
    """A warehouse from row lists, plus the countries table (written directly)."""
    wh = make_warehouse(tmp, demo=demo, **tables)
    if countries:
        with wh.connect(read_only=False) as con:
            for c in COUNTRIES:
                con.execute("INSERT INTO countries (iso3, name_en, region, income_group) "
                            "VALUES (?, ?, ?, ?)", [c, c, REGIONS[c], "UM"])
    return wh
