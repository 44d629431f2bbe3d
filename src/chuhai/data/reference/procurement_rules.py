"""Contract -> product: the rules of ``procurement_rules.toml`` and the matcher.

:func:`match_contract` answers which product classes (water meters, electricity meters,
other meters, valves, pumps, pipes, transformers, cables) a contract buys, from its
description (keyword rules in English, French, Portuguese and Spanish, matched on folded
text) and its item classification codes (CPV, UNSPSC prefixes). Each :class:`ProductMatch`
carries the HS prefix, the rule id that made it and the rule's confidence. See the TOML
header for the labelling policy and the sources.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from chuhai.errors import InputError
from chuhai.fileio import read_text

__all__ = ["RULES_FILE", "ProductMatch", "Rules", "fold", "load_rules", "match_contract"]

RULES_FILE = "procurement_rules.toml"
_BLANKS = re.compile(r"\s+")
_HS = re.compile(r"^\d{2}(\d{2}){0,2}$")


class _Uncombined(dict[int, int | None]):
    """``str.translate`` table dropping combining marks: each code point is looked up
    in C, and :func:`unicodedata.combining` asked once per distinct code point."""

    def __missing__(self, point: int) -> int | None:
        keep = None if unicodedata.combining(chr(point)) else point
        self[point] = keep
        return keep


_UNCOMBINED = _Uncombined()


def fold(text: str) -> str:
    """Lower case, accents removed, blanks (CR/LF too) collapsed."""
    if not text.isascii():  # ASCII is its own NFKD form, without combining marks
        text = unicodedata.normalize("NFKD", text).translate(_UNCOMBINED)
    return _BLANKS.sub(" ", text.replace("’", "'")).strip().casefold()


@dataclass(frozen=True, slots=True)
class ProductMatch:
    product_class: str
    hs: str
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    product_class: str
    hs: str
    confidence: float
    pattern: re.Pattern[str]
    strip: re.Pattern[str] | None
    yields_to: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Code:
    scheme: str
    prefix: str
    product_class: str
    hs: str
    confidence: float
    listed: str  # the code as the table lists it (the rule id)


@dataclass(frozen=True, slots=True)
class Rules:
    classes: tuple[str, ...]
    rules: tuple[_Rule, ...]
    codes: tuple[_Code, ...]
    #: any rule's pattern: a text it does not match needs no rule tried (most do not)
    screen: re.Pattern[str]

    def match(self, description: str | None,
              codes: Iterable[tuple[str, str]] = ()) -> tuple[ProductMatch, ...]:
        """Best match per class: ``description`` through the keyword rules, ``codes``
        (``(scheme, code)`` pairs) through the code tables."""
        found: list[ProductMatch] = []
        text = fold(description or "")
        yielding: list[tuple[_Rule, ProductMatch]] = []
        for rule in self.rules if text and self.screen.search(text) else ():
            probe = rule.strip.sub(" ", text) if rule.strip is not None else text
            if rule.pattern.search(probe):
                hit = ProductMatch(rule.product_class, rule.hs, rule.id, rule.confidence)
                if rule.yields_to:
                    yielding.append((rule, hit))
                else:
                    found.append(hit)
        for scheme, code in codes:
            coded = self._code(scheme, code)
            if coded is not None:
                found.append(coded)
        classes = {m.product_class for m in found}
        found += [m for rule, m in yielding if not rule.yields_to & classes]
        best: dict[str, ProductMatch] = {}
        for m in found:
            old = best.get(m.product_class)
            if old is None or (m.confidence, len(m.hs)) > (old.confidence, len(old.hs)):
                best[m.product_class] = m
        order = {c: i for i, c in enumerate(self.classes)}
        return tuple(sorted(best.values(), key=lambda m: order[m.product_class]))

    def _code(self, scheme: str, code: str) -> ProductMatch | None:
        s = scheme.strip().upper()
        digits = "".join(ch for ch in code.split("-")[0] if ch.isdigit())  # CPV check digit
        hits = [c for c in self.codes if c.scheme == s and digits.startswith(c.prefix)]
        if not hits:
            return None
        c = max(hits, key=lambda c: len(c.prefix))
        return ProductMatch(c.product_class, c.hs, f"{c.scheme.lower()}:{c.listed}", c.confidence)


def _compile(text: Any, name: str, where: str) -> re.Pattern[str]:
    if not isinstance(text, str) or not text:
        raise InputError("expected a regular expression", file=name, field=where)
    try:
        return re.compile(text)
    except re.error as exc:
        raise InputError(f"not a valid regular expression: {exc}", file=name, field=where) from exc


def _confidence(value: Any, name: str, where: str) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value <= 1:
        raise InputError("confidence must be a number in (0, 1]", file=name, field=where)
    return float(value)


def _parse(text: str, name: str) -> Rules:
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=name) from exc
    classes = tuple(data.get("classes", ()))
    if not classes:
        raise InputError("no classes listed", file=name, field="classes")
    rules, seen = [], set()
    for i, raw in enumerate(data.get("rule", [])):
        where = f"rule[{i}]"
        rid = raw.get("id")
        if not isinstance(rid, str) or rid in seen:
            raise InputError("missing or duplicate rule id", file=name, field=f"{where}.id")
        seen.add(rid)
        if raw.get("class") not in classes:
            raise InputError(f"class must be one of {', '.join(classes)}", file=name,
                             field=f"{where}.class")
        if not _HS.match(str(raw.get("hs", ""))):
            raise InputError("hs must be an HS2, HS4 or HS6 code", file=name, field=f"{where}.hs")
        yields = raw.get("yields_to", [])
        if not set(yields) <= set(classes):
            raise InputError("yields_to names an unknown class", file=name,
                             field=f"{where}.yields_to")
        rules.append(_Rule(
            id=rid, product_class=raw["class"], hs=raw["hs"],
            confidence=_confidence(raw.get("confidence"), name, f"{where}.confidence"),
            pattern=_compile(raw.get("pattern"), name, f"{where}.pattern"),
            strip=_compile(raw["strip"], name, f"{where}.strip") if "strip" in raw else None,
            yields_to=frozenset(yields)))
    codes = []
    for i, raw in enumerate(data.get("code", [])):
        where = f"code[{i}]"
        prefix = str(raw.get("prefix", ""))
        if not prefix.isdigit() or raw.get("class") not in classes or not _HS.match(
                str(raw.get("hs", ""))) or not raw.get("scheme"):
            raise InputError("a code needs scheme, a digit prefix, a known class and an HS code",
                             file=name, field=where)
        scheme, listed = str(raw["scheme"]).upper(), prefix
        if scheme == "CPV":  # 42130000: the zeros pad the levels below the group
            prefix = prefix.rstrip("0") or prefix
        codes.append(_Code(scheme=scheme, prefix=prefix, listed=listed,
                           product_class=raw["class"], hs=raw["hs"],
                           confidence=_confidence(raw.get("confidence"), name,
                                                  f"{where}.confidence")))
    if not rules:
        raise InputError("no [[rule]] tables", file=name, field="rule")
    screen = re.compile("|".join(f"(?:{r.pattern.pattern})" for r in rules))
    return Rules(classes=classes, rules=tuple(rules), codes=tuple(codes), screen=screen)


@cache
def _packaged() -> Rules:
    text = resources.files("chuhai.data.reference").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return _parse(text, RULES_FILE)


def load_rules(path: str | Path | None = None) -> Rules:
    """The rules from ``path``, or the packaged ``procurement_rules.toml``."""
    if path is None:
        return _packaged()
    return _parse(read_text(path), str(path))


def match_contract(description: str | None,
                   codes: Iterable[tuple[str, str]] = ()) -> tuple[ProductMatch, ...]:
    """:meth:`Rules.match` with the packaged rules."""
    return _packaged().match(description, codes)
