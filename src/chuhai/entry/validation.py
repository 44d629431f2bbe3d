"""Turn Pydantic validation errors into a field path, a reason and a TOML line."""

from __future__ import annotations

from typing import Any

__all__ = ["summarise"]

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
