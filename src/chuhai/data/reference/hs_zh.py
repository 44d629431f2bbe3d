"""HS descriptions in Chinese (``hs_zh.toml``): chapters, headings and subheadings.

Wording after the Customs Tariff of the People's Republic of China (《中华人民共和国进出口
税则》); no official machine-readable table is reachable from here, so each entry carries a
confidence (H: the tariff's own wording as commonly reproduced; M: close to it, possibly
abridged; L: a descriptive translation). See docs/reference-and-demo.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

__all__ = ["HsZh", "hs_zh", "hs_zh_entries", "zh_description"]

Confidence = Literal["H", "M", "L"]


@dataclass(frozen=True, slots=True)
class HsZh:
    """One Chinese description: the code it describes (2, 4 or 6 digits), text, confidence."""

    code: str
    zh: str
    confidence: Confidence


@cache
def hs_zh_entries() -> MappingProxyType[str, HsZh]:
    """Code (``"84"``, ``"8481"``, ``"848180"``) -> :class:`HsZh`, read-only."""
    text = resources.files("chuhai.data.reference").joinpath("hs_zh.toml").read_text("utf-8")
    data = tomllib.loads(text)
    out: dict[str, HsZh] = {}
    for level in ("chapters", "headings", "subheadings"):
        for code, entry in data[level].items():
            out[code] = HsZh(code, entry["zh"], entry["confidence"])
    return MappingProxyType(out)


def hs_zh(code: str) -> HsZh | None:
    """The entry for exactly ``code``, or None."""
    return hs_zh_entries().get(code)


def zh_description(code: str) -> str | None:
    """Chinese description of an HS code: its own entry, else (for a subheading without one)
    its heading's prefixed by the code's level ("8481 项下：…"), else its chapter's; None when
    the code's chapter is unknown."""
    own = hs_zh(code)
    if own is not None:
        return own.zh
    for prefix in (code[:4], code[:2]):
        if len(prefix) < len(code):
            parent = hs_zh(prefix)
            if parent is not None:
                return f"{parent.zh}（{prefix} 项下）" if len(prefix) == 4 else f"{parent.zh}（第 {prefix} 章）"
    return None
