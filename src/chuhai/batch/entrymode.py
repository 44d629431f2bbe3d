"""Per row: the entry planner (:func:`chuhai.entry.plan`) for the row's top market(s),
from the row's scenario template.

The template's firm becomes the row's (name, home; its HS6 the row's when the row names
one product, else the template's if the row covers it, else the row's first). For the
template's own market the plan is the template's. For another market the template is
adapted, and every adaptation is a note on the result: the market's country and name; the
price, wage and costs kept in US dollars (currency USD, rate 1); the wage replaced by the
planner's proxy from the market's GDP per head where the warehouse holds it; the tariffs
left to the warehouse (the template's [market.tariffs] were the other market's); its
tender gates and further markets (segments) dropped, being that market's. Volumes, taxes,
the partner deal and the regimes stay the template's: they are assumptions to replace.
"""

from __future__ import annotations

from dataclasses import replace

from chuhai.batch import messages as msg
from chuhai.batch.results import RowEntry, RowMarket
from chuhai.batch.scenarios import parse_template
from chuhai.data.queries.countries import country_facts
from chuhai.data.warehouse import Warehouse
from chuhai.entry import Scenario, plan
from chuhai.entry.inputs import proxy_wage_usd_per_hour
from chuhai.entry.scenario import Gates, TariffOverrides
from chuhai.errors import ChuhaiError
from chuhai.messages import Message

__all__ = ["DEFAULT_ENTRY_TOP", "for_market", "row_entries"]

#: Top markets of a row the entry planner runs for, by default.
DEFAULT_ENTRY_TOP = 1


def _hs6(template: str, hs6: tuple[str, ...]) -> str:
    if len(hs6) == 1 or (hs6 and template not in hs6):
        return hs6[0]
    return template


def for_market(sc: Scenario, wh: Warehouse, *, label: str, importer: str, name: str | None,
               firm: str, home: str, hs6: tuple[str, ...]) -> tuple[Scenario, tuple[Message, ...]]:
    """The template ``sc`` (named ``label`` in the portfolio) for the row's firm in
    ``importer``, and what was assumed."""
    f = sc.firm.model_copy(update={"name": firm, "home": home, "hs6": _hs6(sc.firm.hs6, hs6)})
    m = sc.market
    if importer == m.country:
        return sc.model_copy(update={"firm": f}), ()
    fx = m.fx_lcu_per_usd
    wage = m.wage_lcu_per_hour / fx
    notes = [msg.ENTRY_ADAPTED(scenario=label, template_market=m.country, market=importer)]
    try:
        facts = country_facts(wh, importer)
    except ChuhaiError:
        facts = None
    if facts is not None and facts.gdp_per_capita_usd is not None:
        wage = proxy_wage_usd_per_hour(facts.gdp_per_capita_usd)
        notes.append(msg.ENTRY_WAGE(market=importer, year=facts.gdp_per_capita_year, wage=wage))
    else:
        notes.append(msg.ENTRY_WAGE_KEPT(market=importer, wage=wage))
    market = m.model_copy(update={
        "country": importer, "name": name or importer, "currency": "USD", "fx_lcu_per_usd": 1.0,
        "price_lcu": m.price_lcu / fx, "wage_lcu_per_hour": wage, "tariffs": TariffOverrides(),
        "gates": Gates(), "segments": ()})
    return sc.model_copy(update={"firm": f, "market": market}), tuple(notes)


#: Monte Carlo draws of a batch plan: the row keeps the base case only (mode, NPV, local
#: value), which the draws do not change, so it runs the fewest the scenario allows.
BATCH_DRAWS = 10


def _plan_one(sc: Scenario, wh: Warehouse, label: str, market: RowMarket, firm: str, home: str,
              hs6: tuple[str, ...]) -> RowEntry:
    sc = sc.model_copy(update={"montecarlo": sc.montecarlo.model_copy(update={"draws": BATCH_DRAWS})})
    adapted, notes = for_market(sc, wh, label=label, importer=market.importer, name=market.name,
                                firm=firm, home=home, hs6=hs6)
    blank = RowEntry(importer=market.importer, scenario=label,
                     template_market=sc.market.country, adapted=bool(notes), mode=None,
                     firm_npv_usd=None, local_value_usd=None, local_jobs=None,
                     primary_regime=None, local_content_primary=None, qualifies_primary=None,
                     reason=None, warnings=notes)
    try:
        result = plan(adapted, warehouse=wh)
    except ChuhaiError as exc:
        return replace(blank, error=msg.ENTRY_FAILED(market=market.importer, error=exc.message))
    best = next((r for r in result.modes if r.mode == result.advice.mode), None)
    if best is None:  # no mode to compare (a template whose include_modes is empty)
        return replace(blank, reason=result.advice.reason)
    primary = result.regimes[0] if result.regimes else None
    return replace(
        blank, mode=best.mode, firm_npv_usd=best.firm_npv_usd,
        local_value_usd=best.local_value_added_usd, local_jobs=best.local_jobs,
        primary_regime=primary,
        local_content_primary=None if primary is None else best.local_content.get(primary),
        qualifies_primary=None if primary is None else best.qualifies.get(primary),
        reason=result.advice.reason, warnings=(*notes, *result.warning_messages))


def row_entries(wh: Warehouse, *, label: str, text: str, markets: tuple[RowMarket, ...],
                firm: str, home: str, hs6: tuple[str, ...], top: int) -> tuple[RowEntry, ...]:
    """The plan for each of the first ``top`` ``markets`` from the template ``text``."""
    sc = parse_template(label, text)
    return tuple(_plan_one(sc, wh, label, m, firm, home, hs6) for m in markets[:top])
