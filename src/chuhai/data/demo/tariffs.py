"""Demo tariffs: MFN schedules (customs unions share one) and preferential rates by agreement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pyarrow as pa

from chuhai.data.demo.params import CU_LEADER, MFN_MEAN
from chuhai.data.demo.world import const_column, pair_agreements
from chuhai.data.reference import load_blocs

__all__ = ["mfn_rates", "tariff_table"]


def mfn_rates(rng: np.random.Generator, iso: list[str], codes: list[str], income: list[str | None],
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


def tariff_table(mfn: np.ndarray, iso: list[str], codes: list[str], years: Sequence[int]) -> pa.Table:
    """MFN rows for every importer x product x year and preferential rows for every
    agreement pair in force on 1 July of the year (only where they differ from MFN)."""
    n, p = mfn.shape
    parts = []
    iso_arr, code_arr = pa.array(iso), pa.array(codes)
    for year in years:
        factor, _ = pair_agreements(iso, date(year, 7, 1))
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
                "hs_revision": const_column("HS22", m), "source": const_column("demo", m),
            }))
    return pa.concat_tables(parts)
