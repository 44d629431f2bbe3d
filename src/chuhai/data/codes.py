"""Code lists and code patterns, declared once: HS revisions, ISO3 country codes, HS products.

Everyone who checks or lists one of these imports it from here (importers, downloads, the
markets engine, the web's query validation, the CLI help). Input patterns (``*_INPUT``)
are anchored, for FastAPI/Pydantic ``pattern=``; the bare patterns are for
``re.fullmatch`` on canonical (upper-case) values.
"""

from __future__ import annotations

__all__ = [
    "ADJACENT_RANK_BY",
    "AREAS",
    "ascii_digits",
    "HS6",
    "HS6_INPUT",
    "HS_REVISIONS",
    "HS_REVISION_INPUT",
    "HS_REVISION_YEARS",
    "HS_NOMENCLATURE_CODES",
    "ISO3",
    "ISO3_INPUT",
    "PRODUCT",
    "PRODUCT_INPUT",
]

#: What the adjacent-products ranking can sort by: the weighted score or one indicator alone.
ADJACENT_RANK_BY: tuple[str, ...] = ("score", "density", "cog", "pci")

#: HS revision -> the year it entered into force; oldest first.
HS_REVISION_YEARS: dict[str, int] = {"HS92": 1988, "HS96": 1996, "HS02": 2002, "HS07": 2007,
                                     "HS12": 2012, "HS17": 2017, "HS22": 2022}
#: HS revisions, oldest first.
HS_REVISIONS: tuple[str, ...] = tuple(HS_REVISION_YEARS)
#: The H0..H6 codes UN Comtrade and WITS use for the HS revisions.
HS_NOMENCLATURE_CODES: dict[str, str] = {f"H{i}": rev for i, rev in enumerate(HS_REVISIONS)}
#: An HS revision as given by a user, or empty (none given).
HS_REVISION_INPUT = "^(" + "|".join(HS_REVISIONS) + ")?$"

#: A country code as stored: a letter then two letters or digits (ISO 3166-1 alpha-3, plus
#: BACI's groupings such as ``S19``), upper case.
ISO3 = r"[A-Z][A-Z0-9]{2}"
#: The same as typed by a user, in any case (upper-cased after validation).
ISO3_INPUT = "^" + ISO3.replace("A-Z", "A-Za-z") + "$"

#: A product: an HS6 subheading, or an HS4 heading / HS2 chapter (a group of subheadings).
PRODUCT = r"\d{2}|\d{4}|\d{6}"
PRODUCT_INPUT = f"^(?:{PRODUCT})$"
#: Exactly one HS6 subheading.
HS6 = r"\d{6}"
HS6_INPUT = f"^{HS6}$"

#: Trade-partner codes that are areas, not countries (UN Comtrade's partner areas, as BACI
#: and Comtrade write them): "nes" (not elsewhere specified) remainders, bunkers, free
#: zones, special categories. Their flows count in world totals and among a market's
#: suppliers, but an area is never ranked as a market. Source: the Comtrade reference
#: ``partnerAreas`` (codes without an ISO 3166 alpha-3) and BACI's country codes (S19, R20).
AREAS: dict[str, str] = {
    "S19": "Other Asia, nes", "R20": "Europe EFTA, nes", "E19": "Other Europe, nes",
    "E29": "Eastern Europe, nes", "F19": "Other Africa, nes", "F49": "Northern Africa, nes",
    "F97": "Western Asia, nes", "O19": "Oceania, nes", "A49": "Caribbean, nes",
    "A59": "North America and Central America, nes", "A79": "Rest of America, nes",
    "R91": "CACM, nes", "_AC": "Africa CAMEU region, nes", "_X": "Areas, nes",
    "X1": "Bunkers", "X2": "Free Zones", "XX": "Special Categories", "NTZ": "Neutral Zone",
}


def ascii_digits(text: str) -> bool:
    """``text`` is one or more ASCII digits 0-9 (``str.isdigit`` also accepts "²" or "٣",
    which ``int()`` then refuses or reads as another number)."""
    return text.isascii() and text.isdigit()
