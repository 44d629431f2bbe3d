"""The kit transfer price range (research §3.3 "key coupling").

For a mode in which the firm sells kits (or finished goods) to a local entity at
``p_kit = c_imp × (1 + markup)``:

* **local-content cap** — the highest kit price at which the product still meets the
  chosen regime's threshold (India: ``p_kit·(1+t)+other imports ≤ (1−0.5)·V``);
  ``None`` when the regime's measure does not depend on the kit price or the mode
  does not manufacture locally;
* **arm's-length band** — ``c_imp × (1 + partner.arm_length_markup_min … _max)``
  (a cost-plus band in the sense of OECD TPG ch. II; the band itself is the user's);
* **break-even kit price** — where the partner's NPV is zero (above it the partner
  loses money);
* the feasible range is the band cut by the cap and the break-even price;
* the minimum local content needed is the regime's threshold; ``shortfall`` says how
  far the mode is from it at the scenario's kit price.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import brentq

from chuhai.entry import messages as M
from chuhai.entry.assess import Assessment, lc_for, thresholds
from chuhai.entry.costs import unit_build
from chuhai.entry.deal import cash_flows
from chuhai.entry.finance import npv
from chuhai.entry.inputs import Context
from chuhai.entry.modes import Mode
from chuhai.messages import Message, render
from chuhai.rules.regimes import qualifies
from chuhai.serialise import to_json

__all__ = ["KitRange", "kit_range"]

MARKUP_LO, MARKUP_HI = -0.9, 10.0


@dataclass(frozen=True)
class KitRange:
    """Kit transfer prices (USD per kit) for one mode under one regime."""

    mode: str
    regime: str
    kit_home_cost_usd: float
    kit_price_usd: float
    arm_length_min_usd: float
    arm_length_max_usd: float
    lc_cap_usd: float | None
    break_even_usd: float | None
    feasible_min_usd: float | None
    feasible_max_usd: float | None
    min_local_content: float
    local_content: float
    shortfall: float
    note_messages: tuple[Message, ...] = field(
        metadata={"json_name": "note", "json_text": lambda notes: M.KIT_NOTES(notes=notes)})

    @property
    def note(self) -> str:
        """The notes in English, joined by "; "."""
        return render(M.KIT_NOTES(notes=self.note_messages))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out


def _lc(ctx: Context, mode: Mode, regime: str, markup: float) -> float:
    return lc_for(ctx, mode, unit_build(ctx, mode, kit_markup=markup))[regime]


def _partner_npv(ctx: Context, mode: Mode, share: float, markup: float) -> float:
    ub = unit_build(ctx, mode, kit_markup=markup)
    return float(np.asarray(npv(cash_flows(ctx, mode, ub, share).partner,
                                ctx.scenario.partner.discount_rate)).ravel()[0])


def _root(f: Any, lo: float, hi: float) -> float | None:
    a, b = f(lo), f(hi)
    if a * b > 0:
        return None
    if a == 0:
        return lo
    return float(brentq(f, lo, hi, xtol=1e-9))


def _lc_cap(ctx: Context, mode: Mode, regime: str, thr: float) -> tuple[float | None, Message | None]:
    """Highest markup keeping local content at the threshold (``None``: not binding)."""
    if not mode.manufactures_locally:
        return None, M.KIT_TRADED()
    lo, hi = _lc(ctx, mode, regime, MARKUP_LO), _lc(ctx, mode, regime, MARKUP_HI)
    if abs(lo - hi) < 1e-12:
        return None, M.KIT_LC_FLAT(regime=regime)
    if lo < thr:
        return MARKUP_LO, M.KIT_LC_UNREACHABLE(regime=regime)
    cap = _root(lambda m: _lc(ctx, mode, regime, m) - thr, MARKUP_LO, MARKUP_HI)
    if cap is not None and not qualifies(regime, _lc(ctx, mode, regime, cap), thr):
        cap -= 1e-9  # strict "more than" thresholds: stay just inside
    return cap, None


def _break_even(ctx: Context, mode: Mode, share: float) -> tuple[float | None, bool, Message | None]:
    """(markup where the partner's NPV is 0, partner loses at any price, note)."""
    if mode.local_entity == "subsidiary":
        return None, False, M.KIT_WHOLLY_OWNED()
    be = _root(lambda m: _partner_npv(ctx, mode, share, m), MARKUP_LO, MARKUP_HI)
    loses = be is None and _partner_npv(ctx, mode, share, MARKUP_LO) < 0
    return be, loses, M.KIT_PARTNER_LOSES() if loses else None


def kit_range(ctx: Context, mode: Mode, a: Assessment, regime: str) -> KitRange | None:
    """The kit price range of ``mode``; ``None`` for modes that sell no kits to anyone."""
    if mode.local_entity == "none":
        return None
    ub = unit_build(ctx, mode)
    c = float(ub.c_imp[0])
    if c <= 0:
        return None
    thr = thresholds(ctx)[regime]
    cap_m, note1 = _lc_cap(ctx, mode, regime, thr)
    be_m, partner_loses, note2 = _break_even(ctx, mode, a.tender_share)
    notes = [x for x in (note1, note2) if x is not None]
    p = ctx.scenario.partner
    hi_m = min(x for x in (p.arm_length_markup_max, cap_m, be_m) if x is not None)
    lo_m = p.arm_length_markup_min
    feasible = hi_m >= lo_m and not partner_loses
    if not feasible:
        notes.append(M.KIT_INFEASIBLE())
    lc_now = a.local_content[regime]
    return KitRange(
        mode=mode.key, regime=regime, kit_home_cost_usd=c, kit_price_usd=float(ub.p_kit[0]),
        arm_length_min_usd=c * (1 + p.arm_length_markup_min),
        arm_length_max_usd=c * (1 + p.arm_length_markup_max),
        lc_cap_usd=_usd(c, cap_m), break_even_usd=_usd(c, be_m),
        feasible_min_usd=_usd(c, lo_m) if feasible else None,
        feasible_max_usd=_usd(c, hi_m) if feasible else None,
        min_local_content=thr, local_content=lc_now, shortfall=max(0.0, thr - lc_now),
        note_messages=tuple(notes))


def _usd(c: float, markup: float | None) -> float | None:
    return None if markup is None else c * (1.0 + markup)
