"""The entry planner's form: defaults from the warehouse, and form fields -> scenario TOML.

Defaults (each shown with where it came from): the market's name from ``countries``;
the hourly wage as 40 % of GDP per head spread over 2,000 hours (a rough proxy,
marked as such) from ``indicators``; tariffs are left to the planner, which reads
them from the warehouse.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from chuhai.data.queries.countries import country_facts
from chuhai.data.reference import resolve_country
from chuhai.data.warehouse import Warehouse
from chuhai.entry.inputs import proxy_wage_usd_per_hour
from chuhai.errors import ChuhaiError, InputError, NotFoundError
from chuhai.messages import Message
from chuhai.web.messages import WAGE_NOTE

__all__ = ["COMPONENT_ROWS", "FIELDS", "GATES", "defaults", "form_to_scenario", "scenario_toml"]

COMPONENT_ROWS = 5
#: the participation gates of [market.gates] the form offers (chuhai.entry.scenario.Gates)
GATES = ("local_entity_required", "land_border_registered")
#: form field -> (section, key, type); the form and the TOML share these names.
FIELDS: dict[str, tuple[str, str, type]] = {
    "name": ("", "name", str), "horizon_years": ("", "horizon_years", int),
    "firm_name": ("firm", "name", str), "home": ("firm", "home", str), "hs6": ("firm", "hs6", str),
    "assembly_hours_per_unit": ("firm", "assembly_hours_per_unit", float),
    "home_wage_usd_per_hour": ("firm", "home_wage_usd_per_hour", float),
    "firm_discount_rate": ("firm", "discount_rate", float),
    "country": ("market", "country", str), "market_name": ("market", "name", str),
    "currency": ("market", "currency", str), "fx_lcu_per_usd": ("market", "fx_lcu_per_usd", float),
    "price_lcu": ("market", "price_lcu", float),
    "tender_units_per_year": ("market", "tender_units_per_year", float),
    "private_units_per_year": ("market", "private_units_per_year", float),
    "wage_lcu_per_hour": ("market", "wage_lcu_per_hour", float),
    "corporate_tax": ("market", "corporate_tax", float), "vat": ("market", "vat", float),
    "wht_dividends": ("market", "wht_dividends", float),
    "wht_royalties": ("market", "wht_royalties", float),
    "freight_usd_per_unit": ("market", "freight_usd_per_unit", float),
    "certification_usd": ("market", "certification_usd", float),
    "share": ("partner", "share", float), "firm_equity": ("partner", "firm_equity", float),
    "royalty_rate": ("partner", "royalty_rate", float), "kit_markup": ("partner", "kit_markup", float),
}

_BASE: dict[str, Any] = {
    "name": "my-plan", "horizon_years": 8, "firm_name": "", "home": "CHN", "hs6": "902820",
    "assembly_hours_per_unit": 0.5, "home_wage_usd_per_hour": 6.0, "firm_discount_rate": 0.12,
    "country": "MOZ", "market_name": "", "currency": "USD", "fx_lcu_per_usd": 1.0, "price_lcu": 60.0,
    "tender_units_per_year": 20000, "private_units_per_year": 5000, "wage_lcu_per_hour": 2.0,
    "corporate_tax": 0.25, "vat": 0.16, "wht_dividends": 0.10, "wht_royalties": 0.15,
    "freight_usd_per_unit": 1.5, "certification_usd": 20000, "share": 0.15, "firm_equity": 0.49,
    "royalty_rate": 0.03, "kit_markup": 0.15,
    "components": [
        {"name": "brass body", "cost_usd": 9.0, "origin": "CHN", "critical": False},
        {"name": "register and dial", "cost_usd": 4.0, "origin": "CHN", "critical": False},
        {"name": "electronics module (chip)", "cost_usd": 8.0, "origin": "CHN", "critical": True},
        {"name": "packaging", "cost_usd": 1.0, "origin": "CHN", "critical": False},
    ],
}




def defaults(warehouse: Warehouse, *, country: str | None,
             hs6: str | None) -> tuple[dict[str, Any], list[Message]]:
    """Form defaults for ``country``/``hs6`` and notes saying which came from the warehouse."""
    out = dict(_BASE)
    notes: list[Message] = []
    if hs6:
        out["hs6"] = hs6
    if country:
        out["country"] = country.upper()
        out["name"] = f"{country.lower()}-{out['hs6']}"
    if not warehouse.exists():
        return out, notes
    try:
        facts = country_facts(warehouse, out["country"])
    except ChuhaiError:
        return out, notes
    if facts.name_en is not None:
        out["market_name"] = facts.name_en
    if facts.gdp_per_capita_usd is not None:
        out["wage_lcu_per_hour"] = proxy_wage_usd_per_hour(facts.gdp_per_capita_usd)
        notes.append(WAGE_NOTE(year=facts.gdp_per_capita_year))
    return out, notes


_COUNTRY_FIELDS = ("home", "country")


def _country(text: str, field: str) -> str:
    try:
        return resolve_country(text)
    except NotFoundError as exc:
        raise InputError(exc.msg or str(exc), field=field, **exc.context) from None


def form_to_scenario(form: dict[str, Any], regimes: list[str]) -> dict[str, Any]:
    """The scenario mapping (as in docs/scenario-format.md) from flat form fields."""
    sc: dict[str, Any] = {"firm": {}, "market": {}, "partner": {}}
    for field, (section, key, kind) in FIELDS.items():
        raw = form.get(field)
        if raw is None or str(raw).strip() == "":
            continue
        try:
            value = kind(str(raw).strip())
        except ValueError as exc:
            raise ChuhaiError(f"field {field}: {raw!r} is not a {kind.__name__}", field=field) from exc
        if field in _COUNTRY_FIELDS:  # 中国, China, CN → CHN; an unknown name is refused
            value = _country(str(value), field)
        (sc[section] if section else sc)[key] = value
    comps = []
    for i in range(COMPONENT_ROWS):
        name = str(form.get(f"c{i}_name", "")).strip()
        if not name:
            continue
        try:
            cost = float(str(form.get(f"c{i}_cost", "0")).strip() or 0)
        except ValueError as exc:
            raise ChuhaiError(f"component {i + 1}: cost is not a number", field=f"c{i}_cost") from exc
        origin = str(form.get(f"c{i}_origin", "CHN")).strip() or "CHN"
        comps.append({"name": name, "cost_usd": cost, "origin": _country(origin, f"c{i}_origin"),
                      "critical": bool(form.get(f"c{i}_critical"))})
    sc["firm"]["components"] = comps
    gates = {g: True for g in GATES if form.get(f"gate_{g}")}
    if gates:  # as the scenario file's [market.gates]: e.g. Mozambique's local-entity rule
        sc["market"]["gates"] = gates
    if regimes:
        sc["regimes"] = regimes
    return sc


def scenario_toml(scenario: dict[str, Any]) -> str:
    """The scenario as TOML text (to show, save and reopen)."""
    return tomli_w.dumps(scenario)
