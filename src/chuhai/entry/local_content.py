"""What a local-content figure means for the planner: preference bands and warnings.

The laws, the regimes and their thresholds are rules (:mod:`chuhai.rules`); this module
says which preference band a figure falls in and which figures the research marks
uncertain, as messages (:mod:`chuhai.entry.messages`).
"""

from __future__ import annotations

from chuhai.entry import messages as M
from chuhai.messages import Message, render
from chuhai.rules.regimes import REGIMES, qualifies

__all__ = ["band", "band_message", "regime_warnings"]


def band_message(regime_id: str, lc: float, threshold: float) -> Message:
    """The preference band a local-content figure falls in."""
    ok = qualifies(regime_id, lc, threshold)
    cut = REGIMES[regime_id].bands  # figures from the rule pack (rules/regimes.toml `bands`)
    if regime_id == "in_mii":
        if ok:
            return M.BAND_IN_CLASS_I(margin=cut["margin"])
        return M.BAND_IN_CLASS_II() if lc > cut["class_ii"] else M.BAND_IN_NON_LOCAL()
    if regime_id == "vn_domestic_cost":
        if lc >= cut["high"]:
            return M.BAND_VN_HIGH(high=cut["high"], margin=cut["margin"])
        if ok:
            return M.BAND_VN_PREFERRED(high=cut["high"], low_margin=cut["low_margin"])
        return M.BAND_VN_NOT()
    if regime_id == "us_baa":
        if ok:
            return M.BAND_US_DOMESTIC()
        return M.BAND_US_FALLBACK(fallback=cut["fallback"]) if lc > cut["fallback"] else M.BAND_US_FOREIGN()
    return M.BAND_QUALIFIES() if ok else M.BAND_NOT()


def band(regime_id: str, lc: float, threshold: float) -> str:
    """:func:`band_message` in English."""
    return render(band_message(regime_id, lc, threshold))


def regime_warnings(regime_ids: tuple[str, ...], overridden: set[str]) -> list[Message]:
    """Warnings for regimes whose figures the research marks uncertain."""
    out = []
    for rid in regime_ids:
        r = REGIMES[rid]
        if r.uncertain and rid not in overridden:
            out.append(M.REGIME_UNCERTAIN(regime=rid, confidence=r.confidence, why=r.text("uncertain")))
    return out
