"""ITC export potential (supply × demand × ease) — the formula, written once, in NumPy.

Used by the one-product scan (one cell per market, k = the product or product group)
and by the full table (one cell per market × HS6 line); the read side
(:mod:`chuhai.data.queries`) supplies the sums in a :class:`PotentialBase`::

    Supply_ik  = x_ik·ΔGDP_i / Σ_s x_sk·ΔGDP_s          projected world market share
               × min(1, x_ik / m_ik)                   net-importer (re-export) correction
               × ((1 + t̄_ik) / (1 + t̄_k))^τ            global tariff (dis)advantage
    Demand_ijk = v_jk · (ΔGDP_j/ΔPOP_j)^ε · ΔPOP_j     projected imports of j
               × ((1 + t̄_jk) / (1 + t_ijk))^τ          i's tariff advantage in j
    Ease_ijk   = exp(−max(0, ln d_ij − mean ln d_jk))  distance vs j's usual suppliers
               × v_ij / Σ_k' (x_ik'/v_k')·v_jk'        actual ÷ hypothetical bilateral trade

ΔZ = (1 + mean annual growth of Z over the window's last ``horizon`` years)^horizon.
Unknown tariffs or distances leave their term at 1 and are flagged; the alternatives
(symmetric distance, all-markets global tariff, τ, ε) are :class:`ScanParams` fields.
NaN marks an unknown value throughout (SQL NULL on the read side).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import numpy.typing as npt

from chuhai.data.queries.inputs import PotentialBase
from chuhai.markets.types import ScanParams

__all__ = ["PotentialTerms", "export_potential"]

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PotentialTerms:
    """Every sub-term, factor and the potential per cell (NaN = unknown)."""

    share_proj: Floats
    net_importer: Floats
    t_e_global: Floats
    t_k_global: Floats
    global_tariff_term: Floats
    projected_imports: Floats
    tariff_term: Floats
    distance_term: Floats
    bilateral_ease: Floats
    supply: Floats
    demand: Floats
    ease: Floats
    potential: Floats

    def rows(self) -> list[dict[str, float | None]]:
        """One dict per cell, None where unknown (as the scan's rows hold them)."""
        names = [f.name for f in fields(self)]
        cols = [getattr(self, n).tolist() for n in names]
        return [{n: (None if v != v else v) for n, v in zip(names, vals, strict=True)}
                for vals in zip(*cols, strict=True)]


def _div(a: Floats, b: Floats) -> Floats:
    """a / b, NaN where b is 0 or unknown (SQL ``a / nullif(b, 0)``)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b != 0, a / np.where(b != 0, b, 1.0), np.nan)


def _ratio_term(num: Floats, den: Floats, tau: float) -> Floats:
    """((1 + num) / (1 + den))^τ, 1 when either is unknown."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.power((1 + num) / (1 + den), tau)
    return np.where(np.isnan(num) | np.isnan(den), 1.0, out)


def _global_tariffs(b: PotentialBase, mode: str) -> tuple[Floats, Floats]:
    """t̄_ik and t̄_k: i's and everyone's trade-weighted tariff on k (leaving the market
    out by default)."""
    if mode == "off":
        nan = np.full(len(b), np.nan)
        return nan, nan
    if mode == "all_markets":
        return _div(b.s_e, b.w_e), _div(b.s_all, b.w_all)
    return (_div(b.s_e - b.own_s_e, b.w_e - b.own_w_e),
            _div(b.s_all - b.own_s_all, b.w_all - b.own_w_all))


def export_potential(b: PotentialBase, p: ScanParams) -> PotentialTerms:
    """Supply, demand, ease and the potential per cell of ``b`` under ``p``."""
    share = _div(b.x_e * b.dg_e, b.den)
    with np.errstate(divide="ignore", invalid="ignore"):
        net = np.where(b.m_e > 0, np.minimum(1.0, b.x_e / np.where(b.m_e > 0, b.m_e, 1.0)), 1.0)
        projected = b.imports * np.power(b.dgdp / b.dpop, p.income_elasticity) * b.dpop
    te, tk = _global_tariffs(b, p.global_tariff)
    gtt = _ratio_term(te, tk, p.tariff_exponent)
    tt = _ratio_term(b.t_avg, b.t_e, p.tariff_exponent)
    rel = b.rel_ln_d
    dist = np.maximum(0.0, rel) if p.distance_form == "one_sided" else np.abs(rel)
    dterm = np.where(np.isnan(rel), 1.0, np.exp(-dist))
    hyp = np.nan_to_num(b.hyp, nan=0.0)
    bil = np.where(hyp > 0, b.vij / np.where(hyp > 0, hyp, 1.0), 0.0)
    supply = np.nan_to_num(share, nan=0.0) * net * gtt
    demand = projected * tt
    ease = dterm * bil
    return PotentialTerms(
        share_proj=share, net_importer=net, t_e_global=te, t_k_global=tk,
        global_tariff_term=gtt, projected_imports=projected, tariff_term=tt,
        distance_term=dterm, bilateral_ease=bil, supply=supply, demand=demand, ease=ease,
        potential=supply * demand * ease)


def with_potential(rows: tuple[dict[str, Any], ...], b: PotentialBase,
                   p: ScanParams) -> list[dict[str, Any]]:
    """``rows`` (one per cell of ``b``, same order) with every potential term added."""
    terms = export_potential(b, p).rows()
    return [{**r, **t} for r, t in zip(rows, terms, strict=True)]
