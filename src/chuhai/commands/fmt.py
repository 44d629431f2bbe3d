"""Numbers in the CLI's tables, as a reader of the chosen language reads them.

English: compact units (``6.6M``, ``3.5B``); Chinese: 万 and 亿 (``6,570.95万`` →
``6571万``, ``3.54亿``). Missing values (None, NaN) show as an en dash. Amounts are in
the currency the table's header or caption names.
"""

from __future__ import annotations

import math

from chuhai.commands.lang import current

__all__ = ["money", "pct", "plain"]

DASH = "–"


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and not math.isfinite(x))


def money(x: float | None) -> str:
    """A compact amount: ``12.3M`` / ``1,234万``; below 10,000 (en) / 1万 (zh) in full."""
    if x is None or _missing(x):
        return DASH
    if current() == "zh":
        for div, unit in ((1e8, "亿"), (1e4, "万")):
            if abs(x) >= div:
                v = x / div
                return f"{v:,.2f}{unit}" if abs(v) < 100 else f"{v:,.0f}{unit}"
        return f"{x:,.0f}"
    for div, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            return f"{x / div:,.1f}{unit}"
    return f"{x:,.0f}"


def pct(x: float | None, digits: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage (0.125 → ``12.5%``); ``signed`` for changes (``+4.0%``)."""
    if x is None or _missing(x):
        return DASH
    return f"{x * 100:{'+' if signed else ''}.{digits}f}%"


def plain(x: float | None, digits: int = 0) -> str:
    """A number with thousands separators."""
    if x is None or _missing(x):
        return DASH
    return f"{x:,.{digits}f}"
