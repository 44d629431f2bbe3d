"""Texts from data in both languages: the ``_zh`` sibling convention, declared once.

Every free text a reader sees in a data file (a rule pack's notes, descriptions, clauses,
warnings and source titles; a regime's notes; a scenario's gate note) is written twice:
the field ``X`` in English and its sibling ``X_zh`` in Chinese, a string for a string and
a list of the same length for a list. A model declares the pair by having both fields;
:func:`missing_chinese` walks a validated model and names the first ``X`` that has text but
no Chinese, so the loaders refuse the file with the file, the field path and the field.
An instrument's own title (``cite``, with ``cite_lang``) is a proper name in its own
language: it is shown after the Chinese name, marked as a citation (:func:`cited`).

``text(obj, "note")`` gives the pair as a :class:`chuhai.messages.Text` (what engines put
in messages), ``pick(obj, "note", lang)`` the text in one language (what renderers show).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from chuhai.messages import Text

__all__ = ["ZH", "cited", "missing_chinese", "pick", "text", "texts"]

#: The suffix of a field's Chinese sibling.
ZH = "_zh"


def _pairs(model: BaseModel) -> Iterator[tuple[str, Any, Any]]:
    fields = type(model).model_fields
    for name in fields:
        if name + ZH in fields:
            yield name, getattr(model, name), getattr(model, name + ZH)


def _children(model: BaseModel, path: str) -> Iterator[tuple[str, BaseModel]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        where = f"{path}.{name}" if path else name
        if isinstance(value, BaseModel):
            yield where, value
        elif isinstance(value, Mapping):
            yield from ((f"{where}.{k}", v) for k, v in value.items() if isinstance(v, BaseModel))
        elif isinstance(value, tuple):
            for i, v in enumerate(value):
                if isinstance(v, BaseModel):
                    key = getattr(v, "name", None) or getattr(v, "ref", None) or getattr(v, "id", None)
                    yield f"{where}.{key if isinstance(key, str) and key.isidentifier() else i}", v


def missing_chinese(model: BaseModel, path: str = "") -> tuple[str, str] | None:
    """The first ``(path of X_zh, X)`` whose English text has no Chinese beside it, or None.

    A list needs a Chinese list of the same length, each entry non-empty.
    """
    for name, en, zh in _pairs(model):
        where = f"{path}.{name}{ZH}" if path else name + ZH
        if isinstance(en, tuple):
            if len(zh) != len(en) or not all(z.strip() for z in zh):
                return where, name
        elif en and not (zh or "").strip():
            return where, name
    for where, child in _children(model, path):
        found = missing_chinese(child, where)
        if found is not None:
            return found
    return None


def cited(zh: str, original: str) -> str:
    """A Chinese name followed by the original title, marked as the Latin-word check
    understands (chuhai.i18n.latin: ``（原文：…）``)."""
    return f"{zh}（原文：{original}）" if original else zh


def text(obj: BaseModel, name: str) -> Text:
    """``obj.name`` and its Chinese sibling as one :class:`Text`."""
    return Text(getattr(obj, name) or "", getattr(obj, name + ZH, "") or "")


def texts(obj: BaseModel, name: str) -> tuple[Text, ...]:
    """A list field and its Chinese list, pairwise."""
    en, zh = getattr(obj, name), getattr(obj, name + ZH, ())
    return tuple(Text(e, zh[i] if i < len(zh) else "") for i, e in enumerate(en))


def pick(obj: BaseModel, name: str, lang: str) -> str:
    """``obj.name`` in ``lang`` ("zh": its Chinese sibling)."""
    return text(obj, name).in_language("zh" if lang.startswith("zh") else lang)
