"""Benchmark: chuhai.markets against a straightforward pandas implementation, same run.

1. Generates a full-scale synthetic warehouse with NumPy into a temporary directory
   through the warehouse API (``stage_arrow`` + ``Warehouse.apply``): 200 countries,
   5,000 HS6 lines, 5 years × ``--flows`` (default 10 M) flows per year, MFN and
   preferential tariffs, a customs union, distances, WDI/WGI indicators.
2. Loads the same tables into pandas (categoricals; load time printed, not timed
   against chuhai) and runs the same indicators written plainly with pandas
   (groupby/merge): (a) one-product scan over all markets — demand, CAGR, shares,
   HHI, top suppliers, unit values, tariffs, distance, ITC EPI supply × demand × ease,
   untapped, EMF top-6 benchmark, screens; (b) the ITC EPI of one exporter over every
   market × product cell.
3. Times ``chuhai.markets.scan`` (cold and warm) and ``chuhai.markets.potential_all``
   and prints times, ratios and a cross-check of a few figures.

    PYTHONPATH=src python benchmarks/markets.py                 # full scale (minutes)
    PYTHONPATH=src python benchmarks/markets.py --flows 500000  # quick
    PYTHONPATH=src python benchmarks/markets.py --keep DIR      # reuse/keep the warehouse

Targets (issue 3): (a) < 0.5 s warm and ≥ 10× the baseline; (b) < 5 s and ≥ 10×. Cold (a new
process), warm, DuckDB SQL and Polars peers and 50 exporters: benchmarks/markets_cold.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pycountry

from chuhai.data.staging import stage_arrow, staging_dir
from chuhai.data.warehouse import ImportBatch, TableLoad, Warehouse

EXPORTER = "CHN"
PRODUCT = "902820"
MUST = ("CHN", "MOZ", "KGZ", "KAZ", "RUS", "BLR", "ARM", "VNM", "IDN", "DEU", "USA", "IND")
CU = ("RUS", "KAZ", "KGZ", "BLR", "ARM")  # a customs union (zero internal tariffs)
H, EPS = 5, 1.0  # projection horizon (years) and income elasticity, as ScanParams defaults


# --------------------------------------------------------------------------- generator
def _dict_col(idx: np.ndarray, labels: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(idx.astype(np.int32)), pa.array(labels))


def _world(rng: np.random.Generator, n_c: int, n_p: int) -> dict[str, Any]:
    codes = sorted(c.alpha_3 for c in pycountry.countries)
    rest = [c for c in codes if c not in MUST]
    countries = sorted([*MUST, *rng.choice(rest, n_c - len(MUST), replace=False).tolist()])
    pool = rng.choice(np.arange(10_100, 970_000), n_p * 2, replace=False)
    hs6 = sorted({f"{x:06d}" for x in pool} - {PRODUCT, "902830", "848180"})[: n_p - 3]
    hs6 = sorted([*hs6, PRODUCT, "902830", "848180"])
    return {"countries": countries, "hs6": hs6, "lat": rng.uniform(-45, 60, n_c),
            "lon": rng.uniform(-120, 150, n_c), "size": rng.lognormal(0, 1.5, n_c),
            "growth": rng.normal(0.03, 0.02, n_c), "psize": rng.lognormal(0, 1.2, n_p)}


def _cells(rng: np.random.Generator, w: dict[str, Any], n: int) -> np.ndarray:
    """``n`` distinct (exporter, importer, product) cell keys, i ≠ j: larger exporters
    trade more lines (count ∝ √size, capped at half the 199 × P lines they could)."""
    n_c, n_p = len(w["countries"]), len(w["hs6"])
    lines = (n_c - 1) * n_p
    share = np.sqrt(w["size"]) / np.sqrt(w["size"]).sum()
    counts = np.minimum((share * n).astype(np.int64), lines // 2)
    free = counts < lines // 2  # hand what the cap removed to the others, pro rata
    counts[free] += (share[free] / share[free].sum() * (n - counts.sum())).astype(np.int64)
    counts = np.minimum(counts, lines // 2)
    parts = []
    for i, cnt in enumerate(counts):
        idx = rng.choice(lines, int(cnt), replace=False)
        j, k = np.divmod(idx, n_p)
        j = j + (j >= i)  # skip the exporter itself
        parts.append((i * n_c + j) * n_p + k)
    return np.concatenate(parts)


def _trade_year(rng: np.random.Generator, w: dict[str, Any], keys: np.ndarray, base: np.ndarray,
                year: int, t: int) -> pa.Table:
    n_c, n_p = len(w["countries"]), len(w["hs6"])
    keep = rng.uniform(size=keys.size) < 0.91
    kk, v0 = keys[keep], base[keep]
    i, rem = np.divmod(kk, n_c * n_p)
    j, k = np.divmod(rem, n_p)
    value = v0 * (1 + w["growth"][i]) ** t * rng.lognormal(0, 0.2, kk.size)
    uv = np.exp(rng.normal(8, 1, n_p))[k] * rng.lognormal(0, 0.3, kk.size)
    qty = value / uv
    qty[rng.uniform(size=kk.size) < 0.02] = np.nan
    return pa.table({
        "year": pa.array(np.full(kk.size, year, dtype=np.int16)),
        "exporter": _dict_col(i, w["countries"]), "importer": _dict_col(j, w["countries"]),
        "hs6": _dict_col(k, w["hs6"]), "hs_revision": _dict_col(np.zeros(kk.size, np.int32), ["HS17"]),
        "value_usd": value, "quantity_t": pa.array(qty, from_pandas=True),
        "source": _dict_col(np.zeros(kk.size, np.int32), ["bench"]),
    })


def _tables(rng: np.random.Generator, w: dict[str, Any], years: list[int]) -> dict[str, pa.Table]:
    cs, hs, n_c, n_p = w["countries"], w["hs6"], len(w["countries"]), len(w["hs6"])
    mfn = np.clip(rng.gamma(2, 0.03, n_c)[:, None] * rng.lognormal(0, 0.5, n_p)[None, :], 0, 0.6)
    jj, kk = np.meshgrid(np.arange(n_c), np.arange(n_p), indexing="ij")
    rate = mfn.ravel()
    nav = rng.uniform(size=rate.size) < 0.02
    tariffs = {"importer": [cs[x] for x in jj.ravel()], "partner": ["MFN"] * rate.size,
               "hs6": [hs[x] for x in kk.ravel()], "rate": np.where(nav, np.nan, rate)}
    fta = sorted({EXPORTER, "VNM", "IDN", *rng.choice(cs, 9, replace=False).tolist()} - set(CU))
    for a in fta:  # preferential rows: 30 % of MFN between members of "FTA-X"
        for b in fta:
            if a != b:
                ia = cs.index(a)
                tariffs["importer"] += [a] * n_p
                tariffs["partner"] += [b] * n_p
                tariffs["hs6"] += hs
                tariffs["rate"] = np.concatenate([tariffs["rate"], mfn[ia] * 0.3])
    nt = len(tariffs["importer"])
    lat, lon = np.radians(w["lat"]), np.radians(w["lon"])
    oi, di = np.meshgrid(np.arange(n_c), np.arange(n_c), indexing="ij")
    hav = np.sin((lat[di] - lat[oi]) / 2) ** 2 + np.cos(lat[oi]) * np.cos(lat[di]) * np.sin((lon[di] - lon[oi]) / 2) ** 2
    km = 2 * 6371 * np.arcsin(np.sqrt(hav)) + 50
    ind = {"iso3": [], "year": [], "indicator": [], "value": []}
    for c in range(n_c):
        gdp = w["size"][c] * 5e10
        for y in years:
            vals = {"gdp_usd": gdp, "gdp_growth": w["growth"][c], "population": gdp / 1e4,
                    "population_growth": 0.01, "gdp_per_capita_usd": 1e4}
            vals |= {f"wgi_{x}": float(rng.normal(0, 1)) for x in ("va", "pv", "ge", "rq", "rl", "cc")}
            for key, val in vals.items():
                ind["iso3"].append(cs[c]), ind["year"].append(y), ind["indicator"].append(key)
                ind["value"].append(float(val))
    return {
        "tariffs": pa.table({**tariffs, "rate": pa.array(tariffs["rate"], from_pandas=True),
                             "year": pa.array(np.full(nt, years[-1], dtype=np.int16)),
                             "non_ad_valorem": np.concatenate([nav, np.zeros(nt - rate.size, bool)]),
                             "hs_revision": ["HS17"] * nt, "source": ["bench"] * nt}),
        "distances": pa.table({"origin": [cs[x] for x in oi.ravel()], "destination": [cs[x] for x in di.ravel()],
                               "dist_km": km.ravel(), "distcap_km": km.ravel(), "contiguous": km.ravel() < 800,
                               "common_language": np.zeros(km.size, bool), "source": ["bench"] * km.size}),
        "indicators": pa.table({**ind, "year": pa.array(ind["year"], pa.int16()), "source": ["bench"] * len(ind["iso3"])}),
        "countries": pa.table({"iso3": cs, "iso_numeric": pa.nulls(n_c, pa.int16()), "iso2": pa.nulls(n_c, pa.string()),
                               "name_en": cs, "name_zh": pa.nulls(n_c, pa.string()),
                               "region": rng.choice(["EAP", "ECA", "LAC", "MENA", "NA", "SA", "SSA"], n_c),
                               "income_group": rng.choice(["L", "LM", "UM", "H"], n_c), "capital": cs,
                               "lat": w["lat"], "lon": w["lon"]}),
        "agreements": pa.table({"agreement_id": ["CU-X", "FTA-X"], "name": ["bench customs union", "bench FTA"],
                                "type": ["CU", "FTA"], "in_force": [dt.date(2010, 1, 1)] * 2, "source": ["bench"] * 2}),
        "agreement_members": pa.table({"agreement_id": ["CU-X"] * len(CU) + ["FTA-X"] * len(fta),
                                       "iso3": [*CU, *fta], "joined": pa.nulls(len(CU) + len(fta), pa.date32()),
                                       "left_on": pa.nulls(len(CU) + len(fta), pa.date32())}),
        "products": pa.table({"hs6": hs, "hs_revision": ["HS17"] * n_p, "description": [f"product {h}" for h in hs],
                              "source": ["bench"] * n_p}),
    }


def generate(home: Path, *, flows: int, n_years: int, seed: int, countries: int = 200,
             products: int = 5000) -> Warehouse:
    """A synthetic warehouse at ``home`` (``flows`` per year), via Warehouse.apply."""
    rng = np.random.default_rng(seed)
    w = _world(rng, countries, products)
    years = list(range(2024 - n_years, 2024))
    keys = _cells(rng, w, int(flows / 0.91))
    n_c, n_p = countries, products
    i, rem = np.divmod(keys, n_c * n_p)
    base = 1e4 * w["size"][i] * w["size"][rem // n_p] * w["psize"][rem % n_p] * rng.lognormal(0, 1.5, keys.size)
    wh = Warehouse(home).create()
    with staging_dir() as st:
        loads: list[TableLoad] = []
        for t, year in enumerate(years):
            loads.append(stage_arrow("trade", _trade_year(rng, w, keys, base, year, t), st, name=f"trade{year}"))
        tables = _tables(rng, w, years)
        loads += [stage_arrow(name, tab, st) for name, tab in tables.items()]
        digest = hashlib.sha256(f"bench-{flows}-{n_years}-{seed}".encode()).hexdigest()
        wh.apply(ImportBatch(source="bench", file="synthetic", sha256=digest, scope="bench",
                             loads=tuple(loads), years=tuple(years)))
    wh.set_meta("demo", "true")  # synthetic data: outputs must say so
    return wh


# --------------------------------------------------------------------------- pandas baseline
def load_frames(wh: Warehouse) -> dict[str, Any]:
    """Warehouse tables as pandas DataFrames; countries and products as shared categoricals
    (so merges join on integer codes, the fast path in pandas)."""
    with wh.connect() as con:
        cs = [r[0] for r in con.execute("SELECT iso3 FROM countries ORDER BY 1").fetchall()]
        hs = [r[0] for r in con.execute(
            "SELECT hs6 FROM trade UNION SELECT hs6 FROM tariffs ORDER BY 1").fetchall()]
        raw = {name: con.sql(sql).to_arrow_table().to_pandas() for name, sql in {
            "trade": "SELECT year, exporter, importer, hs6, value_usd, quantity_t FROM trade",
            "tariffs": "SELECT importer, partner, hs6, year, rate FROM tariffs",
            "distances": "SELECT origin AS exporter, destination AS importer, dist_km FROM distances",
            "indicators": "SELECT iso3, year, indicator, value FROM indicators",
            "members": "SELECT m.agreement_id, m.iso3, a.type FROM agreement_members m "
                       "JOIN agreements a USING (agreement_id)",
        }.items()}
    ctype, ptype = pd.CategoricalDtype(cs), pd.CategoricalDtype(hs)
    tr = raw["tariffs"]
    f: dict[str, Any] = {"ctype": ctype, "ptype": ptype, "indicators": raw["indicators"]}
    f["trade"] = raw["trade"].astype({"exporter": ctype, "importer": ctype, "hs6": ptype})
    f["mfn"] = tr[tr.partner == "MFN"].drop(columns="partner").astype({"importer": ctype, "hs6": ptype})
    f["pref"] = tr[tr.partner != "MFN"].rename(columns={"partner": "exporter"}).astype(
        {"importer": ctype, "exporter": ctype, "hs6": ptype})
    f["dist"] = raw["distances"].astype({"exporter": ctype, "importer": ctype})
    f["dist"]["ln_d"] = np.log(f["dist"].pop("dist_km"))
    cu = raw["members"][raw["members"].type.str.startswith("CU")]
    cu = cu.merge(cu, on="agreement_id")
    cu = cu[cu.iso3_x != cu.iso3_y]
    f["cu"] = pd.DataFrame({"importer": cu.iso3_x, "exporter": cu.iso3_y, "cu": True}).astype(
        {"importer": ctype, "exporter": ctype}).drop_duplicates(["importer", "exporter"])
    return f


def _growth(f: dict[str, Any], y1: int) -> pd.DataFrame:
    ind = f["indicators"]
    win = ind[(ind.year > y1 - H) & (ind.year <= y1)]
    g = win.pivot_table(index="iso3", columns="indicator", values="value", aggfunc="mean")
    last = ind[ind.year <= y1].sort_values("year").groupby(["iso3", "indicator"]).value.last().unstack()
    wgi = last[[c for c in last.columns if c.startswith("wgi_")]].mean(axis=1)
    return pd.DataFrame({"dgdp": (1 + g["gdp_growth"]) ** H, "dpop": (1 + g["population_growth"]) ** H,
                         "gdp": last["gdp_usd"], "growth": g["gdp_growth"], "wgi": wgi})


def _latest(df: pd.DataFrame, keys: list[str], y1: int) -> pd.DataFrame:
    df = df[df.year <= y1]
    return df.sort_values("year").drop_duplicates(keys, keep="last").drop(columns="year")


def _rates(f: dict[str, Any], flows: pd.DataFrame, y1: int) -> np.ndarray:
    """Applied rate per row (exporter, importer, hs6): preferential (the lower of it and
    MFN), else 0 inside a customs union, else MFN, else NaN (unknown)."""
    mfn = _latest(f["mfn"], ["importer", "hs6"], y1).rename(columns={"rate": "mfn"})
    pref = _latest(f["pref"], ["importer", "exporter", "hs6"], y1).rename(columns={"rate": "pref"})
    x = flows[["exporter", "importer", "hs6"]].astype(
        {"exporter": f["ctype"], "importer": f["ctype"], "hs6": f["ptype"]}).merge(mfn, on=["importer", "hs6"], how="left")
    x = x.merge(pref, on=["importer", "exporter", "hs6"], how="left")
    x = x.merge(f["cu"], on=["importer", "exporter"], how="left")
    in_cu = x.cu.fillna(False).to_numpy(dtype=bool)
    out: np.ndarray = np.where(x.pref.notna(), np.fmin(x.pref, x.mfn), np.where(in_cu, 0.0, x.mfn))
    return out


def _log_dist(f: dict[str, Any], flows: pd.DataFrame) -> np.ndarray:
    x = flows[["exporter", "importer"]].astype({"exporter": f["ctype"], "importer": f["ctype"]}).merge(
        f["dist"], on=["exporter", "importer"], how="left")
    return x.ln_d.to_numpy()


def _keys(f: dict[str, Any], exporter: Any, importer: Any, hs6: Any) -> pd.DataFrame:
    df = pd.DataFrame({"exporter": exporter, "importer": importer, "hs6": hs6})
    return df.astype({"exporter": f["ctype"], "importer": f["ctype"], "hs6": f["ptype"]})


def _hypothetical(t: pd.DataFrame, exporter: str, n: int) -> pd.DataFrame:
    """Per importer: actual exports from ``exporter`` (all products) and Σ_k share_k · v_jk."""
    vk = t.groupby("hs6", observed=True).value_usd.sum()
    xk = t[t.exporter == exporter].groupby("hs6", observed=True).value_usd.sum()
    share = (xk / vk).dropna()
    vjk = t[t.hs6.isin(share.index)].groupby(["importer", "hs6"], observed=True).value_usd.sum().reset_index()
    vjk["hyp"] = vjk.value_usd * vjk.hs6.map(share).astype(float)
    hyp = vjk.groupby("importer", observed=True).hyp.sum() / n
    vij = t[t.exporter == exporter].groupby("importer", observed=True).value_usd.sum() / n
    return pd.DataFrame({"hyp": hyp, "vij": vij}).fillna({"vij": 0.0})


def pandas_scan(f: dict[str, Any], product: str, exporter: str, years: list[int]) -> pd.DataFrame:
    """One product, every market: the scan's indicators, plainly in pandas."""
    n, y1, tr = len(years), years[-1], f["trade"]
    t = tr[tr.year.isin(years)]
    tp = t[t.hs6 == product]
    fl = tp.groupby(["exporter", "importer"], observed=True).agg(
        v=("value_usd", "sum"), q=("quantity_t", "sum")).reset_index()
    fl = fl.astype({"exporter": str, "importer": str})  # one product: small, plain strings
    tp = tp.astype({"exporter": str, "importer": str})
    fl["v"] /= n
    fl["q"] /= n
    m = fl.groupby("importer", observed=True).agg(imports=("v", "sum"), n_sup=("v", "size"))
    by_year = tp.groupby(["importer", "year"], observed=True).value_usd.sum().unstack().reindex(columns=years)
    m["cagr"] = (by_year[y1] / by_year[years[0]]) ** (1 / max(n - 1, 1)) - 1
    m["cagr_short"] = (by_year[y1] / by_year[years[-3]]) ** 0.5 - 1 if n >= 3 else np.nan
    m["world_share"] = m.imports / m.imports.sum()
    fl["share"] = fl.v / fl.importer.map(m.imports).astype(float)
    m["hhi"] = fl.assign(s2=fl.share ** 2).groupby("importer", observed=True).s2.sum()
    m["hhi"] = np.where(m.n_sup > 1, (m.hhi - 1 / m.n_sup) / (1 - 1 / m.n_sup), 1.0)
    fl["rank"] = fl.groupby("importer", observed=True).v.rank(ascending=False, method="min")
    mine = fl[fl.exporter == exporter].set_index("importer")
    m["exporter_usd"] = mine.v.reindex(m.index).fillna(0.0)
    m["exporter_share"], m["exporter_rank"] = m.exporter_usd / m.imports, mine["rank"].reindex(m.index)
    others = fl[fl.exporter != exporter].sort_values(["importer", "v"], ascending=[True, False])
    m["top_suppliers"] = others.groupby("importer", observed=True).head(5).groupby(
        "importer", observed=True).apply(lambda g: list(zip(g.exporter.astype(str), g.share, strict=True)))
    uvq = fl[fl.q > 0]
    m["uv_all"] = uvq.groupby("importer", observed=True).v.sum() / uvq.groupby("importer", observed=True).q.sum()
    m["uv_exp"] = (mine.v / mine.q).where(mine.q > 0)
    ratio = m.uv_exp / m.uv_all
    m["price_band"] = np.select([ratio < 0.8, ratio > 1.25, ratio.notna()], ["budget", "premium", "mid"], None)
    # access: applied rates of every supplier, and of the exporter in every market
    fl["rate"] = _rates(f, fl.assign(hs6=product), y1)
    known = fl[fl.rate.notna()]
    m["tariff_average"] = (known.v * known.rate).groupby(known.importer, observed=True).sum() / \
        known.groupby("importer", observed=True).v.sum()
    me = pd.DataFrame({"exporter": exporter, "importer": m.index, "hs6": product})
    m["tariff_exporter"] = _rates(f, me, y1)
    fl["ln_d"] = _log_dist(f, fl)
    kd = fl[np.isfinite(fl.ln_d)]
    m["mean_ln_d"] = (kd.v * kd.ln_d).groupby(kd.importer, observed=True).sum() / kd.groupby("importer", observed=True).v.sum()
    m["ln_d_exp"] = _log_dist(f, me)
    # ITC EPI
    g = _growth(f, y1)
    x_ek = fl[fl.exporter == exporter].v.sum()
    m_ek = fl[fl.importer == exporter].v.sum()
    x_s = fl.groupby("exporter", observed=True).v.sum()
    share_proj = x_ek * g.dgdp.get(exporter, 1.0) / (x_s * g.dgdp.reindex(x_s.index.astype(str)).fillna(1).to_numpy()).sum()
    net_imp = min(1.0, x_ek / m_ek) if m_ek > 0 else 1.0
    e_k = known[known.exporter == exporter]
    e_vt = (e_k.v * e_k.rate).groupby(e_k.importer, observed=True).sum().reindex(m.index).fillna(0)
    e_w = e_k.groupby("importer", observed=True).v.sum().reindex(m.index).fillna(0)
    all_vt = (known.v * known.rate).groupby(known.importer, observed=True).sum().reindex(m.index).fillna(0)
    all_w = known.groupby("importer", observed=True).v.sum().reindex(m.index).fillna(0)
    t_e_glob = (e_vt.sum() - e_vt) / (e_w.sum() - e_w).replace(0, np.nan)
    t_k_glob = (all_vt.sum() - all_vt) / (all_w.sum() - all_w).replace(0, np.nan)
    m["supply"] = share_proj * net_imp * ((1 + t_e_glob) / (1 + t_k_glob)).fillna(1.0)
    gj = g.reindex(m.index)
    dg, dp = gj.dgdp.fillna(1).to_numpy(), gj.dpop.fillna(1).to_numpy()
    tar = ((1 + m.tariff_average) / (1 + m.tariff_exporter)).fillna(1.0)
    m["demand"] = m.imports * (dg / dp) ** EPS * dp * tar
    ease = _hypothetical(t, exporter, n).rename(index=str).reindex(m.index)
    bil = np.where(ease.hyp.fillna(0) > 0, ease.vij.fillna(0) / ease.hyp, 0.0)
    m["ease"] = np.exp(-np.maximum(0, (m.ln_d_exp - m.mean_ln_d).fillna(0))) * bil
    m["potential"] = m.supply * m.demand * m.ease
    m["untapped"] = np.maximum(0, m.potential - m.exporter_usd)
    # EMF benchmark: mean of the top-6 other suppliers (linear time weights) minus own
    wts = pd.Series(np.arange(1, n + 1) / np.arange(1, n + 1).sum(), index=years)
    tw = tp.assign(w=tp.year.map(wts).astype(float) * tp.value_usd).groupby(
        ["importer", "exporter"], observed=True).w.sum().reset_index()
    top6 = tw[tw.exporter != exporter].sort_values(["importer", "w"], ascending=[True, False]).groupby(
        "importer", observed=True).head(6).groupby("importer", observed=True).w.mean()
    own = tw[tw.exporter == exporter].set_index("importer").w
    m["benchmark_untapped"] = np.maximum(0, top6.reindex(m.index).fillna(0) - own.reindex(m.index).fillna(0))
    m["screen_risk"] = gj.wgi.to_numpy() >= -1.0
    m["screen_macro"] = (gj.gdp.to_numpy() >= 5e9) & (gj.growth.to_numpy() >= 0.03)
    m = m.drop(index=exporter, errors="ignore")
    return m.sort_values("untapped", ascending=False)


