"""Preference mechanisms (research §0) as pure, vectorised functions.

Arrays have shape ``(runs, bidders)`` (or ``(bidders,)``); static per-bidder facts
have shape ``(bidders,)`` and broadcast. A mechanism changes the *evaluated* price or
adds points; the quoted (contract) price is never modified. The match right changes
who gets how much quantity, at the price the matched bidder accepts (L1's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from chuhai.rules.vocabulary import MECHANISMS

__all__ = [
    "MECHANISMS",
    "Outcome",
    "ParamValue",
    "Statics",
    "additive_margin",
    "apply_mechanism",
    "argmin_rows",
    "discount",
    "match_right",
    "preference_points",
    "protection_from_exclusion",
    "reservation",
]

#: a resolved pack parameter or option: a figure, an option string or flag, or unset
ParamValue = float | str | bool | None

F = NDArray[np.float64]
B = NDArray[np.bool_]


def additive_margin(prices: F, margins: F) -> F:
    """Mechanism 1: ``E = P·(1 + m)``; ``m`` is 0 for preferred bids."""
    return prices * (1.0 + margins)


def discount(prices: F, kp: F, *, formula: str = "divide") -> F:
    """Mechanism 2: ``E = P/(1+KP)`` (divide) or ``E = (1−KP)·P`` (multiply)."""
    return prices / (1.0 + kp) if formula == "divide" else prices * (1.0 - kp)


def preference_points(price_points: F, goal_points: F, *, cap: float) -> F:
    """Mechanism 4: total = price points + min(goal points, cap)."""
    return price_points + np.minimum(goal_points, cap)


def reservation(eligible: B, reserved_ok: B) -> B:
    """Mechanism 5: in a reserved tender only qualifying bidders stay eligible."""
    return eligible & reserved_ok


def protection_from_exclusion(prices: F, eligible: B, protected: B, *, band: float) -> B:
    """Mechanism 6: protected bids within ``band`` of the lowest may not be excluded on price alone."""
    low = np.min(np.where(eligible, prices, np.inf), axis=-1, keepdims=True)
    return protected & eligible & (prices <= low * (1.0 + band))


def argmin_rows(p: F, prio: F | None = None) -> tuple[NDArray[np.intp], F]:
    """Row-wise (argmin, min) of ``(runs, bidders)``; on ties the higher ``prio`` (the pack's
    tie-break, :func:`chuhai.tenders.ties.priority`), else the first index.

    Loops over the few bidder columns (not over runs): with column-major arrays each step
    is one contiguous vector operation, much faster than ``argmin(axis=1)`` on narrow rows.
    """
    best = p[:, 0].copy()
    idx = np.zeros(p.shape[0], dtype=np.intp)
    bp = None if prio is None else prio[:, 0].copy()
    for j in range(1, p.shape[1]):
        col = p[:, j]
        better = col < best
        if prio is not None and bp is not None:
            better |= (col == best) & (prio[:, j] > bp)
            bp = np.where(better, prio[:, j], bp)
        best = np.where(better, col, best)
        idx[better] = j
    return idx, best


def match_right(prices: F, eligible: B, preferred: B, accept: B, *, margin: float,
                split: float, divisible: bool, prio: F | None = None) -> tuple[F, F]:
    """Mechanism 3 (India PPP-MII para 3A): quantity shares and award unit prices.

    ``prices`` is ``(runs, bidders)``. L1 takes everything if preferred. Otherwise the
    lowest preferred bid within ``margin`` of L1 that accepts to match L1's price gets
    ``1 − split`` of the quantity (divisible) or all of it (not divisible); L1 keeps the rest.
    """
    p = np.where(eligible, prices, np.inf)
    m, n = p.shape
    rows = np.arange(m)
    l1, l1_price = argmin_rows(p, prio)
    any_ok = np.isfinite(l1_price)
    cand = preferred & accept & eligible
    pp = np.where(cand & (p <= l1_price[:, None] * (1.0 + margin)), p, np.inf)
    best, best_price = argmin_rows(pp, prio)
    l1_pref = np.broadcast_to(preferred, p.shape)[rows, l1]
    matched = np.isfinite(best_price) & ~l1_pref & any_ok
    take = (1.0 - split) if divisible else 1.0
    shares = np.zeros((m, n), order="F")
    shares[rows[any_ok], l1[any_ok]] = np.where(matched, 1.0 - take, 1.0)[any_ok]
    shares[rows[matched], best[matched]] = take
    award = np.array(prices, dtype=float, order="F", copy=True)
    award[rows[matched], best[matched]] = l1_price[matched]
    return shares, award


@dataclass(frozen=True)
class Statics:
    """Per-bidder facts that do not vary between simulated tenders (shape ``(n,)``)."""

    preferred: B
    local_content: F
    small: B
    innovation: B
    goal_points: F
    accept_match: B
    protected: B
    domestic: B


@dataclass(frozen=True)
class Outcome:
    evaluated: F
    bonus_points: F
    shares: F | None = None
    award_price: F | None = None
    protected: B | None = None


def _num(prm: Mapping[str, ParamValue], key: str, default: float = 0.0) -> float:
    """A numeric parameter (``default`` when unset)."""
    v = prm.get(key)
    return default if v is None else float(v)


def _margins(eligible: B, s: Statics, prm: Mapping[str, ParamValue]) -> tuple[F, B | None]:
    """Per-bidder margins and, when margins apply only if a preferred bid competes, that mask."""
    m = float(prm.get("margin") or 0.0)
    top = s.preferred
    low_below = prm.get("preferred_low_below")
    if low_below is not None:
        top = s.preferred & (s.local_content >= float(low_below))
    base: F = np.where(s.preferred, 0.0, m)
    if low_below is not None:
        base = np.where(s.preferred & ~top, float(prm.get("preferred_low_margin") or 0.0), base)
    if prm.get("exempt_domestic_origin"):
        base = np.where(s.domestic & ~s.preferred, 0.0, base)
    if prm.get("margin_small") is not None:
        small_pref = np.any(eligible & s.preferred & s.small, axis=-1, keepdims=True)
        base = np.where(small_pref & ~s.preferred, _num(prm, "margin_small"), base)
    present = None
    if prm.get("only_if_preferred_present", True):
        present = np.any(eligible & top, axis=-1, keepdims=True)
    return base, present


def _discount_kp(s: Statics, prm: Mapping[str, ParamValue]) -> F:
    m = float(prm.get("margin") or 0.0)
    if prm.get("scale_by_lc"):
        kp = s.local_content * m
    else:
        extra = float(prm.get("additional_margin") or 0.0)
        kp = m + np.where(s.innovation, extra, 0.0)
        if prm.get("cap") is not None:
            kp = np.minimum(kp, _num(prm, "cap"))
    return np.where(s.preferred, kp, 0.0)


def apply_mechanism(name: str, prices: F, eligible: B, s: Statics,
                    prm: Mapping[str, ParamValue], *, divisible: bool = True,
                    prio: F | None = None) -> Outcome:
    """Apply mechanism ``name`` with resolved parameters ``prm`` to a price array
    (``prio``: the tie-break priority for a mechanism that allocates itself)."""
    zeros = np.zeros((1, prices.shape[-1]))  # broadcasts over runs without allocating them
    if name in ("additive_margin", "national_treatment", "reservation", "participation_gate"):
        # reservation / gate packs act through gates; a margin, where a pack has one, is additive
        margins, present = _margins(eligible, s, prm)
        ev = additive_margin(prices, margins)
        if present is not None:
            ev = np.where(present, ev, prices)
        return Outcome(ev, zeros)
    if name == "discount":
        return Outcome(discount(prices, _discount_kp(s, prm), formula=str(prm.get("formula", "divide"))), zeros)
    if name == "match_right":
        shares, award = match_right(prices, eligible, s.preferred, s.accept_match,
                                    margin=float(prm.get("margin") or 0.0),
                                    split=_num(prm, "split", 0.5), divisible=divisible, prio=prio)
        return Outcome(prices.copy(), zeros, shares=shares, award_price=award)
    if name == "preference_points":
        return Outcome(prices.copy(), s.goal_points[None, :].astype(float))
    if name == "protection_from_exclusion":
        prot = protection_from_exclusion(prices, eligible, s.protected,
                                         band=float(prm.get("protection_band") or 0.0))
        return Outcome(prices.copy(), zeros, protected=prot)
    raise KeyError(name)  # validated against MECHANISMS when packs load
