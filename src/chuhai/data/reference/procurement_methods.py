"""Normalised procurement methods: ``procurement_methods.toml``.

One id per method (``icb``, ``ncb``, ``rfb``, ``rfq_shopping``, ``direct``, ``qcbs``, ...)
with English and Chinese labels, the competition ``group`` evidence is broken down by, and
the raw strings it covers in World Bank files (``wb``) and OCDS releases (``ocds``:
``tender.procurementMethod`` codes and ``procurementMethodDetails`` texts). Raw strings are
compared by :func:`method_key`: case-folded, accents removed, blanks collapsed, and the
World Bank files' "Others" for a letter x undone.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from chuhai.errors import InputError
from chuhai.fileio import read_text

__all__ = [
    "GROUPS",
    "METHODS_FILE",
    "Method",
    "load_methods",
    "method_key",
    "normalise_method",
    "ocds_method",
    "wb_method",
]

METHODS_FILE = "procurement_methods.toml"
#: competition groups, in the order evidence tables list them
GROUPS = ("international", "national", "open", "limited", "quotation", "direct", "consulting",
          "other")
Namespace = Literal["wb", "ocds"]
_ID = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
_BLANKS = re.compile(r"\s+")
_OTHERS_X = re.compile(r"(?<=[A-Za-z])Others(?=[A-Za-z])")


@dataclass(frozen=True, slots=True)
class Method:
    """One normalised method."""

    id: str
    en: str
    zh: str
    group: str
    wb: tuple[str, ...]
    ocds: tuple[str, ...]

    def label(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


def method_key(raw: str) -> str:
    """The comparison form of a raw method string (see the module docstring)."""
    text = _OTHERS_X.sub("x", raw)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _BLANKS.sub(" ", text).strip().casefold()


@dataclass(frozen=True, slots=True)
class _Table:
    methods: dict[str, Method]
    index: dict[str, dict[str, str]]  # namespace -> key -> id


def _parse(text: str, name: str) -> _Table:
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=name) from exc
    raw_methods = data.get("method")
    if not isinstance(raw_methods, dict) or not raw_methods:
        raise InputError("no [method.<id>] tables", file=name, field="method")
    methods: dict[str, Method] = {}
    index: dict[str, dict[str, str]] = {"wb": {}, "ocds": {}}
    for mid, body in raw_methods.items():
        where = f"method.{mid}"
        if not _ID.match(mid):
            raise InputError("a method id is lower-case letters, digits and _", file=name,
                             field=where)
        if not isinstance(body, dict):
            raise InputError("expected a table", file=name, field=where)
        extra = set(body) - {"en", "zh", "group", "wb", "ocds"}
        if extra:
            raise InputError(f"unknown key {sorted(extra)[0]!r}", file=name, field=where)
        for key in ("en", "zh", "group"):
            if not isinstance(body.get(key), str) or not body[key].strip():
                raise InputError("missing or empty text", file=name, field=f"{where}.{key}")
        if body["group"] not in GROUPS:
            raise InputError(f"group must be one of {', '.join(GROUPS)}", file=name,
                             field=f"{where}.group")
        lists: dict[str, tuple[str, ...]] = {}
        for ns in ("wb", "ocds"):
            values = body.get(ns, [])
            if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
                raise InputError("expected a list of strings", file=name, field=f"{where}.{ns}")
            lists[ns] = tuple(values)
            for value in values:
                key = method_key(value)
                other = index[ns].get(key)
                if other is not None and other != mid:
                    raise InputError(f"{value!r} is already covered by method {other!r}",
                                     file=name, field=f"{where}.{ns}")
                index[ns][key] = mid
        methods[mid] = Method(id=mid, en=body["en"], zh=body["zh"], group=body["group"],
                              wb=lists["wb"], ocds=lists["ocds"])
    if "other" not in methods:
        raise InputError("the catch-all method 'other' is missing", file=name, field="method.other")
    return _Table(methods=methods, index=index)


@cache
def _packaged() -> _Table:
    text = resources.files("chuhai.data.reference").joinpath(METHODS_FILE).read_text(encoding="utf-8")
    return _parse(text, METHODS_FILE)


def _table(path: str | Path | None) -> _Table:
    if path is None:
        return _packaged()
    return _parse(read_text(path), str(path))


def load_methods(path: str | Path | None = None) -> dict[str, Method]:
    """Method id -> :class:`Method`, from ``path`` or the packaged file."""
    return dict(_table(path).methods)


def normalise_method(raw: str | None, namespace: Namespace, *,
                     path: str | Path | None = None) -> str | None:
    """The method id covering ``raw`` in ``namespace``; ``"other"`` for a string no method
    lists; None for a missing or blank ``raw``."""
    if raw is None or not raw.strip() or raw.strip().upper() == "NA":
        return None
    return _table(path).index[namespace].get(method_key(raw), "other")


def wb_method(raw: str | None) -> str | None:
    """:func:`normalise_method` for a World Bank Procurement Method value."""
    return normalise_method(raw, "wb")


def ocds_method(method: str | None, details: str | None = None) -> str | None:
    """The id for an OCDS tender: ``procurementMethodDetails`` when the table lists it
    (it is the more specific), else ``procurementMethod``; None when both are absent."""
    index = _packaged().index["ocds"]
    if details and details.strip():
        hit = index.get(method_key(details))
        if hit is not None:
            return hit
    found = normalise_method(method, "ocds")
    if found is None and details and details.strip():
        return "other"
    return found
