"""Resolve a scenario into engine inputs: tariffs (scenario, else warehouse), modes, warnings.

Tariff defaults come from the warehouse ``tariffs`` table: the preferential rate
for the home country (partner = home ISO3) if there is one, else MFN, for the
latest year not after ``scenario.year``. Kits (SKD/CKD) take the finished good's
HS6 rate (an unassembled article is classified as the finished article, GRI 2(a))
unless the scenario sets a kit rate; components take their own HS6 where the
scenario names one. When neither gives a rate the engine uses 0 and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from chuhai.data.messages import NO_WAREHOUSE
from chuhai.data.queries.tariffs import tariff_line
from chuhai.data.warehouse import Warehouse
from chuhai.entry import messages as M
from chuhai.entry.modes import Mode, builtin_modes
from chuhai.entry.scenario import Scenario
from chuhai.errors import ScenarioError, WarehouseError
from chuhai.messages import Message

__all__ = ["FORMS", "Context", "build_context", "proxy_wage_usd_per_hour"]

FORMS = ("cbu", "skd", "ckd", "components")
#: A host's loaded hourly wage where none is given: this share of GDP per head over
#: ``PROXY_HOURS`` hours a year (a rough proxy, always labelled as one).
PROXY_WAGE_SHARE = 0.4
PROXY_HOURS = 2000.0


def proxy_wage_usd_per_hour(gdp_per_capita_usd: float) -> float:
    """The proxy wage (USD an hour, to the cent) for a GDP per head in USD."""
    return round(PROXY_WAGE_SHARE * gdp_per_capita_usd / PROXY_HOURS, 2)


@dataclass(frozen=True)
class Context:
    """A scenario with every default resolved."""

    scenario: Scenario
    modes: tuple[Mode, ...]
    tariffs: dict[str, float]
    tariff_sources: dict[str, str]
    demo: bool
    warnings: tuple[Message, ...] = field(default=())


def _modes(sc: Scenario) -> tuple[Mode, ...]:
    modes = builtin_modes()
    for m in sc.modes:
        modes[m.key] = m
    if sc.include_modes is not None:
        unknown = [k for k in sc.include_modes if k not in modes]
        if unknown:
            raise ScenarioError(f"unknown mode(s) {', '.join(unknown)}; known: {', '.join(modes)}",
                                path="include_modes")
        return tuple(modes[k] for k in sc.include_modes)
    return tuple(modes.values())


def _lookup(wh: Warehouse, importer: str, home: str, hs6: str, year: int) -> tuple[float, str] | None:
    line = tariff_line(wh, importer=importer, partner=home, hs6=hs6, year=year)
    if line is None:
        return None
    kind = "preferential" if line.partner != "MFN" else "MFN"
    extra = " (line also has a non-ad-valorem duty, not included)" if line.non_ad_valorem else ""
    return line.rate, (f"warehouse {line.source} {kind} {importer}<-{line.partner} HS{hs6} "
                       f"{line.year}{extra}")


def _component_hs6(sc: Scenario) -> str | None:
    crit = [c.hs6 for c in sc.firm.components if c.hs6 and c.critical]
    anyhs = [c.hs6 for c in sc.firm.components if c.hs6]
    found = crit or anyhs
    return found[0] if found else None


def _resolve_tariffs(sc: Scenario, wh: Warehouse | None) -> tuple[dict[str, float], dict[str, str],
                                                                   list[Message]]:
    given = sc.market.tariffs
    rates: dict[str, float] = {}
    sources: dict[str, str] = {}
    warnings: list[Message] = []
    hs_by_form = {"cbu": sc.firm.hs6, "skd": sc.firm.hs6, "ckd": sc.firm.hs6,
                  "components": _component_hs6(sc)}
    for form in FORMS:
        val = getattr(given, form)
        if val is not None:
            rates[form] = float(val)
            sources[form] = f"scenario{': ' + given.source if given.source else ''}"
            continue
        hs6 = hs_by_form[form]
        hit = _lookup(wh, sc.market.country, sc.firm.home, hs6, sc.year) if wh and hs6 else None
        if hit is not None:
            rates[form], sources[form] = hit
            continue
        rates[form] = 0.0
        sources[form] = "none: assumed 0"
        where = M.NO_WAREHOUSE() if wh is None else M.NO_TARIFF_ROW(table="tariffs")
        warnings.append(M.TARIFF_UNKNOWN(form=form, country=sc.market.country, where=where))
    return rates, sources, warnings


def build_context(sc: Scenario, *, warehouse: Warehouse | str | Path | None = None) -> Context:
    """Resolve tariffs and modes; collect warnings. ``demo`` is true when tariffs came
    from a demo warehouse."""
    wh = warehouse if isinstance(warehouse, Warehouse) or warehouse is None else Warehouse(warehouse)
    if wh is not None and not wh.exists():
        raise WarehouseError(NO_WAREHOUSE(), home=str(wh.home))
    rates, sources, warnings = _resolve_tariffs(sc, wh)
    from_wh = any(s.startswith("warehouse") for s in sources.values())
    demo = bool(wh is not None and from_wh and wh.is_demo())
    if demo:
        warnings.insert(0, M.DEMO_TARIFFS())
    return Context(scenario=sc, modes=_modes(sc), tariffs=rates, tariff_sources=sources,
                   demo=demo, warnings=tuple(warnings))
