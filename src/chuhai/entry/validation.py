"""Turn Pydantic validation errors into a field path, a reason and a TOML line."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["line_of", "summarise"]

_TAGS = ("float", "int", "str", "bool", "dict", "list", "tuple")


def _loc(loc: tuple[Any, ...]) -> str:
    """``('firm', 'components', 1, 'cost_usd')`` -> ``firm.components[1].cost_usd``; union
    member tags (``float``, ``literal[...]``) are dropped."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item}]" if parts else f"[{item}]"]
        elif str(item) in _TAGS or str(item).startswith(("literal[", "function-", "tuple[",
                                                          "constrained-")):
            continue
        else:
            parts.append(str(item))
    return ".".join(parts)


def summarise(errs: list[Any]) -> tuple[str, str]:
    """(path of the first error, reason; further errors summarised)."""
    by_path: dict[str, list[str]] = {}
    for e in errs:
        msg = e["msg"]
        if e.get("type") == "extra_forbidden":
            msg = "unknown field (check the spelling; see docs/scenario-format.md)"
        by_path.setdefault(_loc(tuple(e["loc"])), []).append(msg)
    path, msgs = next(iter(by_path.items()))
    text = " or ".join(dict.fromkeys(msgs))
    rest = [f"{p or '<root>'}: {' or '.join(dict.fromkeys(m))}" for p, m in by_path.items()][1:]
    if rest:
        text += f" (and {len(rest)} more: {'; '.join(rest[:3])})"
    return path, text


def line_of(text: str, path: str) -> int | None:
    """Best-effort line number of the last key of ``path`` in the TOML ``text``."""
    keys = [k.split("[")[0] for k in path.split(".") if k]
    if not keys:
        return None
    key = re.escape(keys[-1])
    tables = keys[:-1]
    start = 0
    lines = text.splitlines()
    for i, line in enumerate(lines):  # skip to the innermost table header named in the path
        head = line.strip()
        if head.startswith("[") and tables and head.strip("[]").strip() == ".".join(tables):
            start = i
            break
    for i in range(start, len(lines)):
        if re.match(rf"\s*{key}\s*=", lines[i]) or lines[i].strip().strip("[]") == ".".join(keys):
            return i + 1
    return None
