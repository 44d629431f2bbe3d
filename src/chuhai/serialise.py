"""The one serialiser: typed results (frozen dataclasses) to their JSON shape.

Rules, applied recursively:

- a dataclass becomes an object of its fields, in declaration order; a field whose
  metadata has ``json=False`` is left out, ``json_name="x"`` renames it;
- a :class:`~chuhai.messages.Message` field ``reason`` becomes ``"reason": text`` and,
  beside it, ``"reason_message": {"code", "params", "text"}``; a tuple of messages
  ``warnings`` becomes ``"warnings": [text, ...]`` and ``"warnings_messages": [...]``, a
  field declared as a mapping of messages ``bands`` ``"bands": {key: text}`` and
  ``"bands_messages": {key: {...}}`` — so JSON keeps its text fields and adds the codes and
  parameters;
- tuples and lists become arrays, mappings objects (keys as strings), enums their value,
  paths strings; NaN and infinities become ``null``.

More field metadata, for contracts that need it (:func:`chuhai.web.api.schema.model_of`
follows the same keys):

- ``round=n``: every number in the field's value (also inside its arrays and objects, not
  inside nested dataclasses) is written as ``round(float(x), n)``;
- ``json_always=True``: a message field (by its declared type) writes its ``_message`` /
  ``_messages`` key also when the tuple or mapping is empty or the message is ``None``
  (then ``null``); ``json_none=""`` is the text written for an absent message;
- ``json_text=f``: a tuple of messages written as one sentence, ``f(messages)`` (a
  Message), beside the list of its ``_messages``;
- ``json_flatten=True``: a dataclass field's keys are written into the parent object at
  that place; a later field with the same JSON name replaces one of them in place;
- ``json_omit_empty=True``: the key is left out when the value is empty or ``None``.

A result type may still define ``to_dict()`` when its contract needs a shape these rules
do not give; it should call :func:`to_json` for its parts.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from chuhai.messages import Message, message_json

__all__ = ["to_json"]

Translate = Callable[[str], str]


@dataclasses.dataclass(frozen=True, slots=True)
class _Field:
    attr: str
    name: str
    meta: Mapping[str, Any]
    messages: str  # "" (by value), "one", "tuple" or "mapping" (by declared type)
    plain: bool  # no metadata but json/json_name: the fast path


def _message_kind(tp: Any) -> str:
    args = get_args(tp)
    if tp is Message or (set(args) == {Message, type(None)}):
        return "one"
    if get_origin(tp) is tuple and args == (Message, Ellipsis):
        return "tuple"
    if get_origin(tp) in (dict, Mapping) and len(args) == 2 and args[1] is Message:
        return "mapping"
    return ""


@functools.cache
def _json_fields(cls: type) -> tuple[tuple[str, str, bool, _Field], ...]:
    """(attribute, JSON name, plain, field) of the fields a dataclass shows in JSON, in order."""
    try:
        hints = get_type_hints(cls)
    except (NameError, TypeError):  # a local type with unresolvable annotations: by value
        hints = {}
    out = []
    for f in dataclasses.fields(cls):
        if f.metadata.get("json", True):
            kind = _message_kind(hints.get(f.name))
            spec = _Field(f.name, f.metadata.get("json_name", f.name), f.metadata, kind,
                          kind != "mapping" and not set(f.metadata) - {"json", "json_name"})
            out.append((spec.attr, spec.name, spec.plain, spec))
    return tuple(out)


def _is_messages(v: Any) -> bool:
    return isinstance(v, tuple | list) and bool(v) and all(isinstance(x, Message) for x in v)


def _rounded(v: Any, nd: int) -> Any:
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int | float):
        x = round(float(v), nd)
        return x if math.isfinite(x) else None
    if isinstance(v, list):
        return [_rounded(x, nd) for x in v]
    if isinstance(v, dict):
        return {k: _rounded(x, nd) for k, x in v.items()}
    return v


def _field_json(out: dict[str, Any], f: _Field, value: Any, lang: str, translate: Translate | None) -> None:
    name, meta = f.name, f.meta
    if meta.get("json_omit_empty") and (value is None or value == () or value == {}):
        return
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        out[name] = value
    elif value is None:
        if f.messages == "one" and meta.get("json_always"):
            out[name], out[f"{name}_message"] = meta.get("json_none"), None
        else:
            out[name] = None
    elif kind is float:
        out[name] = value if math.isfinite(value) else None
    elif isinstance(value, Message):
        j = message_json(value, lang, translate)
        out[name], out[f"{name}_message"] = j["text"], j
    elif meta.get("json_text") is not None:
        js = [message_json(m, lang, translate) for m in value]
        out[name] = message_json(meta["json_text"](tuple(value)), lang, translate)["text"]
        out[f"{name}_messages"] = js
    elif _is_messages(value) or (f.messages == "tuple" and meta.get("json_always")):
        js = [message_json(m, lang, translate) for m in value]
        out[name], out[f"{name}_messages"] = [j["text"] for j in js], js
    elif f.messages == "mapping" and (value or meta.get("json_always")):
        jm = {str(k): message_json(m, lang, translate) for k, m in value.items()}
        out[name], out[f"{name}_messages"] = {k: j["text"] for k, j in jm.items()}, jm
    elif meta.get("json_flatten"):
        out.update(to_json(value, lang, translate))
    else:
        out[name] = to_json(value, lang, translate)
    if "round" in meta:
        out[name] = _rounded(out[name], meta["round"])


def to_json(obj: Any, lang: str = "en", translate: Translate | None = None) -> Any:
    """The JSON-ready form of ``obj`` (see the module doc for the rules)."""
    kind = type(obj)
    if kind is str or kind is int or kind is bool or obj is None:  # the common case, first
        return obj
    if kind is float:
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Message):
        return message_json(obj, lang, translate)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for attr, name, plain, spec in _json_fields(type(obj)):
            value = getattr(obj, attr)
            kind = type(value)
            if not plain:
                _field_json(out, spec, value, lang, translate)
            elif kind is str or kind is int or kind is bool or value is None:  # inline, for speed
                out[name] = value
            elif kind is float:
                out[name] = value if math.isfinite(value) else None
            elif kind is Message:
                j = message_json(value, lang, translate)
                out[name], out[f"{name}_message"] = j["text"], j
            elif _is_messages(value):
                js = [message_json(m, lang, translate) for m in value]
                out[name], out[f"{name}_messages"] = [j["text"] for j in js], js
            else:
                out[name] = to_json(value, lang, translate)
        return out
    if isinstance(obj, Mapping):
        return {str(k): to_json(v, lang, translate) for k, v in obj.items()}
    if isinstance(obj, tuple | list):
        return [to_json(v, lang, translate) for v in obj]
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj
