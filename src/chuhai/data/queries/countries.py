"""Small per-country look-ups (names, latest indicator values) for forms and pages."""

from __future__ import annotations

from dataclasses import dataclass

from chuhai.data.warehouse import Warehouse

__all__ = ["CountryFacts", "country_facts"]


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
