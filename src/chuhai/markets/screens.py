"""Trade-DSM-style screens: each pass/fail with a one-sentence reason (a message).

A screen without data does not exclude the market: it *passes* with status
``unknown`` and a reason that says what is missing. Cut-offs are :class:`ScanParams`
fields; the DSM's published values are recalled, not verified (confidence L).
"""

from __future__ import annotations

from chuhai.markets import messages as m
from chuhai.markets.inputs import MarketInputs
from chuhai.markets.types import ScanParams, Screen
from chuhai.messages import Message, Param, Template

__all__ = ["screens"]


def _screen(name: str, ok: bool, if_ok: Template, if_not: Template, **params: Param) -> Screen:
    return Screen(name, ok, (if_ok if ok else if_not)(**params), "pass" if ok else "fail")


def _unknown(name: str, what: Message, who: str) -> Screen:
    return Screen(name, True, m.NOT_SCREENED(what=what, who=who), "unknown")


def risk(r: MarketInputs, p: ScanParams) -> Screen:
    if r.wgi is None:
        return _unknown("country_risk", m.WHAT_WGI, r.importer)
    return _screen("country_risk", r.wgi >= p.min_wgi, m.RISK_PASS, m.RISK_FAIL,
                   who=r.importer, wgi=r.wgi, cut=p.min_wgi)


def macro(r: MarketInputs, p: ScanParams) -> Screen:
    gdp, g = r.gdp, r.gdp_growth
    if gdp is None and g is None:
        return _unknown("macro", m.WHAT_GDP, r.importer)
    big = gdp is not None and gdp >= p.min_gdp_usd
    grows = g is not None and g >= p.min_gdp_growth
    return _screen("macro", big or grows, m.MACRO_PASS, m.MACRO_FAIL,
                   gdp=m.UNKNOWN if gdp is None else gdp, growth=m.UNKNOWN if g is None else g,
                   min_gdp=p.min_gdp_usd, min_growth=p.min_gdp_growth)


def imports(r: MarketInputs, p: ScanParams, world_cagr: float | None) -> Screen:
    share, cagr = r.world_share, r.imports_cagr_short
    big = share is not None and share >= p.min_import_share
    bench = world_cagr if world_cagr is not None else 0.0
    tiny = cagr is not None and r.growth_tiny_base  # growth from a tiny base does not count
    grows = cagr is not None and not tiny and cagr > bench
    size = m.IMPORTS_NO_SIZE if share is None else m.IMPORTS_SIZE(share=share)
    if cagr is None:
        growth = m.IMPORTS_NO_GROWTH
    elif tiny:
        growth = m.IMPORTS_GROWTH_TINY(cagr=cagr, base=r.growth_base_usd,
                                       floor=r.growth_floor_usd)
    else:
        growth = m.IMPORTS_GROWTH(cagr=cagr)
    return _screen("imports", big or grows, m.IMPORTS_PASS, m.IMPORTS_FAIL,
                   size=size, growth=growth, world=bench)


def concentration(r: MarketInputs, p: ScanParams) -> Screen:
    """Concentration among the suppliers the exporter competes with (its rivals): the
    exporter's own share never makes a market look closed (docs/methodology.md)."""
    if r.hhi is None:
        return _unknown("concentration", m.WHAT_SUPPLIERS, r.importer)
    if r.rivals_hhi is None:
        return Screen("concentration", True,
                      m.CONC_NO_RIVALS(exporter=r.exporter, importer=r.importer), "pass")
    hhi = r.rivals_hhi
    ok = hhi <= p.max_hhi
    if r.lead is None:
        return _screen("concentration", ok, m.CONC_PASS, m.CONC_FAIL, hhi=hhi, cut=p.max_hhi)
    if r.exporter_share <= 0:  # every supplier is a rival: today's sentence, same figure
        return _screen("concentration", ok, m.CONC_PASS_LEAD, m.CONC_FAIL_LEAD, hhi=hhi,
                       cut=p.max_hhi, lead=r.lead[0], lead_share=r.lead[1])
    return _screen("concentration", ok, m.CONC_PASS_RIVALS, m.CONC_FAIL_RIVALS, hhi=hhi,
                   cut=p.max_hhi, exporter=r.exporter, share=r.exporter_share,
                   lead=r.lead[0], lead_share=r.lead[1])


def access(r: MarketInputs, p: ScanParams) -> Screen:
    t, avg = r.tariff_exporter, r.tariff_average
    rivals = tuple(x.exporter for x in r.zero_tariff_rivals[:3])
    cu = {"rivals": rivals} if rivals else {}
    if t is None:
        tpl = m.ACCESS_NO_TARIFF_CU if rivals else m.ACCESS_NO_TARIFF
        return Screen("access", True, tpl(exporter=r.exporter, importer=r.importer, **cu),
                      "unknown")
    ok = t - (avg if avg is not None else t) <= p.max_tariff_gap
    vs = m.ACCESS_NO_VS if avg is None else m.ACCESS_VS(average=avg)
    if ok:
        tpl = m.ACCESS_PASS_CU if rivals else m.ACCESS_PASS
        return Screen("access", ok, tpl(tariff=t, basis=r.tariff_basis, vs=vs, **cu), "pass")
    tpl = m.ACCESS_FAIL_CU if rivals else m.ACCESS_FAIL
    return Screen("access", ok, tpl(tariff=t, basis=r.tariff_basis, vs=vs,
                                    max_gap=p.max_tariff_gap, **cu), "fail")

def screens(r: MarketInputs, p: ScanParams, world_cagr: float | None) -> tuple[Screen, ...]:
    """All five screens for one market."""
    return (risk(r, p), macro(r, p), imports(r, p, world_cagr), concentration(r, p),
            access(r, p))
