"""What a local-content figure means for the planner: preference bands and warnings.

The laws, the regimes and their thresholds are rules (:mod:`chuhai.rules`); this module
says in words which preference band a figure falls in and which figures the research
marks uncertain.
"""

from __future__ import annotations

from chuhai.rules.regimes import REGIMES, qualifies

__all__ = ["band", "regime_warnings"]


def band(regime_id: str, lc: float, threshold: float) -> str:
    """The preference band a local-content figure falls in, in words."""
    ok = qualifies(regime_id, lc, threshold)
    if regime_id == "in_mii":
        if ok:
            return "Class-I local supplier (20 % purchase preference, may match L1)"
        return ("Class-II local supplier (may bid, no purchase preference)" if lc > 0.20
                else "non-local supplier")
    if regime_id == "vn_domestic_cost":
        if lc >= 0.50:
            return "≥ 50 % domestic cost: non-preferred goods get +10 %"
        return "preferred, < 50 % domestic cost (+2.5 % add-on)" if ok else "not preferred"
    if regime_id == "us_baa":
        if ok:
            return "domestic end product"
        return ("> 55 %: may count as domestic until 1 Jan 2030 (fallback)" if lc > 0.55
                else "foreign end product")
    return "qualifies for the preference" if ok else "does not qualify"


def regime_warnings(regime_ids: tuple[str, ...], overridden: set[str]) -> list[str]:
    """Warnings for regimes whose figures the research marks uncertain."""
    out = []
    for rid in regime_ids:
        r = REGIMES[rid]
        if r.uncertain and rid not in overridden:
            out.append(f"{rid}: uncertain figure ({r.confidence}) — {r.uncertain}; "
                       f"results that depend on it are indicative")
    return out
