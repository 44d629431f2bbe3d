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
import math
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from chuhai.messages import Message, message_json, render

__all__ = ["to_json"]

Translate = Callable[[str], str]


def _is_messages(v: Any) -> bool:
    return isinstance(v, tuple | list) and bool(v) and all(isinstance(x, Message) for x in v)


def to_json(obj: Any, lang: str = "en", translate: Translate | None = None) -> Any:
    """The JSON-ready form of ``obj`` (see the module doc for the rules)."""
    if isinstance(obj, Message):
        return message_json(obj, lang, translate)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            if not f.metadata.get("json", True):
                continue
            name = f.metadata.get("json_name", f.name)
            value = getattr(obj, f.name)
            if isinstance(value, Message):
                out[name] = render(value, lang, translate)
                out[f"{name}_message"] = message_json(value, lang, translate)
            elif _is_messages(value):
                out[name] = [render(m, lang, translate) for m in value]
                out[f"{name}_messages"] = [message_json(m, lang, translate) for m in value]
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
