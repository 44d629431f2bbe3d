"""The frontier of firm NPV against local value created, and a recommendation in words.

A mode is on the Pareto set when no other mode has at least its firm NPV *and* at
least its local value added, and more of one. The recommendation: among Pareto
modes with positive firm NPV, take those within ``npv_tolerance`` (a fraction) of
the best firm NPV and pick the one creating the most local value — the firm gives up
little and gains the buyers' and governments' favour. If no mode has a positive
NPV, the least bad one is named and the reason says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["FrontierPoint", "pareto_flags", "recommend"]


@dataclass(frozen=True)
class FrontierPoint:
    """What the frontier needs to know about one mode."""

    key: str
    label: str
    firm_npv: float
    local_value: float
    jobs: float
    qualifies_primary: bool
    local_content_primary: float
    gated: bool


def pareto_flags(points: Sequence[tuple[float, float]]) -> list[bool]:
    """True for points not dominated when maximising both coordinates."""
    flags = []
    for i, (x, y) in enumerate(points):
        dominated = any(
            (x2 >= x and y2 >= y) and (x2 > x or y2 > y)
            for j, (x2, y2) in enumerate(points) if j != i)
        flags.append(not dominated)
    return flags


def _usd(x: float) -> str:
    return f"${x / 1e6:,.2f} m" if abs(x) >= 1e6 else f"${x:,.0f}"


def recommend(points: Sequence[FrontierPoint], pareto: Sequence[bool], *, primary: str,
              tolerance: float) -> tuple[str, str]:
    """(mode key, reason in words)."""
    if not points:
        return "", "no modes to compare"
    best_any = max(points, key=lambda p: p.firm_npv)
    cands = [p for p, on in zip(points, pareto, strict=True) if on and p.firm_npv > 0]
    if not cands:
        return best_any.key, (
            f"No entry mode earns the firm a positive NPV at these assumptions; "
            f"{best_any.label} loses least ({_usd(best_any.firm_npv)}). Revisit price, volume "
            f"or the deal before entering.")
    best = max(cands, key=lambda p: p.firm_npv)
    near = [p for p in cands if p.firm_npv >= best.firm_npv - tolerance * abs(best.firm_npv)]
    pick = max(near, key=lambda p: (p.local_value, p.firm_npv))
    lc = (f"qualifies under {primary} (local content {pick.local_content_primary:.0%})"
          if pick.qualifies_primary else
          f"does not reach the {primary} threshold (local content {pick.local_content_primary:.0%})")
    reason = (f"{pick.label}: firm NPV {_usd(pick.firm_npv)}, {pick.jobs:,.0f} local jobs and "
              f"{_usd(pick.local_value)} local value added over the horizon; it {lc}.")
    if pick.key != best.key:
        gap = best.firm_npv - pick.firm_npv
        reason += (f" {best.label} earns the firm {_usd(gap)} more NPV "
                   f"(within the {tolerance:.0%} tolerance) but creates "
                   f"{_usd(best.local_value)} of local value, so the local option is preferred.")
    else:
        reason += " It has the highest firm NPV on the Pareto set."
    gated = [p.label for p in points if p.gated]
    if gated:
        reason += f" Tender gates close public tenders to: {', '.join(gated)}."
    return pick.key, reason
