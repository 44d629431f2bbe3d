"""Where a field of a TOML file is: the line of a field path, for error messages.

One implementation for every TOML the user writes (scenarios, tenders, rule packs). A
path is dotted, with list indices either dotted (``offers.1.price``, the tender style) or
bracketed (``firm.components[1].cost_usd``, the Pydantic-location style).
"""

from __future__ import annotations

import re

from chuhai.data.codes import ascii_digits

__all__ = ["line_of"]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_INDEX = re.compile(r"^(.*?)\[(\d+)\]$")


def _parts(path: str) -> list[str | int]:
    out: list[str | int] = []
    for raw in (p for p in path.split(".") if p):
        indices: list[int] = []
        m = _INDEX.match(raw)
        while m:
            indices.insert(0, int(m.group(2)))
            raw = m.group(1)
            m = _INDEX.match(raw)
        if raw:
            out.append(int(raw) if ascii_digits(raw) else raw)
        out.extend(indices)
    return out


def _headers(lines: list[str]) -> list[tuple[int, str, bool]]:
    """(line index, dotted table name, is an array-of-tables header) for each header line."""
    out = []
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if m:
            out.append((i, ".".join(k.strip() for k in m.group(2).split(".")), m.group(1) == "[["))
    return out


def line_of(text: str, path: str) -> int | None:
    """Best-effort 1-based line of the field ``path`` in the TOML ``text``: the line of its
    key inside the deepest table of the path that the file has, else that table's header
    line; ``None`` when neither is found."""
    parts = _parts(path)
    lines = text.splitlines()
    headers = _headers(lines)
    table: int | None = None  # line index of the deepest header found
    names: list[str] = []
    k = 0
    while k < len(parts):
        name = parts[k]
        if isinstance(name, int):
            k += 1
            continue
        dotted = ".".join([*names, name])
        index = parts[k + 1] if k + 1 < len(parts) and isinstance(parts[k + 1], int) else None
        hits = [i for i, n, array in headers if n == dotted and array == (index is not None)]
        pick = hits[0] if index is None and hits else (
            hits[index] if isinstance(index, int) and index < len(hits) else None)
        if pick is None:
            break
        table, names = pick, [*names, name]
        k += 1 if index is None else 2
    key = next((p for p in parts[k:] if isinstance(p, str)), None)
    start = -1 if table is None else table
    end = next((i for i, _, _ in headers if i > start), len(lines))
    if key is not None:
        pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
        for i in range(start + 1, end):
            if pattern.match(lines[i]):
                return i + 1
    return None if table is None else table + 1
