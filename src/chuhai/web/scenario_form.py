"""The entry planner's form: defaults from the warehouse, and form fields -> scenario TOML.

Defaults (each labelled as an assumption with its source): the market's name from
``countries``; the host's currency, exchange rate, wage and ticked regimes from
:mod:`chuhai.web.planner_defaults`; tariffs are left to the planner, which reads them
from the warehouse. Rates and shares (:data:`PERCENT`) are entered as percentages (16 for
16 %) and become the scenario's fractions here, once.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from chuhai.data.queries.countries import country_facts
from chuhai.data.reference import resolve_country
from chuhai.data.warehouse import Warehouse
from chuhai.entry.modes import builtin_modes
from chuhai.errors import ChuhaiError, InputError, NotFoundError
from chuhai.messages import Message
from chuhai.web.messages import NO_MODE, NO_REGIME, NO_VAT
from chuhai.web.planner_defaults import host_defaults

__all__ = ["COMPONENT_ROWS", "FIELDS", "GATES", "PERCENT", "TARIFF_FORMS", "defaults",
           "form_to_scenario", "scenario_toml"]

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

#: the import forms whose duty the form can set ([market.tariffs]; blank: from the warehouse)
TARIFF_FORMS = ("cbu", "skd", "ckd", "components")
#: the fields entered as percentages on the page (the scenario holds fractions)
PERCENT = frozenset({"firm_discount_rate", "corporate_tax", "vat", "wht_dividends", "wht_royalties",
                     "share", "firm_equity", "royalty_rate", "kit_markup"})
#: the default price per unit in USD, converted at the host's exchange rate
PRICE_USD = 60.0

_BASE: dict[str, Any] = {  # rates and shares as the page shows them: percentages
    "name": "my-plan", "horizon_years": 8, "firm_name": "", "home": "CHN", "hs6": "902820",
    "assembly_hours_per_unit": 0.5, "home_wage_usd_per_hour": 6.0, "firm_discount_rate": 12,
    "country": "MOZ", "market_name": "", "currency": "USD", "fx_lcu_per_usd": 1.0, "price_lcu": PRICE_USD,
    "tender_units_per_year": 20000, "private_units_per_year": 5000, "wage_lcu_per_hour": 2.0,
    "corporate_tax": 25, "vat": 16, "wht_dividends": 10, "wht_royalties": 15,
    "freight_usd_per_unit": 1.5, "certification_usd": 20000, "share": 15, "firm_equity": 49,
    "royalty_rate": 3, "kit_markup": 15,
    "components": [
        {"name": "brass body", "cost_usd": 9.0, "origin": "CHN", "critical": False},
        {"name": "register and dial", "cost_usd": 4.0, "origin": "CHN", "critical": False},
        {"name": "electronics module (chip)", "cost_usd": 8.0, "origin": "CHN", "critical": True},
        {"name": "packaging", "cost_usd": 1.0, "origin": "CHN", "critical": False},
    ],
}




def defaults(warehouse: Warehouse, *, country: str | None,
             hs6: str | None) -> tuple[dict[str, Any], dict[str, Message]]:
    """Form defaults for ``country``/``hs6`` and, per field, the assumption it rests on
    (``regimes``: the ticked regimes, ``modes``: the ticked entry modes, all of them)."""
    out = dict(_BASE)
    if hs6:
        out["hs6"] = hs6
    if country:
        out["country"] = country.upper()
        out["name"] = f"{country.lower()}-{out['hs6']}"
    out["modes"] = list(builtin_modes())
    try:
        iso3 = resolve_country(out["country"])
    except NotFoundError:
        out["regimes"] = []
        return out, {}
    host = host_defaults(warehouse, iso3, price_usd=PRICE_USD)
    out |= host.values
    out["regimes"] = list(host.regimes)
    if warehouse.exists():
        try:
            facts = country_facts(warehouse, iso3)
        except ChuhaiError:
            return out, host.labels
        if facts.name_en is not None:
            out["market_name"] = facts.name_en
    return out, host.labels


_COUNTRY_FIELDS = ("home", "country")


def _country(text: str, field: str) -> str:
    try:
        return resolve_country(text)
    except NotFoundError as exc:
        raise InputError(exc.msg or str(exc), field=field, **exc.context) from None


def form_to_scenario(form: dict[str, Any], regimes: list[str] | None,
                     modes: list[str] | None = None) -> dict[str, Any]:
    """The scenario mapping (as in docs/scenario-format.md) from flat form fields: the
    :data:`PERCENT` fields and the import duties (``tariff_<form>``) divided by 100; the ticked ``regimes`` (an empty list is refused;
    None: the scenario's default); ``include_modes`` when ``modes`` (the ticked
    entry modes) is given (an empty list is refused)."""
    sc: dict[str, Any] = {"firm": {}, "market": {}, "partner": {}}
    if not str(form.get("vat", "")).strip():  # the host defaults leave it blank on purpose
        raise InputError(NO_VAT(), field="vat")
    for field, (section, key, kind) in FIELDS.items():
        raw = form.get(field)
        if raw is None or str(raw).strip() == "":
            continue
        try:
            value = kind(str(raw).strip())
        except ValueError as exc:
            raise ChuhaiError(f"field {field}: {raw!r} is not a {kind.__name__}", field=field) from exc
        if field in PERCENT:  # 16 on the page is 0.16 in the scenario
            value = round(float(value) / 100.0, 12)
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
    tariffs: dict[str, Any] = {}
    for imp in TARIFF_FORMS:  # tariff_cbu = 25 on the page is market.tariffs.cbu = 0.25
        duty = str(form.get(f"tariff_{imp}", "")).strip()
        if duty:
            try:
                tariffs[imp] = round(float(duty) / 100.0, 12)
            except ValueError as exc:
                raise ChuhaiError(f"field tariff_{imp}: {duty!r} is not a number",
                                  field=f"tariff_{imp}") from exc
    if tariffs:
        sc["market"]["tariffs"] = tariffs
    gates = {g: True for g in GATES if form.get(f"gate_{g}")}
    if gates:  # as the scenario file's [market.gates]: e.g. Mozambique's local-entity rule
        sc["market"]["gates"] = gates
    if regimes is not None:
        if not regimes:
            raise InputError(NO_REGIME(), field="regimes")
        sc["regimes"] = regimes
    if modes is not None:
        if not modes:
            raise InputError(NO_MODE(), field="modes")
        sc["include_modes"] = modes
    return sc


def scenario_toml(scenario: dict[str, Any]) -> str:
    """The scenario as TOML text (to show, save and reopen)."""
    return tomli_w.dumps(scenario)
