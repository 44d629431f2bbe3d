"""BACI dictionaries: country codes (numeric -> ISO3) and product codes (HS6 -> description).

Country codes
-------------
BACI identifies countries by a numeric code, mostly ISO 3166-1 numeric, with CEPII
specials. :func:`builtin_country_codes` resolves every code pycountry knows, plus
:data:`BACI_SPECIAL`, so a bare yearly CSV imports without its dictionary. When a
release zip carries ``country_codes_V*.csv`` that dictionary wins (both header layouts:
old ``country_code,country_name_abbreviation,country_name_full,iso_2digit_alpha,
iso_3digit_alpha`` and new ``country_code,country_name,country_iso2,country_iso3``);
entries whose ISO3 is missing or ``N/A`` (old layouts) fall back to the table below.

Decisions (documented in docs/sources.md): territories that BACI merges keep the main
country's ISO3 (842 USA incl. Puerto Rico and US Virgin Islands, 251 France incl.
Monaco, 579 Norway incl. Svalbard, 757 Switzerland incl. Liechtenstein, 699 India);
"Other Asia, nes" (490, in practice Taiwan) is ``S19`` as in BACI V202501 and UN
Comtrade; "Europe EFTA, nes" 697 is ``R20``; "US Misc. Pacific Isds" 849 is ``PUS``;
the pre-2000 Southern African Customs Union 711 is ``ZA1``. These non-ISO codes are
kept so that totals match the source file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pycountry

from chuhai.data.bounds import hs6_in_nomenclature
from chuhai.data.codes import ISO3
from chuhai.data.sources._csv import header_index, iter_rows, read_head, sniff_encoding
from chuhai.errors import InputError

__all__ = [
    "BACI_SPECIAL",
    "builtin_country_codes",
    "is_country_header",
    "is_product_header",
    "read_country_codes",
    "read_product_codes",
]

#: CEPII codes that are not plain ISO 3166-1 numeric codes (or that pycountry lacks).
BACI_SPECIAL: Mapping[int, str] = {
    28: "ATG",  # Antigua and Barbuda (V202001 dictionary wrongly says ATA)
    58: "BEL",  # Belgium-Luxembourg (...1998)
    200: "CSK",  # Czechoslovakia (...1992)
    251: "FRA",  # France incl. Monaco
    278: "DDR",  # German Democratic Republic (...1990)
    280: "DEU",  # Federal Republic of Germany (...1990)
    381: "ITA",  # Italy incl. San Marino (old dictionaries)
    490: "S19",  # Other Asia, nes (Taiwan)
    530: "ANT",  # Netherlands Antilles (...2010)
    579: "NOR",  # Norway incl. Svalbard and Jan Mayen
    697: "R20",  # Europe EFTA, nes
    699: "IND",  # India
    711: "ZA1",  # Southern African Customs Union (...1999)
    736: "SDN",  # Sudan (...2011)
    757: "CHE",  # Switzerland incl. Liechtenstein
    810: "SUN",  # USSR (...1990)
    842: "USA",  # USA incl. Puerto Rico and US Virgin Islands
    849: "PUS",  # US Miscellaneous Pacific Islands
    891: "SCG",  # Serbia and Montenegro (...2005)
}
_FIXES = {(28, "ATA"): "ATG"}
_ISO3 = re.compile(f"^{ISO3}$")
_COUNTRY_ALIASES = {"country_iso3": ("iso_3digit_alpha",)}


@cache
def builtin_country_codes() -> dict[int, str]:
    """Numeric code -> ISO3 for every ISO 3166-1 country, plus :data:`BACI_SPECIAL`."""
    out = {int(c.numeric): c.alpha_3 for c in pycountry.countries}
    out.update(BACI_SPECIAL)
    return out


def _norm(header: str) -> str:
    return header.strip().lstrip("\ufeff").strip('"').strip().lower()


def is_country_header(first_line: str) -> bool:
    cols = [_norm(c) for c in first_line.split(",")]
    return bool(cols) and cols[0] == "country_code" and (
        "country_iso3" in cols or "iso_3digit_alpha" in cols)


def is_product_header(first_line: str) -> bool:
    cols = [_norm(c) for c in first_line.split(",")]
    return cols[:2] == ["code", "description"]


def read_country_codes(path: Path) -> dict[int, str]:
    """A BACI country dictionary (old or new layout) as numeric code -> ISO3."""
    enc = sniff_encoding(read_head(path), path=path, candidates=("utf-8", "cp1252"))
    rows = iter_rows(path, encoding=enc)
    first = next(rows, None)
    if first is None:
        raise InputError("the file is empty", file=path, line=1)
    idx = header_index(first[1], ("country_code", "country_iso3"), file=path,
                       aliases=_COUNTRY_ALIASES)
    builtin = builtin_country_codes()
    out: dict[int, str] = {}
    for line, row in rows:
        raw = row[idx["country_code"]].strip() if len(row) > idx["country_code"] else ""
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 6):
            raise InputError(f"not a numeric country code: {raw!r}", file=path, line=line,
                             field="country_code")
        code = int(raw)
        if code in out:
            raise InputError(f"duplicate country code {code}", file=path, line=line,
                             field="country_code")
        iso = row[idx["country_iso3"]].strip().upper() if len(row) > idx["country_iso3"] else ""
        iso = _FIXES.get((code, iso), iso)
        if not _ISO3.match(iso):
            if code not in builtin:
                raise InputError(f"no ISO3 code for country {code} ({iso!r})", file=path,
                                 line=line, field="country_iso3")
            iso = builtin[code]
        out[code] = iso
    return out


def read_product_codes(path: Path) -> list[tuple[str, str]]:
    """A BACI product dictionary ``code,description`` as (zero-padded hs6, description)."""
    enc = sniff_encoding(read_head(path), path=path, candidates=("utf-8", "cp1252"))
    rows = iter_rows(path, encoding=enc)
    first = next(rows, None)
    if first is None:
        raise InputError("the file is empty", file=path, line=1)
    idx = header_index(first[1], ("code", "description"), file=path)
    seen: dict[str, int] = {}
    out = []
    for line, row in rows:
        if len(row) <= max(idx.values()):
            raise InputError(f"expected at least {max(idx.values()) + 1} fields, found {len(row)}",
                             file=path, line=line)
        code = row[idx["code"]].strip()
        if not (code.isdigit() and code.isascii() and len(code) <= 6):
            raise InputError(f"not an HS6 code: {code!r}", file=path, line=line, field="code")
        code = code.zfill(6)
        if not hs6_in_nomenclature(code):
            raise InputError(f"{code} is not in the HS nomenclature (no chapter {code[:2]} "
                             f"heading {code[:4]})", file=path, line=line, field="code")
        if code in seen:
            raise InputError(f"duplicate code {code} (first on line {seen[code]})", file=path,
                             line=line, field="code")
        seen[code] = line
        out.append((code, row[idx["description"]].strip()))
    return out
