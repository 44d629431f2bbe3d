"""Latin-letter words in a Chinese text: what a zh-CN page, report or CLI output still
shows untranslated.

:func:`latin_words` strips markup, code, URLs, numbers and cited originals (an element
whose ``lang`` is not Chinese, e.g. ``<cite lang="pt">Decreto n.º 5/2016</cite>``, and in
plain text a ``（原文：…）`` span: an instrument's own title in its own language), then returns every word in Latin
letters that the allow-list (``latin_allow.toml`` beside this module: ISO codes, HS codes,
units, agreements, sources, each group with its reason) does not name, and that is not part
of the user's own input (``allow=``). The checks over pages, reports, CLI output and the
message catalogs use it; an empty list means the text reads as Chinese.

Formulas: a symbol such as ``ln d_ij`` or ``ΔGDP_j`` may stay on a Chinese page only as a
math expression marked as such, ``<code class="formula">…</code>`` (the ``formula`` macro of
``web/templates/_labels.html``), with its Chinese name just before it (within
:data:`FORMULA_NAME_REACH` characters of visible text). A formula without a Chinese name
beside it is read as prose, so its Latin words are reported.
"""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["ALLOW_FILE", "FORMULA_NAME_REACH", "ORIGINAL", "AllowList", "allow_list", "latin_words",
           "visible_text"]

ALLOW_FILE = Path(__file__).with_name("latin_allow.toml")

#: Elements whose content is code or machinery, not prose.
_HIDDEN = re.compile(r"<(script|style|code|pre|kbd|samp|template)\b[^>]*>.*?</\1\s*>",
                     re.S | re.I)
#: An element in another language than Chinese (a cited title): its words are not prose to check
#: (not the page's own <html>/<body>: an English page is checked as it is).
_OTHER_LANGUAGE = re.compile(
    r"""<(?!html\b|body\b)([A-Za-z][\w-]*)\b[^>]*?\slang\s*=\s*["']?(?![Zz][Hh]\b)[A-Za-z]{2,3}(?:-[\w-]+)?["']?[^>]*>"""
    r".*?</\1\s*>", re.S)
#: In plain text (CLI, messages) the original of a cited title, after its Chinese name.
ORIGINAL = re.compile(r"（原文：[^（）]*）")
#: A math expression marked as a formula (see the module docstring).
_FORMULA = re.compile(r"""<(code|var|math)\b[^>]*\bclass\s*=\s*["'][^"']*\bformula\b[^"']*["'][^>]*>"""
                      r"(.*?)</\1\s*>", re.S | re.I)
#: How far before a formula (characters of visible text) its Chinese name may stand.
FORMULA_NAME_REACH = 40
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_COMMENT = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>", re.S)
#: Attributes a reader sees (tooltips, alt texts, placeholders, labels for screen readers).
_VISIBLE_ATTR = re.compile(r"""\b(?:title|alt|placeholder|aria-label)\s*=\s*("[^"]*"|'[^']*')""",
                           re.I)
_TAG = re.compile(r"<[A-Za-z/][^>]*>", re.S)
_BACKTICKS = re.compile(r"`[^`\n]*`")
_URL = re.compile(r"\b(?:https?|ftp|file|mailto)://\S+|\bwww\.\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
                  re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?")
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # Latin letters, not × or ÷
_WORD = re.compile(rf"[{_LETTER}]+(?:['’\-][{_LETTER}]+)*")
_JOINERS = re.compile(r"['’\-]")


@dataclass(frozen=True, slots=True)
class AllowList:
    """Allowed words: exact (case-sensitive) and case-folded."""

    exact: frozenset[str]
    folded: frozenset[str]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (word in self.exact or word.casefold() in self.folded)


@cache
def allow_list() -> AllowList:
    """The allow-list of :data:`ALLOW_FILE` (with pycountry's codes where a group asks)."""
    with open(ALLOW_FILE, "rb") as fh:
        groups = tomllib.load(fh)
    exact: set[str] = set()
    folded: set[str] = set()
    for name, group in groups.items():
        words = group.get("words", [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError(f"{ALLOW_FILE}: [{name}] words must be a list of strings")
        if group.get("pycountry"):
            import pycountry  # lazy: start-up speed (only the checks need the code lists)

            words = [*words, *(c.alpha_2 for c in pycountry.countries),
                     *(c.alpha_3 for c in pycountry.countries),
                     *(c.alpha_3 for c in pycountry.currencies)]
        if group.get("ignore_case"):
            folded.update(w.casefold() for w in words)
        else:
            exact.update(words)
    return AllowList(frozenset(exact), frozenset(folded))


def _formulas(text: str) -> str:
    """Named formulas removed; a formula with no Chinese name before it kept as prose."""
    def named(m: re.Match[str]) -> str:
        before = _TAG.sub(" ", text[max(0, m.start() - 20 * FORMULA_NAME_REACH):m.start()])
        return " " if _CJK.search(before[-FORMULA_NAME_REACH:]) else f" {m.group(2)} "
    return _FORMULA.sub(named, text)


def visible_text(text: str) -> str:
    """``text`` without markup, code, URLs and numbers: the prose a reader sees."""
    text = _COMMENT.sub(" ", text)
    text = _formulas(text)
    text = _HIDDEN.sub(" ", text)
    text = _OTHER_LANGUAGE.sub(" ", text)
    text = _TAG.sub(lambda m: " " + " ".join(v[1:-1] for v in _VISIBLE_ATTR.findall(m.group()))
                    + " ", text)
    text = html.unescape(text)
    text = _BACKTICKS.sub(" ", text)
    text = ORIGINAL.sub(" ", text)
    text = _URL.sub(" ", text)
    return _NUMBER.sub(" ", text)


def latin_words(text: str, allow: Iterable[str] = ()) -> list[str]:
    """The Latin-letter words of ``text`` that are not allowed, in order, each once.

    ``allow`` is the user's own input shown back (a company name, a file name): its words
    are allowed too.
    """
    allowed = allow_list()
    own = {w for a in allow for w in _WORD.findall(visible_text(a))}
    out: dict[str, None] = {}
    for word in _WORD.findall(visible_text(text)):
        if word in allowed or word in own:
            continue
        if not all(part in allowed or part in own for part in _JOINERS.split(word)):
            out.setdefault(word, None)
    return list(out)
