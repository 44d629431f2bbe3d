"""The line of a field in a TOML text, for error messages (scenario, tender, rule files)."""

from __future__ import annotations

import re

__all__ = ["line_of"]

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]")


def line_of(text: str, path: str) -> int | None:
    """Best-effort 1-based line of a field ``path`` in TOML ``text``.

    ``path`` is dotted; array items are numbered either way: ``offers.1.price`` or
    ``firm.components[1].cost_usd``. The deepest table header the path names (the n-th
    ``[[array]]`` item for an index) bounds the search for the last key; without that key
    the header's line is given, without either ``None``.
    """
    parts = [p for p in re.split(r"[.\[\]]+", path) if p]
    lines = text.splitlines()
    heads = [(i, m.group(1) == "[[", m.group(2)) for i, ln in enumerate(lines)
             if (m := _HEADER.match(ln))]
    start, found, names = 0, None, []
    for j, part in enumerate(parts):
        if part.isdigit():
            continue
        names.append(part)
        dotted = ".".join(names)
        idx = int(parts[j + 1]) if j + 1 < len(parts) and parts[j + 1].isdigit() else None
        hits = [i for i, arr, name in heads if name == dotted and (idx is None or arr)]
        pick = hits[idx if idx is not None else 0] if len(hits) > (idx or 0) else None
        if pick is not None and pick >= start:
            start, found = pick, pick + 1
    keys = [p for p in parts if not p.isdigit()]
    if not keys:
        return found
    end = next((i for i, _, _ in heads if i > start), len(lines)) if found else len(lines)
    key = re.escape(keys[-1])
    for i in range(start, end):
        if re.match(rf"\s*{key}\s*=", lines[i]):
            return i + 1
    return found