def pandas_potential_all(f: dict[str, Any], exporter: str, years: list[int]) -> pd.DataFrame:
    """ITC EPI of ``exporter`` for every (importer, hs6) cell with imports, in pandas."""
    n, y1, tr = len(years), years[-1], f["trade"]
    t = tr[tr.year.isin(years)]
    a = t.groupby(["exporter", "importer", "hs6"], observed=True).value_usd.sum().reset_index(name="v")
    a["v"] /= n
    a["rate"] = _rates(f, a, y1)
    a["ln_d"] = _log_dist(f, a)
    is_e = (a.exporter == exporter).to_numpy()
    known = a.rate.notna().to_numpy()
    a["vt"] = (a.v * a.rate).fillna(0.0)
    a["vk"] = np.where(known, a.v, 0.0)
    a["vd"] = (a.v * a.ln_d).fillna(0.0)
    a["vdw"] = np.where(a.ln_d.notna(), a.v, 0.0)
    a["act"], a["e_vt"], a["e_vk"] = np.where(is_e, a.v, 0.0), np.where(is_e, a.vt, 0.0), np.where(is_e, a.vk, 0.0)
    g = _growth(f, y1)
    a["vg"] = a.v * a.exporter.map(g.dgdp).astype(float).fillna(1.0)
    a["m_e"] = np.where((a.importer == exporter).to_numpy(), a.v, 0.0)
    sums = ["v", "vt", "vk", "vd", "vdw", "act", "e_vt", "e_vk"]
    c = a.groupby(["importer", "hs6"], observed=True)[sums].sum().reset_index()
    k = a.groupby("hs6", observed=True)[["v", "vt", "vk", "vg", "act", "e_vt", "e_vk", "m_e"]].sum()
    k.columns = ["v_k", "s_all", "w_all", "den", "x_e", "s_e", "w_e", "m_e"]
    hyp = c.v * c.hs6.map(k.x_e / k.v_k).astype(float)
    ease = pd.DataFrame({"hyp": hyp.groupby(c.importer, observed=True).sum(),
                         "vij": c.groupby("importer", observed=True).act.sum()})
    c = c[(c.importer != exporter).to_numpy()].join(k, on="hs6").join(ease, on="importer")
    gj = g.reindex(c.importer.astype(str))
    dg, dp = gj.dgdp.fillna(1).to_numpy(), gj.dpop.fillna(1).to_numpy()
    share = c.x_e * g.dgdp.get(exporter, 1.0) / c.den.replace(0, np.nan)
    net = np.where(c.m_e > 0, np.minimum(1, c.x_e / c.m_e.replace(0, np.nan)), 1.0)
    tge = (c.s_e - c.e_vt) / (c.w_e - c.e_vk).replace(0, np.nan)
    tgk = (c.s_all - c.vt) / (c.w_all - c.vk).replace(0, np.nan)
    supply = share.fillna(0) * net * ((1 + tge) / (1 + tgk)).fillna(1.0)
    cells = _keys(f, exporter, c.importer.astype(str).to_numpy(), c.hs6.astype(str).to_numpy())
    t_e, ln_de = _rates(f, cells, y1), _log_dist(f, cells)
    t_avg = c.vt / c.vk.replace(0, np.nan)
    demand = c.v * (dg / dp) ** EPS * dp * ((1 + t_avg) / (1 + t_e)).fillna(1.0)
    rel = ln_de - c.vd / c.vdw.replace(0, np.nan)
    bil = np.where(c.hyp.fillna(0) > 0, c.vij / c.hyp, 0.0)
    ez = np.exp(-np.maximum(0, rel.fillna(0))) * bil
    pot = supply * demand * ez
    return pd.DataFrame({"importer": c.importer, "hs6": c.hs6, "imports_usd": c.v, "actual_usd": c.act,
                         "tariff_exporter": t_e, "supply": supply, "demand": demand, "ease": ez,
                         "potential_usd": pot, "untapped_usd": np.maximum(0, pot - c.act)})


