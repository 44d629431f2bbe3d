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

from chuhai.entry import messages as M
from chuhai.messages import Message, render

__all__ = ["FrontierPoint", "pareto_flags", "recommend", "recommendation"]


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


def _usd(x: float) -> Message:
    return M.USD_M(m=x / 1e6) if abs(x) >= 1e6 else M.USD(x=x)


def recommendation(points: Sequence[FrontierPoint], pareto: Sequence[bool], *, primary: str,
                   tolerance: float) -> tuple[str, Message]:
    """(mode key, the reason as a message)."""
    if not points:
        return "", M.REC_NONE()
    best_any = max(points, key=lambda p: p.firm_npv)
    cands = [p for p, on in zip(points, pareto, strict=True) if on and p.firm_npv > 0]
    if not cands:
        return best_any.key, M.REC_ALL_NEGATIVE(label=best_any.label, npv=_usd(best_any.firm_npv))
    best = max(cands, key=lambda p: p.firm_npv)
    near = [p for p in cands if p.firm_npv >= best.firm_npv - tolerance * abs(best.firm_npv)]
    pick = max(near, key=lambda p: (p.local_value, p.firm_npv))
    lc = (M.REC_QUALIFIES if pick.qualifies_primary else M.REC_BELOW)(
        regime=primary, lc=pick.local_content_primary)
    head = M.REC_PICK(label=pick.label, npv=_usd(pick.firm_npv), jobs=pick.jobs,
                      value=_usd(pick.local_value), lc=lc)
    if pick.key != best.key:
        why = M.REC_LOCAL_PREFERRED(label=best.label, gap=_usd(best.firm_npv - pick.firm_npv),
                                    tolerance=tolerance, value=_usd(best.local_value))
    else:
        why = M.REC_HIGHEST()
    gated = tuple(p.label for p in points if p.gated)
    return pick.key, M.REC_REASON(pick=head, why=why, gated=M.REC_GATED(labels=gated) if gated else "")


def recommend(points: Sequence[FrontierPoint], pareto: Sequence[bool], *, primary: str,
              tolerance: float) -> tuple[str, str]:
    """(mode key, reason in English): :func:`recommendation` rendered."""
    key, reason = recommendation(points, pareto, primary=primary, tolerance=tolerance)
    return key, render(reason)
