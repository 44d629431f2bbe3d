"""JSON documents given by users, read without surprises, and checked by JSON path.

:func:`load_json` decodes UTF-8 (a BOM allowed) and parses with two guards: an integer
literal of more than :data:`MAX_INT_DIGITS` digits becomes ``inf`` (Python refuses to
convert thousands of digits, and no count or code in a source has that many), and
``NaN`` / ``Infinity`` stay floats; both are then refused by the field that holds them,
by JSON path, through :func:`finite`. The ``need_*`` helpers check the shape of a node
and name its path (``dataSets[0].series["0:0:1"].observations``) when it is wrong.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from chuhai.data.sources._csv import line_of_offset
from chuhai.errors import InputError

__all__ = ["MAX_INT_DIGITS", "finite", "load_json", "need_dict", "need_index", "need_key",
           "need_list", "need_text"]

MAX_INT_DIGITS = 30


def _int(text: str) -> int | float:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_INT_DIGITS else float(text)


def load_json(raw: bytes, path: Path | str) -> Any:
    """The document in ``raw``; InputError naming the line for bad encoding or syntax."""
    try:
        return json.loads(raw.decode("utf-8-sig"), parse_int=_int)
    except UnicodeDecodeError as exc:
        raise InputError("wrong encoding: JSON must be UTF-8", file=path,
                         line=line_of_offset(raw, exc.start)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg}", file=path, line=exc.lineno) from exc
    except (ValueError, RecursionError) as exc:
        raise InputError(f"malformed JSON: {type(exc).__name__}", file=path) from exc


def _kind(node: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(node), "a number")


def need_dict(node: Any, path: Path | str, jpath: str) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise InputError(f"expected an object, found {_kind(node)}", file=path, field=jpath)
    return node


def need_list(node: Any, path: Path | str, jpath: str) -> list[Any]:
    if not isinstance(node, list):
        raise InputError(f"expected a list, found {_kind(node)}", file=path, field=jpath)
    return node


def need_key(node: Any, key: str, path: Path | str, jpath: str) -> Any:
    """``node[key]`` of an object at ``jpath``; names ``jpath.key`` when it is missing."""
    obj = need_dict(node, path, jpath)
    if key not in obj:
        raise InputError(f"missing {key!r}", file=path, field=f"{jpath}.{key}" if jpath else key)
    return obj[key]


def need_index(node: Any, at: int, path: Path | str, jpath: str) -> Any:
    items = need_list(node, path, jpath)
    if not 0 <= at < len(items):
        raise InputError(f"expected at least {at + 1} items, found {len(items)}", file=path,
                         field=jpath)
    return items[at]


def need_text(node: Any, path: Path | str, jpath: str) -> str:
    """A string or a whole number as text (SDMX writes ids either way)."""
    if isinstance(node, str):
        return node
    if isinstance(node, int) and not isinstance(node, bool):
        return str(node)
    raise InputError(f"expected a string, found {_kind(node)}", file=path, field=jpath)


def finite(node: Any, path: Path | str, jpath: str) -> float | None:
    """A JSON number (or null) as a finite float; NaN, Infinity, huge, text, lists refused."""
    if node is None:
        return None
    if isinstance(node, bool) or not isinstance(node, int | float):
        raise InputError(f"expected a number, found {_kind(node)}", file=path, field=jpath)
    value = float(node)
    if not math.isfinite(value):
        raise InputError(f"not a finite number: {node!r}", file=path, field=jpath)
    return value
