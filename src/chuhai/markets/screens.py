"""Trade-DSM-style screens: each pass/fail with a one-sentence reason.

A screen without data does not exclude the market: it *passes* with status
``unknown`` and a reason that says what is missing. Cut-offs are :class:`ScanParams`
fields; the DSM's published values are recalled, not verified (confidence L).
"""

from __future__ import annotations

from typing import Any

from chuhai.markets.types import ScanParams, Screen

__all__ = ["screens"]


def _pct(x: float) -> str:
    return f"{x * 100:+.1f} %" if x < 0 or x > 0 else "0.0 %"


def _usd(x: float) -> str:
    for div, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            return f"US${x / div:,.1f} {unit}"
    return f"US${x:,.0f}"


def _unknown(name: str, what: str, who: str) -> Screen:
    return Screen(name, True, f"Not screened: the warehouse has no {what} for {who}.", "unknown")


def risk(r: dict[str, Any], p: ScanParams) -> Screen:
    w, who = r.get("wgi"), r["importer"]
    if w is None:
        return _unknown("country_risk", "WGI governance estimates", who)
    ok = w >= p.min_wgi
    rel = "at or above" if ok else "below"
    return Screen("country_risk", ok, f"{who}'s mean governance score (WGI) is {w:+.2f}, {rel} "
                  f"the {p.min_wgi:+.2f} cut-off.", "pass" if ok else "fail")


def macro(r: dict[str, Any], p: ScanParams) -> Screen:
    gdp, g, who = r.get("gdp"), r.get("g_j"), r["importer"]
    if gdp is None and g is None:
        return _unknown("macro", "GDP or GDP growth", who)
    big = gdp is not None and gdp >= p.min_gdp_usd
    grows = g is not None and g >= p.min_gdp_growth
    size = _usd(gdp) if gdp is not None else "unknown"
    growth = _pct(g) if g is not None else "unknown"
    ok = big or grows
    verdict = "large or growing enough" if ok else "neither large nor growing enough"
    return Screen("macro", ok, f"GDP {size} growing {growth}/yr is {verdict} (cut-offs "
                  f"{_usd(p.min_gdp_usd)} or {_pct(p.min_gdp_growth)}/yr).",
                  "pass" if ok else "fail")


def imports(r: dict[str, Any], p: ScanParams, world_cagr: float | None) -> Screen:
    share, cagr = r.get("world_share"), r.get("imports_cagr_short")
    big = share is not None and share >= p.min_import_share
    bench = world_cagr if world_cagr is not None else 0.0
    grows = cagr is not None and cagr > bench
    ok = big or grows
    size = f"{share * 100:.2f} % of world imports" if share is not None else "unknown size"
    growth = f"short-run growth {_pct(cagr)}/yr" if cagr is not None else "no growth figure"
    verdict = "large or growing" if ok else "small and not growing faster than world imports"
    return Screen("imports", ok, f"Imports are {size} with {growth} (world {_pct(bench)}/yr): "
                  f"{verdict}.", "pass" if ok else "fail")


def concentration(r: dict[str, Any], p: ScanParams) -> Screen:
    hhi = r.get("hhi")
    if hhi is None:
        return _unknown("concentration", "supplier data", r["importer"])
    ok = hhi <= p.max_hhi
    lead = r.get("lead")
    who = f"; the largest supplier, {lead[0]}, holds {lead[1] * 100:.0f} %" if lead else ""
    verdict = "open to new suppliers" if ok else "dominated by few suppliers"
    return Screen("concentration", ok, f"Normalised HHI {hhi:.2f} (cut-off {p.max_hhi:.2f}) — "
                  f"{verdict}{who}.", "pass" if ok else "fail")


def access(r: dict[str, Any], p: ScanParams) -> Screen:
    t, avg = r.get("tariff_exporter"), r.get("tariff_average")
    cu = r.get("zero_tariff_rivals") or []
    rivals = (f"; customs-union rivals {', '.join(x['exporter'] for x in cu[:3])} enter duty-free"
              if cu else "")
    if t is None:
        return Screen("access", True, f"Not screened: no tariff for {r['exporter']} in "
                      f"{r['importer']} in the warehouse{rivals}.", "unknown")
    gap = t - (avg if avg is not None else t)
    ok = gap <= p.max_tariff_gap
    vs = f"vs a trade-weighted {avg * 100:.1f} % for all suppliers" if avg is not None else \
        "(no average for other suppliers)"
    verdict = "" if ok else f", more than {p.max_tariff_gap * 100:.0f} points worse"
    return Screen("access", ok, f"Tariff {t * 100:.1f} % ({r.get('tariff_basis')}) {vs}"
                  f"{verdict}{rivals}.", "pass" if ok else "fail")


def screens(r: dict[str, Any], p: ScanParams, world_cagr: float | None) -> tuple[Screen, ...]:
    """All five screens for one market row."""
    return (risk(r, p), macro(r, p), imports(r, p, world_cagr), concentration(r, p),
            access(r, p))
