"""The planner form's host defaults, each an assumption with its source.

For the chosen host market: the procurement regimes that apply there ticked (its own,
by the rule pack's jurisdiction, and a lender's where the host is one of its borrowers,
``regimes.toml`` ``borrower_income``); its currency (CLDR territory currencies, through
Babel); the official exchange rate (warehouse indicator ``fx_lcu_per_usd``, WDI
PA.NUS.FCRF, latest year); the proxy wage (:func:`chuhai.entry.inputs.proxy_wage_usd_per_hour`
from GDP per head, at that rate) and the default price converted at that rate. No reference table holds
VAT rates, so VAT is left for the user to enter, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import get_territory_currencies

from chuhai.data.reference.countries import get_country
from chuhai.data.warehouse import Warehouse
from chuhai.entry import REGIMES
from chuhai.entry.inputs import PROXY_HOURS, PROXY_WAGE_SHARE
from chuhai.errors import ChuhaiError
from chuhai.messages import Message
from chuhai.web import messages as W

__all__ = ["HostDefaults", "default_regimes", "host_defaults"]


@dataclass(frozen=True, slots=True)
class HostDefaults:
    """Form values for one host and, per form field, the assumption it rests on."""

    values: dict[str, str | float]
    regimes: tuple[str, ...]
    labels: dict[str, Message]


def default_regimes(iso3: str) -> tuple[str, ...]:
    """The regimes that apply in ``iso3`` (in the order of ``regimes.toml``)."""
    c = get_country(iso3)
    if c is None:
        return ()
    return tuple(k for k, r in REGIMES.items() if r.applies_in(c.iso2, c.income_group))


def _latest(wh: Warehouse, iso3: str, indicator: str) -> tuple[float, int] | None:
    if not wh.exists():
        return None
    try:
        with wh.connect() as con:
            row = con.execute(
                "SELECT value, year FROM indicators WHERE iso3 = ? AND indicator = ? "
                "AND value IS NOT NULL ORDER BY year DESC LIMIT 1", [iso3, indicator]).fetchone()
    except ChuhaiError:
        return None
    return (float(row[0]), int(row[1])) if row else None


def host_defaults(wh: Warehouse, iso3: str, *, price_usd: float) -> HostDefaults:
    """Currency, exchange rate, wage, price and ticked regimes for host ``iso3``."""
    values: dict[str, str | float] = {"vat": ""}
    labels: dict[str, Message] = {"vat": W.ASSUME_NO_VAT(),
                                  "regimes": W.ASSUME_REGIMES()}
    c = get_country(iso3)
    fx = _latest(wh, iso3, "fx_lcu_per_usd")
    currencies = get_territory_currencies(c.iso2) if c is not None else []
    if fx is not None and fx[0] > 0 and currencies:
        rate = fx[0]
        values |= {"currency": currencies[0], "fx_lcu_per_usd": rate}
        labels |= {"currency": W.ASSUME_CURRENCY(country=iso3), "fx_lcu_per_usd": W.ASSUME_FX(year=fx[1])}
    else:
        rate = 1.0
        values |= {"currency": "USD", "fx_lcu_per_usd": 1.0}
        labels["fx_lcu_per_usd"] = W.ASSUME_NO_FX(country=iso3)
    values["price_lcu"] = round(price_usd * rate, 2)
    labels["price_lcu"] = W.ASSUME_PRICE(usd=price_usd)
    gdp = _latest(wh, iso3, "gdp_per_capita_usd")
    if gdp is not None:
        # the proxy of chuhai.entry.inputs.proxy_wage_usd_per_hour, converted before rounding
        values["wage_lcu_per_hour"] = round(PROXY_WAGE_SHARE * gdp[0] / PROXY_HOURS * rate, 2)
        labels["wage_lcu_per_hour"] = W.ASSUME_WAGE(year=gdp[1])
    return HostDefaults(values=values, regimes=default_regimes(iso3), labels=labels)
