"""Resolve what a user types (ISO2, ISO3, ISO numeric, English or Chinese name) to ISO3.

Exact codes and names come from pycountry and its zh_CN catalogue; English variants
("Kyrgyz Republic", "Türkiye", "Ivory Coast", "Congo, Dem. Rep.") from country_converter's
maintained regular expressions. Nothing is guessed: an unknown name raises NotFoundError
with the closest names as suggestions.
"""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from functools import cache
from typing import Any

import pycountry

from chuhai.data.codes import ascii_digits
from chuhai.data.messages import COUNTRY_EMPTY, COUNTRY_UNKNOWN, COUNTRY_UNKNOWN_HINT
from chuhai.data.reference.countries import get_country, zh_names
from chuhai.errors import NotFoundError

__all__ = ["resolve_country", "resolve_countries"]

_HAN = re.compile(r"[\u4e00-\u9fff]")
_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    text = text.replace("（", "(").replace("）", ")")
    return _SPACES.sub(" ", text)


@cache
def _name_index() -> dict[str, str]:
    """Normalised name -> ISO3 for every English and Chinese name we ship."""
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                index.setdefault(_norm(value), c.alpha_3)
    for iso3, names in zh_names().items():
        for name in names:
            index.setdefault(_norm(name), iso3)
    return index


@cache
def _coco() -> Any:
    """country_converter's converter, loaded so that Namibia's ISO2 "NA" stays a string
    (its own loader turns it into a missing value under pandas 3)."""
    import country_converter as coco  # lazy: start-up (it pulls in pandas, ~0.9 s)
    import pandas as pd  # lazy: start-up (only with country_converter)

    logging.getLogger("country_converter").setLevel(logging.CRITICAL)
    df = pd.read_csv(coco.country_converter.COUNTRY_DATA_FILE, sep="\t", encoding="utf-8",
                     dtype=str, keep_default_na=False)
    df = df.replace("", pd.NA)
    df["ISO2"] = df["ISO2"].fillna("(?!)")  # a regex that never matches
    return coco.CountryConverter(country_data=df)


def _by_code(text: str) -> str | None:
    if ascii_digits(text):
        c = pycountry.countries.get(numeric=f"{int(text):03d}")
        return c.alpha_3 if c else None
    if text.isascii() and text.isalpha() and len(text) in (2, 3):
        up = text.upper()
        c = pycountry.countries.get(alpha_2=up) if len(up) == 2 else pycountry.countries.get(alpha_3=up)
        return c.alpha_3 if c else None
    return None


def _by_coco(text: str) -> str | None:
    if _HAN.search(text):
        return None
    try:
        out = _coco().convert(text, src="regex", to="ISO3", not_found=None)
    except Exception:  # noqa: BLE001 - a third-party matcher failing means "no match"
        return None
    if isinstance(out, str) and get_country(out) is not None:
        return out
    return None


def _suggest(text: str) -> list[str]:
    index = _name_index()
    close = difflib.get_close_matches(_norm(text), list(index), n=5, cutoff=0.6)
    out = []
    for name in close:
        c = get_country(index[name])
        if c is not None:
            label = f"{c.name_en} / {c.name_zh} ({c.iso3})" if c.name_zh else f"{c.name_en} ({c.iso3})"
            if label not in out:
                out.append(label)
    return out


def resolve_country(text: str | int) -> str:
    """ISO3 code of a country given as ISO2 ("KG"), ISO3 ("KGZ"), ISO numeric (417, "417"),
    an English name ("Kyrgyzstan", "Kyrgyz Republic") or a Chinese name ("吉尔吉斯斯坦").

    Raises NotFoundError, with suggestions, when nothing matches.
    """
    raw = str(text).strip()
    if not raw:
        raise NotFoundError(COUNTRY_EMPTY())
    found = _by_code(raw) or _name_index().get(_norm(raw)) or _by_coco(raw)
    if found is None:
        hints = _suggest(raw)
        msg = COUNTRY_UNKNOWN_HINT(query=raw, hints=tuple(hints)) if hints else COUNTRY_UNKNOWN(query=raw)
        raise NotFoundError(msg, query=raw, suggestions=hints)
    return found


def resolve_countries(texts: list[str]) -> list[str]:
    """:func:`resolve_country` over a list, keeping order."""
    return [resolve_country(t) for t in texts]
