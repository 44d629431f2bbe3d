"""Evaluation formulas (research §2.3–2.4), vectorised over ``(runs, bidders)``.

``W`` is the maximum price points, ``P`` the evaluated price, ``Pmin`` / ``Pmax`` /
``Pmean`` the lowest / highest / mean evaluated price among eligible bids. A bid
that is not eligible scores ``-inf``. Higher score wins in every method.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["METHODS", "PRICE_FORMULAS", "ScoreSpec", "price_points", "score"]

F = NDArray[np.float64]
B = NDArray[np.bool_]


def proportional(p: F, pmin: F, pmax: F, pmean: F, w: float, k: float, a: float) -> F:
    """``S = W·Pmin/P`` (QCBS ``Sf = 100·Fm/F``)."""
    return w * pmin / p


def sa_linear(p: F, pmin: F, pmax: F, pmean: F, w: float, k: float, a: float) -> F:
    """South Africa PPR 2022: ``Ps = W·(1 − (Pt − Pmin)/Pmin)``, floor 0."""
    return np.maximum(0.0, w * (1.0 - (p - pmin) / pmin))


def power_ratio(p: F, pmin: F, pmax: F, pmean: F, w: float, k: float, a: float) -> F:
    """``S = W·(Pmin/P)^k``."""
    return w * (pmin / p) ** k


def linear_bounds(p: F, pmin: F, pmax: F, pmean: F, w: float, k: float, a: float) -> F:
    """``S = W·(Pmax − P)/(Pmax − Pmin)``; all bids equal → W."""
    span = pmax - pmin
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(span > 0, w * (pmax - p) / np.where(span > 0, span, 1.0), w)


def logarithmic(p: F, pmin: F, pmax: F, pmean: F, w: float, k: float, a: float) -> F:
    """``S = W·(1 − log(P/Pmin)/log A)``, floor 0 (A = the price ratio scoring 0)."""
    return np.maximum(0.0, w * (1.0 - np.log(p / pmin) / np.log(a)))


def mean_deviation(p: F, pmin: F, pmax: F, pmean: F, w: float, k: float, a: float) -> F:
    """``S = W·(1 − (P − Pmin)/Pmean)``, floor 0."""
    return np.maximum(0.0, w * (1.0 - (p - pmin) / pmean))


PriceFormula = Callable[[F, F, F, F, float, float, float], F]

#: price formula name -> function. Declared once; tender validation lists these names.
PRICE_FORMULAS: dict[str, PriceFormula] = {
    "proportional": proportional,
    "sa_linear": sa_linear,
    "power_ratio": power_ratio,
    "linear_bounds": linear_bounds,
    "logarithmic": logarithmic,
    "mean_deviation": mean_deviation,
}

#: evaluation method -> description.
METHODS: dict[str, str] = {
    "lowest_price": "lowest evaluated price wins (score = 100·Pmin/P for display)",
    "price_points": "price points only, with the tender's price_formula",
    "sa_ppr_2022": "South Africa: 80/20 if value ≤ R50 m else 90/10 (price points + specific goals)",
    "sa_80_20": "South Africa 80/20: 80·(1 − (Pt − Pmin)/Pmin) + ≤ 20 goal points",
    "sa_90_10": "South Africa 90/10: 90·(1 − (Pt − Pmin)/Pmin) + ≤ 10 goal points",
    "weighted_sum": "technical_weight·T + price_weight·price points (price_formula, W = 100)",
    "qcbs": "QCBS: T%·St + P%·100·Fm/F after the technical pass mark",
    "adjusted_bid": "adjusted bid P/T: lowest wins (score = 100·ABmin/AB)",
}


@dataclass(frozen=True, slots=True)
class ScoreSpec:
    method: str
    price_formula: str = "proportional"
    price_weight: float = 1.0
    technical_weight: float = 0.0
    max_points: float = 100.0
    power: float = 2.0
    log_base: float = 2.0
    goal_cap: float = 0.0


def _stats(formula: str, p: F, eligible: B) -> tuple[F, F, F]:
    """Pmin, Pmax, Pmean over eligible bids; only what ``formula`` needs is computed."""
    pmin = np.min(np.where(eligible, p, np.inf), axis=-1, keepdims=True)
    pmax = pmean = pmin
    if formula == "linear_bounds":
        pmax = np.max(np.where(eligible, p, -np.inf), axis=-1, keepdims=True)
    if formula == "mean_deviation":
        n_ok = np.maximum(np.sum(eligible, axis=-1, keepdims=True), 1)
        pmean = np.sum(np.where(eligible, p, 0.0), axis=-1, keepdims=True) / n_ok
    return pmin, pmax, pmean


def price_points(formula: str, p: F, eligible: B, *, w: float, k: float = 2.0, a: float = 2.0) -> F:
    """Price points for every bid under ``formula`` (ineligible bids get -inf)."""
    pmin, pmax, pmean = _stats(formula, p, eligible)
    with np.errstate(invalid="ignore", divide="ignore"):
        pts = PRICE_FORMULAS[formula](p, pmin, pmax, pmean, w, k, a)
    return np.where(eligible, pts, -np.inf)


def score(spec: ScoreSpec, evaluated: F, technical: F, bonus: F, eligible: B) -> F:
    """Total score per bid (higher wins); ineligible bids get ``-inf``."""
    m = spec.method
    if m == "lowest_price":
        s = price_points("proportional", evaluated, eligible, w=100.0)
    elif m == "price_points":
        s = price_points(spec.price_formula, evaluated, eligible, w=spec.max_points,
                         k=spec.power, a=spec.log_base)
    elif m in ("sa_80_20", "sa_90_10", "sa_ppr_2022"):
        s = price_points("sa_linear", evaluated, eligible, w=spec.max_points)
        s = s + np.minimum(bonus, spec.goal_cap)
    elif m in ("weighted_sum", "qcbs"):
        formula = "proportional" if m == "qcbs" else spec.price_formula
        pp = price_points(formula, evaluated, eligible, w=100.0, k=spec.power, a=spec.log_base)
        s = spec.technical_weight * technical + spec.price_weight * pp
    elif m == "adjusted_bid":
        ab = evaluated / np.maximum(technical, 1e-9)
        s = price_points("proportional", ab, eligible, w=100.0)
    else:  # validated earlier; keep mypy and readers honest
        raise KeyError(m)
    if m not in ("sa_80_20", "sa_90_10", "sa_ppr_2022"):
        s = s + bonus
    return np.where(eligible, s, -np.inf)
