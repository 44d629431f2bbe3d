"""Demo trade flows: a sparse gravity model with product factors, story boosts and unit values."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from chuhai.data.demo.params import (
    CAPABILITY_BOOST,
    FLOW_DENSITY,
    PAIR_BOOST,
    STORY_MARKETS,
    STORY_PAIRS,
    STORY_PRODUCTS,
    UNIT_VALUE,
    WORLD_TOTAL_2019,
)
from chuhai.data.demo.world import const_column

__all__ = ["trade_table"]


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


def _force(keep: np.ndarray, lv: np.ndarray, iso: list[str], codes: list[str], ks: np.ndarray) -> np.ndarray:
    """Story flows that must exist every year: the six likeliest suppliers of each story
    market in the story products, and the ``STORY_PAIRS``. Returns the forced mask."""
    forced = np.zeros_like(keep)
    story_j = np.array([iso.index(m) for m in STORY_MARKETS if m in iso])
    for col, k in enumerate(ks):
        if codes[k] in STORY_PRODUCTS:
            top = np.argsort(-lv[:, story_j, col], axis=0)[:6]
            forced[top, story_j[None, :], col] = True
        for e, m, prefix in STORY_PAIRS:
            if codes[k].startswith(prefix) and e in iso and m in iso:
                forced[iso.index(e), iso.index(m), col] = True
    keep |= forced
    return forced


def _flows(rng: np.random.Generator, iso: list[str], codes: list[str], gdp0: np.ndarray,
           dist: np.ndarray, pair_extra: np.ndarray) -> tuple[np.ndarray, ...]:
    """Sparse 2019 flows: exporter, importer, product indices, log values (gravity:
    0.9 log GDP_i + 0.8 log GDP_j - 1.0 log dist + capability + demand + noise) and
    whether the flow is a forced story flow."""
    n, p = len(iso), len(codes)
    lg = np.log(gdp0) - np.log(gdp0).mean()
    cap_boost, pair_boost = _boosts(iso, codes)
    popularity = rng.normal(0, 0.8, p)
    cap = rng.normal(0, 1.3, (n, p)) + cap_boost
    dem = rng.normal(0, 0.7, (n, p)) + popularity[None, :]
    base = 0.9 * lg[:, None] + 0.8 * lg[None, :] - np.log(dist + 50.0) + pair_extra + pair_boost
    np.fill_diagonal(base, -np.inf)
    out: list[tuple[np.ndarray, ...]] = []
    for start in range(0, p, 64):
        ks = np.arange(start, min(start + 64, p))
        lv = base[:, :, None] + cap[:, None, ks] + dem[None, :, ks]
        lv = lv + rng.normal(0, 1.0, lv.shape)
        finite = lv[np.isfinite(lv)]
        thr = np.quantile(finite, 1 - FLOW_DENSITY)
        keep = lv > thr
        forced = _force(keep, lv, iso, codes, ks)
        i, j, kk = np.nonzero(keep)
        out.append((i, j, ks[kk], lv[i, j, kk], forced[i, j, kk]))
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


def trade_table(rng: np.random.Generator, iso: list[str], codes: list[str], years: Sequence[int],
                 macro: dict[str, np.ndarray], dist: np.ndarray, pair_extra: np.ndarray) -> pa.Table:
    i, j, k, lv, forced = _flows(rng, iso, codes, macro["gdp"][:, 0], dist, pair_extra)
    w = np.exp(lv - lv.max())
    v0 = w * (WORLD_TOTAL_2019 * len(codes) / 977.0) / w.sum()
    uv = _unit_values(rng, codes, macro["gdp"][:, 0] / macro["pop"][:, 0], i, k, iso)
    growth = macro["gdp"] / macro["gdp"][:, :1]
    parts = []
    for t, year in enumerate(years):
        value = v0 * growth[j, t] ** 1.2 * np.exp(rng.normal(0, 0.18, len(v0)) if t else 0.0)
        value = np.round(np.maximum(value, 1000.0))
        present = (rng.random(len(v0)) > 0.08) | (v0 > np.median(v0)) | forced if t else np.ones(len(v0), bool)
        qty = np.round(value / (uv * np.exp(rng.normal(0, 0.05, len(v0)))), 3)
        qty_null = rng.random(len(v0)) < 0.03
        sel = np.nonzero(present)[0]
        parts.append(pa.table({
            "year": pa.array(np.full(len(sel), year, np.int16)),
            "exporter": pa.DictionaryArray.from_arrays(pa.array(i[sel].astype(np.int32)), pa.array(iso)),
            "importer": pa.DictionaryArray.from_arrays(pa.array(j[sel].astype(np.int32)), pa.array(iso)),
            "hs6": pa.DictionaryArray.from_arrays(pa.array(k[sel].astype(np.int32)), pa.array(codes)),
            "hs_revision": const_column("HS22", len(sel)),
            "value_usd": pa.array(value[sel]),
            "quantity_t": pa.array(qty[sel], mask=qty_null[sel]),
            "source": const_column("demo", len(sel)),
        }))
    return pa.concat_tables(parts)
