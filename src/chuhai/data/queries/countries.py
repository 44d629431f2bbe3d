"""Small per-country look-ups (names, latest indicator values) for forms and pages, and
the values a scan's filters can match."""

from __future__ import annotations

from dataclasses import dataclass

from chuhai.data.queries.identity import cached
from chuhai.data.warehouse import Warehouse

__all__ = ["CountryFacts", "FilterChoices", "country_facts", "filter_choices"]


@dataclass(frozen=True, slots=True)
class CountryFacts:
    """The English name and the latest GDP per head (USD) with its year, when held."""

    name_en: str | None
    gdp_per_capita_usd: float | None
    gdp_per_capita_year: int | None


def country_facts(wh: Warehouse, iso3: str) -> CountryFacts:
    """What the warehouse holds about ``iso3`` (raises :class:`~chuhai.errors.ChuhaiError`
    when it cannot be read)."""
    with wh.connect() as con:
        row = con.execute("SELECT name_en FROM countries WHERE iso3 = ?", [iso3]).fetchone()
        gdp = con.execute(
            "SELECT value, year FROM indicators WHERE iso3 = ? AND indicator = 'gdp_per_capita_usd' "
            "AND value IS NOT NULL ORDER BY year DESC LIMIT 1", [iso3]).fetchone()
    return CountryFacts(name_en=row[0] if row else None,
                        gdp_per_capita_usd=float(gdp[0]) if gdp else None,
                        gdp_per_capita_year=int(gdp[1]) if gdp else None)


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """The values a scan's filters can match: regions and income groups of the countries
    table, agreement ids of the agreements table (each sorted)."""

    regions: tuple[str, ...]
    income_groups: tuple[str, ...]
    agreements: tuple[str, ...]


_CHOICES_SQL = {
    "regions": "SELECT DISTINCT region FROM countries WHERE region IS NOT NULL",
    "income_groups": "SELECT DISTINCT income_group FROM countries WHERE income_group IS NOT NULL",
    "agreements": "SELECT DISTINCT agreement_id FROM agreements",
}


def filter_choices(wh: Warehouse) -> FilterChoices:
    """What the warehouse holds for the scan's filters (cached per warehouse state)."""
    def compute() -> FilterChoices:
        with wh.connect() as con:
            found = {k: tuple(sorted(str(r[0]) for r in con.execute(sql).fetchall()))
                     for k, sql in _CHOICES_SQL.items()}
        return FilterChoices(**found)
    out: FilterChoices = cached(wh, ("filter_choices",), compute)
    return out
