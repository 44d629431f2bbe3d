"""Response models derived from the result dataclasses, so no field list is written twice.

:func:`model_of` turns a frozen result dataclass into a Pydantic model of *its JSON
shape*, following the rules of :func:`chuhai.serialise.to_json`: fields in declaration
order, ``json=False`` fields left out, ``json_name`` renames, a
:class:`~chuhai.messages.Message` field ``reason`` as ``reason: str`` plus
``reason_message: MessageOut``, a tuple of messages ``warnings`` as ``warnings: [str]``
plus ``warnings_messages: [MessageOut]``, tuples as arrays, mappings as objects, and every
float as "number or null" (the serialiser writes NaN and infinities as null); and the
other metadata keys of :mod:`chuhai.serialise`: ``json_flatten`` merges the nested model's
fields in place, ``json_omit_empty`` makes the key optional, ``json_always`` makes the
``_message(s)`` key required, ``json_text`` gives one text beside the list of messages.
Routes returning such a model use ``response_model_exclude_unset=True``, so the API writes
exactly the keys the serialiser wrote.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from chuhai.messages import Message

__all__ = ["MessageOut", "model_of"]

_BUILDING: set[type[Any]] = set()  # the types model_of is building now (recursion guard)


class MessageOut(BaseModel):
    """A sentence as data: what JSON carries beside each text field."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(description="stable message code, e.g. markets.screen.macro.fail")
    params: dict[str, Any] = Field(description="the sentence's parameters; numbers stay numbers")
    text: str = Field(description="the sentence in the response's language")
    texts: dict[str, dict[str, str]] | None = Field(
        default=None, description="for a parameter that is a text from data (a rule pack's warning, "
        "a note): its English and Chinese, {name: {en, zh}}; params keeps the English")


def _json_type(tp: Any) -> Any:
    """The Python type of ``tp``'s JSON form, for Pydantic."""
    origin, args = get_origin(tp), get_args(tp)
    if tp is float:
        return float | None
    if tp in (int, str, bool, type(None)):
        return tp
    if tp is Message:
        return MessageOut
    if tp is Path:
        return str
    if origin is Literal:
        return tp
    if origin in (Union, types.UnionType):
        return Union[tuple(_json_type(a) for a in args)]  # noqa: UP007
    if origin in (tuple, list):
        if origin is list or (len(args) == 2 and args[1] is Ellipsis):
            return list[_json_type(args[0])]  # type: ignore[misc]
        return tuple[tuple(_json_type(a) for a in args)]  # type: ignore[misc]
    if origin in (dict, Mapping):
        return dict[_json_type(args[0]), _json_type(args[1])]  # type: ignore[misc]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        # a type inside itself (a lot's evaluation has lots): an object, to end the recursion
        return dict[str, Any] if tp in _BUILDING else model_of(tp)
    return Any


def _is_message_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args == (Message, Ellipsis)


def _is_message_map(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) in (dict, Mapping) and len(args) == 2 and args[1] is Message


def _spec(cls: type[Any]) -> dict[str, Any]:
    """Field name → (type, default) of ``to_json(instance of cls)``, in order."""
    hints = get_type_hints(cls)
    spec: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        meta = f.metadata
        if not meta.get("json", True):
            continue
        key, tp = meta.get("json_name", f.name), hints[f.name]
        always = bool(meta.get("json_always"))
        if meta.get("json_flatten"):
            spec.update(_spec(tp))
        elif tp is Message:
            spec[key] = (str, ...)
            spec[f"{key}_message"] = (MessageOut, ...)
        elif _is_message_tuple(tp) and meta.get("json_text") is not None:
            spec[key] = (str, ...)
            spec[f"{key}_messages"] = (list[MessageOut], ...)
        elif _is_message_tuple(tp):
            spec[key] = (list[str], ...)
            spec[f"{key}_messages"] = (list[MessageOut], ... if always else Field(default_factory=list))
        elif _is_message_map(tp):
            spec[key] = (dict[str, str], ...)
            spec[f"{key}_messages"] = (dict[str, MessageOut], ... if always else Field(default_factory=dict))
        elif set(get_args(tp)) == {Message, type(None)}:
            none = meta.get("json_none")
            spec[key] = (str | None if none is None else str, ...)
            spec[f"{key}_message"] = (MessageOut | None, ... if always else None)
        elif meta.get("json_omit_empty"):
            spec[key] = (_json_type(tp) | None, None)
        else:
            spec[key] = (_json_type(tp), ...)
    return spec


@cache
def model_of(cls: type[Any], name: str | None = None) -> type[BaseModel]:
    """The Pydantic model of ``to_json(instance of cls)`` (cached: one model per type)."""
    _BUILDING.add(cls)
    try:
        spec = _spec(cls)
    finally:
        _BUILDING.discard(cls)
    doc = (cls.__doc__ or "").strip()
    model: type[BaseModel] = create_model(
        name or f"{cls.__name__}Out", __config__=ConfigDict(extra="forbid"),
        __doc__=None if doc.startswith(f"{cls.__name__}(") else doc, **spec)
    return model