# --------------------------------------------------------------------------- timing
def _time(fn: Any, *args: Any, **kw: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t0, out


def _rel(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    ok = np.isfinite(a) & np.isfinite(b) & (np.abs(b) > 0)
    return float(np.median(np.abs(a[ok] / b[ok] - 1))) if ok.any() else float("nan")


def bench_scan(wh: Warehouse, f: dict[str, Any], years: list[int], other: str) -> None:
    from chuhai.markets import scan
    span = (years[0], years[-1])
    cold, res = _time(scan, wh, product=PRODUCT, exporter=EXPORTER, years=span)
    warm = [_time(scan, wh, product=PRODUCT, exporter=EXPORTER, years=span)[0] for _ in range(3)]
    t_other, _ = _time(scan, wh, product=other, exporter=EXPORTER, years=span)
    t_pd, ref = _time(pandas_scan, f, PRODUCT, EXPORTER, years)
    w = statistics.median(warm)
    print(f"(a) one-product scan {PRODUCT} for {EXPORTER}, {len(res.markets)} markets")
    print(f"    chuhai cold {cold:.3f} s | warm median {w:.3f} s (runs " + ", ".join(f"{x:.3f}" for x in warm)
          + f") | another product {other} {t_other:.3f} s")
    print(f"    pandas baseline {t_pd:.3f} s | ratio warm {t_pd / w:.1f}x, cold {t_pd / cold:.1f}x, "
          f"other product {t_pd / t_other:.1f}x | target < 0.5 s warm and >= 10x: "
          f"{'MET' if w < 0.5 and t_pd / w >= 10 else 'NOT MET'}")
    got = {m.importer: m for m in res.markets}
    idx = [i for i in ref.index.astype(str) if i in got]
    r = ref.set_axis(ref.index.astype(str)).loc[idx]
    for name, attr in (("imports_usd", "imports_usd"), ("exporter_share", "exporter_share"),
                       ("hhi", "hhi"), ("potential", "potential_usd"), ("untapped", "untapped_usd"),
                       ("benchmark_untapped", "benchmark_untapped_usd")):
        col = "imports" if name == "imports_usd" else name
        mine = np.array([getattr(got[i], attr) if getattr(got[i], attr) is not None else np.nan for i in idx])
        print(f"    cross-check {name}: median |chuhai/pandas - 1| = {_rel(mine, r[col].to_numpy()):.2e}")


def bench_potential(wh: Warehouse, f: dict[str, Any], years: list[int]) -> None:
    from chuhai.markets import potential_all
    span = (years[0], years[-1])
    cold, res = _time(potential_all, wh, exporter=EXPORTER, years=span)
    warm, res = _time(potential_all, wh, exporter=EXPORTER, years=span)
    # a second exporter reuses the cached market x product sums (batch screening of firms)
    other, _ = _time(potential_all, wh, exporter="DEU", years=span)
    t_pd, ref = _time(pandas_potential_all, f, EXPORTER, years)
    best = min(cold, warm)
    print(f"(b) full EPI for {EXPORTER}: {res.table.num_rows:,} market x product cells (pandas {len(ref):,})")
    print(f"    chuhai cold {cold:.3f} s | warm {warm:.3f} s | next exporter (DEU) {other:.3f} s | "
          f"pandas baseline {t_pd:.3f} s")
    print(f"    ratio cold {t_pd / cold:.1f}x, warm {t_pd / warm:.1f}x | target < 5 s and >= 10x: "
          f"{'MET' if best < 5 and t_pd / best >= 10 else 'NOT MET'} (warm); "
          f"{'MET' if cold < 5 and t_pd / cold >= 10 else 'NOT MET'} (cold)")
    mine = res.table.to_pandas().set_index(["importer", "hs6"])
    theirs = ref.astype({"importer": str, "hs6": str}).set_index(["importer", "hs6"])
    both = mine.merge(theirs, left_index=True, right_index=True, how="inner", suffixes=("", "_pd"))
    for col in ("imports_usd", "supply", "demand", "ease", "potential_usd"):
        print(f"    cross-check {col}: median |chuhai/pandas - 1| = "
              f"{_rel(both[col].to_numpy(), both[col + '_pd'].to_numpy()):.2e} over {len(both):,} cells")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--flows", type=int, default=10_000_000, help="flows per year (default 10 M)")
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", type=Path, default=None, help="warehouse directory to reuse or keep")
    ap.add_argument("--skip", choices=("scan", "potential"), default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="chuhai-bench-") as tmp:
        home = args.keep or Path(tmp) / "wh"
        wh = Warehouse(home)
        if not wh.exists():
            t_gen, wh = _time(generate, home, flows=args.flows, n_years=args.years, seed=args.seed)
            print(f"generated {args.years} years x {args.flows:,} flows/year into {home} in {t_gen:.1f} s")
        with wh.connect() as con:
            rows = con.execute("SELECT count(*), min(year), max(year) FROM trade").fetchone()
            other = con.execute(f"SELECT hs6 FROM trade WHERE hs6 <> '{PRODUCT}' GROUP BY hs6 "
                                "ORDER BY count(*) DESC LIMIT 1 OFFSET 100").fetchone()
        assert rows is not None and other is not None
        years = list(range(int(rows[1]), int(rows[2]) + 1))
        size = sum(p.stat().st_size for p in home.rglob("*") if p.is_file()) / 1e9  # DuckDB + Parquet
        print(f"warehouse: {rows[0]:,} trade rows, years {years[0]}-{years[-1]}, {size:.2f} GB")
        t_load, f = _time(load_frames, wh)
        print(f"pandas: loaded the tables in {t_load:.1f} s (not counted below)")
        if args.skip != "scan":
            bench_scan(wh, f, years, str(other[0]))
        if args.skip != "potential":
            bench_potential(wh, f, years)


if __name__ == "__main__":
    main()
