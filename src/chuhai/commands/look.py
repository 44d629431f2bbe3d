"""What the user typed for a product or a country, checked before an engine runs.

``--product`` takes HS codes; words ("water meter", 水表) are pointed to ``chuhai products
search`` with its best matches. ``--exporter`` takes what ``chuhai countries`` resolves
(CHN, CN, 156, China, 中国); anything else is refused with suggestions.
"""

from __future__ import annotations

import re

from chuhai.commands.lang import current, t
from chuhai.data.codes import PRODUCT
from chuhai.errors import NotFoundError

__all__ = ["country_code", "product_code"]

_CODES = re.compile(rf"\s*(?:{PRODUCT})(?:\s*,\s*(?:{PRODUCT}))*\s*")


def product_code(text: str, *, option: str = "--product") -> str:
    """``text`` if it is one or several HS codes, else a :class:`NotFoundError` that names
    ``chuhai products search`` and its best matches."""
    if _CODES.fullmatch(text):
        return text.strip()
    from chuhai.data.reference.search import search_products  # lazy: start-up speed

    zh = current() == "zh"
    matches = [f"{m.hs6} ({((m.description_zh or m.description) if zh else m.description)[:50]})"
               for m in search_products(text, limit=3)]
    hint = (t("; best matches: {matches}").format(matches="; ".join(matches)) if matches else "")
    raise NotFoundError(
        t("{option} takes HS codes (e.g. 902820, 9028); for words such as {text!r} find the code "
          "with: chuhai products search {quoted}{hint}").format(
            option=option, text=text, quoted=_quote(text), hint=hint),
        query=text, suggestions=[m.split(" ")[0] for m in matches])


def country_code(text: str) -> str:
    """ISO3 of a country given as ``chuhai countries`` takes it (code, English or Chinese name)."""
    from chuhai.data.reference.resolve import resolve_country  # lazy: start-up speed

    return resolve_country(text)


def _quote(text: str) -> str:
    return f'"{text}"' if re.search(r"\s", text) else text
