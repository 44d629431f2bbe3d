"""The one serialiser: typed results (frozen dataclasses) to their JSON shape.

Rules, applied recursively:

- a dataclass becomes an object of its fields, in declaration order; a field whose
  metadata has ``json=False`` is left out, ``json_name="x"`` renames it;
- a :class:`~chuhai.messages.Message` field ``reason`` becomes ``"reason": text`` and,
  beside it, ``"reason_message": {"code", "params", "text"}``; a tuple of messages
  ``warnings`` becomes ``"warnings": [text, ...]`` and ``"warnings_messages": [...]`` — so
  JSON keeps its text fields and adds the codes and parameters;
- tuples and lists become arrays, mappings objects (keys as strings), enums their value,
  paths strings; NaN and infinities become ``null``.

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
from typing import Any

from chuhai.messages import Message, message_json

__all__ = ["to_json"]

Translate = Callable[[str], str]


@functools.cache
def _json_fields(cls: type) -> tuple[tuple[str, str], ...]:
    """(attribute, JSON name) of the fields a dataclass shows in JSON, in order."""
    return tuple((f.name, f.metadata.get("json_name", f.name)) for f in dataclasses.fields(cls)
                 if f.metadata.get("json", True))


def _is_messages(v: Any) -> bool:
    return isinstance(v, tuple | list) and bool(v) and all(isinstance(x, Message) for x in v)


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
        for attr, name in _json_fields(type(obj)):
            value = getattr(obj, attr)
            kind = type(value)
            if kind is str or kind is int or kind is bool or value is None:  # inline, for speed
                out[name] = value
            elif kind is float:
                out[name] = value if math.isfinite(value) else None
            elif isinstance(value, Message):
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
