"""Numbers in the CLI's tables, through the one formatter (:mod:`chuhai.numbers`) in the
CLI's language: money as axis-style short figures without the currency, which the
header or caption names (``12.3M`` / ``1,234万``, ``3.54亿``), percentages, plain numbers.
Missing values (None, NaN) show as an en dash.
"""

from __future__ import annotations

from chuhai import numbers
from chuhai.commands.lang import current

__all__ = ["money", "pct", "plain"]


def money(x: float | None) -> str:
    """A short amount: ``12.3M`` in English, ``1,234.5万`` / ``3.54亿`` in Chinese."""
    if numbers.missing(x):
        return numbers.MISSING
    assert x is not None
    return numbers.money_tick(x, current())


def pct(x: float | None, digits: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage (0.125 → ``12.5%``); ``signed`` for changes (``+4.0%``)."""
    return numbers.percent(x, current(), digits, change=signed)


def plain(x: float | None, digits: int = 0) -> str:
    """A number with thousands separators."""
    return numbers.number(x, digits)
