"""Year windows as users type them: ``"2019-2023"`` or ``"2023"``."""

from __future__ import annotations

import re

from chuhai.errors import InputError

__all__ = ["parse_years"]

_RANGE = re.compile(r"\s*(\d{4})\s*(?:[-–:]\s*(\d{4}))?\s*")


def parse_years(text: str | None, *, max_span: int | None = None,
                label: str = "years") -> tuple[int, int] | None:
    """``"2019-2023"`` → (2019, 2023); ``"2021"`` → (2021, 2021); None or "" → None.

    Raises :class:`InputError` (field ``years``; the message names ``label``, e.g. the CLI
    flag ``--years``) for anything else, a first year after the last, or a window longer
    than ``max_span`` years.
    """
    if text is None or not text.strip():
        return None
    m = _RANGE.fullmatch(text)
    if m is None:
        raise InputError(f"{label} {text!r}: expected YEAR or FIRST-LAST, e.g. 2019-2023",
                         field="years")
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if first > last:
        raise InputError(f"{label} {text!r}: the first year is after the last", field="years")
    if max_span is not None and last - first > max_span:
        raise InputError(f"{label} {text!r}: at most {max_span} years", field="years")
    return first, last
