"""Demo tariffs: MFN schedules (customs unions share one) and preferential rates by agreement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pyarrow as pa

from chuhai.data.arrowbuf import arrow_of, dictionary_of
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
    agreement pair in force on 1 July of the year (only where they differ from MFN), made
    in the order the warehouse stores tariffs (hs6, importer, partner, year; ``iso`` and
    ``codes`` are sorted), so the import inserts them as they are: the (importer, partner,
    year) triples are few and sorted first, then a product's rows are the triples that
    apply to it (all MFN ones, the preferential ones where its MFN rate is above zero)."""
    n, p = mfn.shape
    triples: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for y, year in enumerate(years):
        factor, _ = pair_agreements(iso, date(year, 7, 1))
        imp, par = np.nonzero(factor < 1.0)
        triples += [(np.arange(n), np.full(n, n), np.full(n, y), np.ones(n)),
                    (imp, par, np.full(len(imp), y), factor[imp, par])]
    ti, tp, ty, tf = (np.concatenate([t[c] for t in triples]) for c in range(4))
    partners = [*iso, "MFN"]  # "MFN" (index n) sorts among the ISO3 codes by its letters
    partner_rank = np.argsort(np.argsort(partners, kind="stable"), kind="stable")
    by = np.lexsort((ty, partner_rank[tp], ti))
    ti, tp, ty, tf = ti[by], tp[by], ty[by], tf[by]
    kk, t = np.nonzero((tp == n)[None, :] | (mfn[ti].T > 0))  # row-major: by product, triple
    ii = ti[t]
    m = len(kk)
    return pa.table({
        "importer": dictionary_of(ii, iso), "partner": dictionary_of(tp[t], partners),
        "hs6": dictionary_of(kk, codes),
        "year": arrow_of(np.asarray(years, dtype=np.int16)[ty[t]]),
        "rate": arrow_of(np.round(mfn[ii, kk] * tf[t], 4)),
        "non_ad_valorem": pa.array(np.zeros(m, bool)),
        "hs_revision": const_column("HS22", m), "source": const_column("demo", m),
    })
