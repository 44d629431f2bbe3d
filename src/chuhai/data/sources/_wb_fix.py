"""Cell-level repairs of the World Bank Major Contract Awards files (see
``../shared/data/wb-major-contract-awards/SOURCE.md``): the "Others" written for a letter
x in FY2017-2021 rows, the World Bank's own 2-letter country codes, dates and categories.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from chuhai.data.reference.resolve import resolve_country
from chuhai.errors import NotFoundError

__all__ = [
    "CATEGORIES",
    "FIRST_OTHERS_YEAR",
    "WB_CODES",
    "is_multi_country",
    "parse_date",
    "restore_x",
    "wb_country",
]

#: The upstream defect ("HEOthersING" = HEXING) starts with the FY2017 file.
FIRST_OTHERS_YEAR = 2017

#: World Bank 2-letter codes that are not ISO 3166-1 alpha-2 (None: no current country).
WB_CODES: dict[str, str | None] = {
    "ZR": "COD",  # Zaire = Congo, Democratic Republic
    "YF": "SRB",  # Yugoslavia, Federal Republic = Serbia
    "RY": "YEM",  # Yemen, Republic of
    "GZ": "PSE",  # West Bank and Gaza
    "TP": "TLS",  # East Timor = Timor-Leste
    "XK": "XKX",  # Kosovo (the World Bank's XKX)
    "KV": "XKX",  # Kosovo, older World Bank code
    "AN": None,   # Netherlands Antilles, dissolved 2010
}

#: "Procurement Category" -> contract_awards.category
CATEGORIES: dict[str, str] = {
    "GOODS": "goods",
    "CIVIL WORKS": "works",
    "CONSULTANT SERVICES": "consulting",
    "NON-CONSULTING SERVICES": "services",
}

# "Others" inside a word or number (HEOthersING, MeOthersico, 4Others4) or before a hyphen
# (Others-RAY); the word standing alone ("Others" as a Major Sector) is left as it is.
_OTHERS = re.compile(r"(?<=[^\W_])Others|Others(?=[^\W_]|-)")
_MULTI = re.compile(r"^[0-9][A-Z]$")  # 1W World, 3A Africa, 3E Eastern Africa, 7X Caucasus ...
_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})(?: \d{1,2}:\d{2}:\d{2}(?: [AP]M)?)?$")


def _x_for(text: str, start: int, end: int) -> str:
    after = text[end:end + 1]
    before = text[start - 1:start] if start else ""
    for ch in (after, before):
        if ch.isalpha():
            return "X" if ch.isupper() else "x"
    return "x" if before.isdigit() and after.isdigit() else "X"


def restore_x(text: str) -> str:
    """Undo the "Others" for x: ``HEOthersING`` -> ``HEXING``, ``MeOthersico`` -> ``Mexico``,
    ``4Others4`` -> ``4x4``, ``Others-RAY`` -> ``X-RAY``; a free-standing word stays."""
    if "Others" not in text:
        return text
    return _OTHERS.sub(lambda m: _x_for(text, m.start(), m.end()), text)


def is_multi_country(code: str) -> bool:
    """A World Bank multi-country code (a digit and a letter: 3E Eastern Africa)."""
    return bool(_MULTI.match(code))


@cache
def wb_country(code: str) -> tuple[bool, str | None]:
    """``(known, iso3)`` for a World Bank 2-letter code: ISO 3166-1 alpha-2 through the
    project's resolver, or one of :data:`WB_CODES`; ``(True, None)`` for a multi-country or
    dissolved code, ``(False, None)`` for a code nobody knows."""
    code = code.strip().upper()
    if code in WB_CODES:
        return True, WB_CODES[code]
    if is_multi_country(code):
        return True, None
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return False, None
    try:
        return True, resolve_country(code)
    except NotFoundError:
        return False, None


def parse_date(text: str) -> date | None | str:
    """A date from ``MM/DD/YYYY hh:mm:ss AM``; None for ``NA``/blank; the text itself (for
    the error message) when it is not a date."""
    t = text.strip()
    if t in ("", "NA"):
        return None
    m = _DATE.match(t)
    if m is None:
        return t
    try:
        return date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    except ValueError:
        return t
