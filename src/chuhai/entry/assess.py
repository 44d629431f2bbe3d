"""Per-mode eligibility: local content under each regime, qualification, tender gates.

Qualification under the *primary* regime (the first in ``scenario.regimes``)
sets the share of tender volume the mode expects to win
(``market.tender_win_share_qualified`` / ``_unqualified``, unless the mode fixes
``tender_share``); a closed gate sets it to 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from chuhai.entry import messages as M
from chuhai.entry.costs import UnitBuild, build_up_at
from chuhai.entry.inputs import Context
from chuhai.entry.local_content import band_message
from chuhai.entry.modes import Mode
from chuhai.messages import Message, Text
from chuhai.rules.regimes import (
    REGIMES,
    AppliedThreshold,
    applied_threshold,
    land_border_countries,
    qualifies,
)

__all__ = ["Assessment", "applied_thresholds", "assess", "gates_for", "lc_for", "thresholds"]


@dataclass(frozen=True)
class Assessment:
    """Local content and eligibility of one mode in the base case."""

    local_content: dict[str, float]
    qualifies: dict[str, bool]
    thresholds: dict[str, float]
    gates: tuple[Message, ...]
    tender_share: float
    bands: dict[str, Message]

    @property
    def gated(self) -> bool:
        return bool(self.gates)


def applied_thresholds(ctx: Context) -> dict[str, AppliedThreshold]:
    """Threshold per target regime in the scenario's first year (overrides applied), with why."""
    sc = ctx.scenario
    out = {}
    for rid in sc.regimes:
        ov = sc.regime_overrides.get(rid)
        out[rid] = (applied_threshold(rid, sc.year, ov.threshold, ov.source) if ov
                    else applied_threshold(rid, sc.year))
    return out


def thresholds(ctx: Context) -> dict[str, float]:
    """Threshold per target regime in the scenario's first year (overrides applied)."""
    return {rid: a.value for rid, a in applied_thresholds(ctx).items()}


def lc_for(ctx: Context, mode: Mode, ub: UnitBuild, i: int = 0) -> dict[str, float]:
    """Local content of draw ``i`` under every target regime."""
    b, price = build_up_at(ub, mode, i), float(ub.price[i])
    return {rid: REGIMES[rid].law(price, b) for rid in ctx.scenario.regimes}


def gates_for(ctx: Context, mode: Mode) -> tuple[Message, ...]:
    """Closed tender gates for ``mode`` (empty when it may bid)."""
    sc = ctx.scenario
    g = sc.market.gates
    out = []
    if g.local_entity_required and mode.local_entity == "none":
        out.append(M.GATE_LOCAL_ENTITY_NOTE(note=Text(g.note, g.note_zh)) if g.note else M.GATE_LOCAL_ENTITY())
    india = sc.market.country == "IND"
    chinese_side = sc.firm.home in land_border_countries()
    if india and chinese_side and not g.land_border_registered and mode.bidder != "partner":
        who = M.WHO_FIRM() if mode.bidder == "firm" else M.WHO_OWNER(bidder=mode.bidder,
                                                                      home=sc.firm.home)
        out.append(M.GATE_LAND_BORDER(who=who))
    return tuple(out)


def assess(ctx: Context, mode: Mode, ub: UnitBuild) -> Assessment:
    """Base-case assessment of ``mode`` from its unit build-up ``ub``."""
    sc = ctx.scenario
    th = thresholds(ctx)
    lc = lc_for(ctx, mode, ub)
    ok = {rid: qualifies(rid, lc[rid], th[rid]) for rid in sc.regimes}
    gates = gates_for(ctx, mode)
    if gates:
        share = 0.0
    elif mode.tender_share is not None:
        share = mode.tender_share
    else:
        primary = sc.regimes[0]
        m = sc.market
        share = m.tender_win_share_qualified if ok[primary] else m.tender_win_share_unqualified
    bands = {rid: band_message(rid, lc[rid], th[rid]) for rid in sc.regimes}
    return Assessment(local_content=lc, qualifies=ok, thresholds=th, gates=gates,
                      tender_share=share, bands=bands)
