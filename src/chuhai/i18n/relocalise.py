"""A result's JSON dict re-rendered in another language, from the codes and parameters it
carries.

Results are serialised once (in English, :func:`chuhai.serialise.to_json`) and cached; every
text field ``x`` sits beside ``x_message`` (``{code, params, text}``) or ``x_messages`` (a
list or a mapping of them). :func:`relocalise` walks such a dict and writes each ``x`` (and
each ``text``) again in ``lang`` from the code and the parameters, so a page, a report or an
API answer speaks the reader's language without running the engine again. The input is
never changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from chuhai.i18n.languages import TEMPLATE_LANGUAGE
from chuhai.messages import Message, Param, Text, render

__all__ = ["message_from_json", "relocalise"]

_JOIN = {"en": "; ", "zh": "；"}


def _param(v: Any) -> Param:
    if isinstance(v, Mapping) and set(v) >= {"code", "params"}:
        return message_from_json(v)
    if isinstance(v, list):
        return tuple(_param(p) for p in v)
    return v


def message_from_json(j: Mapping[str, Any]) -> Message:
    """The :class:`~chuhai.messages.Message` a ``{code, params[, text]}`` dict stands for."""
    texts = j.get("texts") or {}
    return Message(j["code"], MappingProxyType({
        k: Text(str(texts[k].get("en", p)), str(texts[k].get("zh", ""))) if k in texts else _param(p)
        for k, p in j["params"].items()}))


def _is_msg(v: Any) -> bool:
    return isinstance(v, Mapping) and isinstance(v.get("code"), str) and isinstance(v.get("params"), Mapping)


def relocalise(obj: Any, lang: str, translate: Callable[[str], str] | None) -> Any:
    """``obj`` (a result's JSON dict, list or value) with every message text in ``lang``.

    ``translate`` is the language's catalog ``gettext`` (``None`` for English). A code the
    running process does not know keeps the text it came with.
    """
    if lang == TEMPLATE_LANGUAGE and translate is None:
        return obj
    return _walk(obj, lang, translate)


def _text(j: Mapping[str, Any], lang: str, translate: Callable[[str], str] | None) -> str:
    try:
        return render(message_from_json(j), lang, translate)
    except (KeyError, TypeError, ValueError, IndexError):
        return str(j.get("text", ""))


def _walk(obj: Any, lang: str, tr: Callable[[str], str] | None) -> Any:
    if isinstance(obj, list):
        return [_walk(v, lang, tr) for v in obj]
    if not isinstance(obj, Mapping):
        return obj
    if _is_msg(obj):
        return {**obj, "text": _text(obj, lang, tr)}
    out = {k: _walk(v, lang, tr) for k, v in obj.items()}
    for key, value in obj.items():
        base = key.removesuffix("_messages") if key.endswith("_messages") else key.removesuffix("_message")
        if base == key or base not in obj:
            continue
        if key.endswith("_message") and _is_msg(value):
            out[base] = out[key]["text"]
        elif isinstance(value, list) and all(_is_msg(v) for v in value):
            texts = [m["text"] for m in out[key]]
            out[base] = _JOIN.get(lang, "; ").join(texts) if isinstance(obj[base], str) else texts
        elif isinstance(value, Mapping) and all(_is_msg(v) for v in value.values()):
            out[base] = {k: m["text"] for k, m in out[key].items()}
    return out
