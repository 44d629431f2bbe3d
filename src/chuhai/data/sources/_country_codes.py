"""Country codes and names of the country-level sources, resolved to ISO 3166-1 alpha-3.

Declared once as data: the non-ISO codes the World Bank and CEPII use, the World Bank
aggregates (regions, income groups, lending groups) that importers skip and report,
and historical entities without a current ISO3. Names are matched with the regular
expressions shipped by ``country_converter`` (its ``country_data.tsv``; read directly
because its pandas-based loader breaks with pandas 3) after an exact ISO-name lookup in
``pycountry``.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

import pycountry

__all__ = [
    "EU27",
    "HISTORIC",
    "LEGACY_CODES",
    "WB_AGGREGATES",
    "WB_AGGREGATE_NAMES",
    "aggregate_code",
    "iso3_from_code",
    "iso3_from_name",
    "iso3_from_numeric",
]

#: Non-ISO codes with a current ISO3 (CEPII GeoDist, WGI, older World Bank files).
LEGACY_CODES: dict[str, str] = {
    "ROM": "ROU",  # Romania (CEPII, WGI)
    "ZAR": "COD",  # Zaire = DR Congo (CEPII, WGI)
    "TMP": "TLS",  # East Timor (CEPII, WGI)
    "PAL": "PSE",  # Palestine (CEPII)
    "WBG": "PSE",  # West Bank and Gaza (World Bank, WGI)
    "ADO": "AND",  # Andorra (WGI)
    "KSV": "XKX",  # Kosovo (WGI) -> the World Bank's XKX
}

#: Codes of economies without a current ISO3; rows for them are skipped and reported.
HISTORIC: dict[str, str] = {
    "YUG": "Yugoslavia (CEPII: Serbia and Montenegro before 2006)",
    "SCG": "Serbia and Montenegro",
    "ANT": "Netherlands Antilles (dissolved 2010)",
    "CSK": "Czechoslovakia",
    "DDR": "German Democratic Republic",
    "SUN": "USSR",
    "VDR": "Viet Nam, Democratic Republic",
    "YMD": "Yemen, Democratic",
    "YAR": "Yemen Arab Republic",
    "CHI": "Channel Islands (World Bank economy, no ISO code)",
}

#: European Union members since 1 February 2020 (United Kingdom withdrawn).
EU27: tuple[str, ...] = (
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
)

#: ISO3-like codes that are accepted although pycountry lacks them.
EXTRA_ISO3: dict[str, str] = {"XKX": "Kosovo"}

#: World Bank aggregate codes and their display names (WDI, 2023-2025 vintages).
WB_AGGREGATES: dict[str, str] = {
    "AFE": "Africa Eastern and Southern",
    "AFW": "Africa Western and Central",
    "ARB": "Arab World",
    "CEB": "Central Europe and the Baltics",
    "CSS": "Caribbean small states",
    "EAP": "East Asia & Pacific (excluding high income)",
    "EAR": "Early-demographic dividend",
    "EAS": "East Asia & Pacific",
    "ECA": "Europe & Central Asia (excluding high income)",
    "ECS": "Europe & Central Asia",
    "EMU": "Euro area",
    "EUU": "European Union",
    "FCS": "Fragile and conflict affected situations",
    "HIC": "High income",
    "HPC": "Heavily indebted poor countries (HIPC)",
    "IBD": "IBRD only",
    "IBT": "IDA & IBRD total",
    "IDA": "IDA total",
    "IDB": "IDA blend",
    "IDX": "IDA only",
    "INX": "Not classified",
    "LAC": "Latin America & Caribbean (excluding high income)",
    "LCN": "Latin America & Caribbean",
    "LDC": "Least developed countries: UN classification",
    "LIC": "Low income",
    "LMC": "Lower middle income",
    "LMY": "Low & middle income",
    "LTE": "Late-demographic dividend",
    "MEA": "Middle East, North Africa, Afghanistan & Pakistan",
    "MIC": "Middle income",
    "MNA": "Middle East, North Africa, Afghanistan & Pakistan (excluding high income)",
    "NAC": "North America",
    "OED": "OECD members",
    "OSS": "Other small states",
    "PRE": "Pre-demographic dividend",
    "PSS": "Pacific island small states",
    "PST": "Post-demographic dividend",
    "SAS": "South Asia",
    "SSA": "Sub-Saharan Africa (excluding high income)",
    "SSF": "Sub-Saharan Africa",
    "SST": "Small states",
    "TEA": "East Asia & Pacific (IDA & IBRD countries)",
    "TEC": "Europe & Central Asia (IDA & IBRD countries)",
    "TLA": "Latin America & the Caribbean (IDA & IBRD countries)",
    "TMN": "Middle East, North Africa, Afghanistan & Pakistan (IDA & IBRD)",
    "TSA": "South Asia (IDA & IBRD)",
    "TSS": "Sub-Saharan Africa (IDA & IBRD countries)",
    "UMC": "Upper middle income",
    "WLD": "World",
    # two-letter income aggregates of older WDI extracts
    "XD": "High income",
    "XM": "Low income",
    "XN": "Lower middle income",
    "XT": "Upper middle income",
    "XY": "Not classified",
}

#: Older display names of the same aggregates (WDI before 2024).
_OLD_AGGREGATE_NAMES: dict[str, str] = {
    "Middle East & North Africa": "MEA",
    "Middle East & North Africa (excluding high income)": "MNA",
    "Middle East & North Africa (IDA & IBRD countries)": "TMN",
    "Latin America & Caribbean (IDA & IBRD countries)": "TLA",
}

WB_AGGREGATE_NAMES: dict[str, str] = {
    **{name.casefold(): code for code, name in WB_AGGREGATES.items() if len(code) == 3},
    **{name.casefold(): code for name, code in _OLD_AGGREGATE_NAMES.items()},
}


#: Display names of the economies in :data:`HISTORIC` as the World Bank and others spell them.
_HISTORIC_NAMES: dict[str, str] = {
    "channel islands": "CHI",
    "netherlands antilles": "ANT",
    "serbia and montenegro": "SCG",
    "yugoslavia": "YUG",
    "czechoslovakia": "CSK",
    "german democratic republic": "DDR",
    "ussr": "SUN",
    "soviet union": "SUN",
}


def aggregate_code(name: str) -> str | None:
    """The World Bank aggregate or historic-economy code of a display name, or None."""
    key = name.strip().casefold()
    return WB_AGGREGATE_NAMES.get(key) or _HISTORIC_NAMES.get(key)


@lru_cache(maxsize=4096)
def iso3_from_code(code: str) -> str | None:
    """ISO3 for an ISO3, legacy or World Bank code; None if not a current country."""
    code = code.strip().upper()
    code = LEGACY_CODES.get(code, code)
    if code in EXTRA_ISO3:
        return code
    if len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
        return code
    return None


@lru_cache(maxsize=4096)
def iso3_from_numeric(num: str) -> str | None:
    """ISO3 for an ISO 3166 numeric code ('4', '004', '840.0'); None if unknown."""
    text = num.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not (text.isascii() and text.isdigit() and len(text) <= 6):
        return None
    country = pycountry.countries.get(numeric=text.zfill(3))
    if country is not None:
        return str(country.alpha_3)
    return _NUMERIC_EXTRA.get(int(text))


#: Numeric codes outside ISO 3166-1 that trade datasets use for current countries.
_NUMERIC_EXTRA: dict[int, str] = {
    251: "FRA",  # France incl. Monaco (UN/Comtrade)
    579: "NOR",  # Norway excl. Svalbard
    699: "IND",  # India (old UN code)
    757: "CHE",  # Switzerland incl. Liechtenstein
    842: "USA",  # USA incl. Puerto Rico (UN)
    490: "TWN",  # "Other Asia, nes" = Taiwan in UN trade statistics
    711: "ZAF",  # Southern African Customs Union (pre-2000) -> South Africa
    900: "XKX",  # Kosovo (DESTA)
}


@lru_cache(maxsize=1)
def _name_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    data = files("country_converter") / "country_data.tsv"
    with data.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return tuple((re.compile(r["regex"], re.IGNORECASE), r["ISO3"]) for r in rows if r["regex"])


@lru_cache(maxsize=4096)
def iso3_from_name(name: str) -> str | None:
    """ISO3 of an English country name in any common spelling, or None.

    Exact ISO names first (pycountry), then ``country_converter``'s regular
    expressions; a name that matches more than one country resolves to None.
    """
    text = name.strip()
    if not text or aggregate_code(text) is not None:
        return None
    for attr in ("name", "common_name", "official_name"):
        hit: Any = pycountry.countries.get(**{attr: text})  # type: ignore[arg-type]
        if hit is not None:
            return str(hit.alpha_3)
    if text.casefold() == "kosovo":
        return "XKX"
    matches = {iso for rx, iso in _name_patterns() if rx.search(text)}
    if len(matches) == 1:
        code = matches.pop()
        return iso3_from_code(code)
    return None
