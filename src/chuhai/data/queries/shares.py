"""Shares of award counts with their Wilson score interval, and the winner-origin classes.

A share is ``k`` of ``n`` award × supplier rows; its 95 % Wilson interval (Wilson 1927)
stays inside 0–1 and is honest for small ``n`` and for ``k`` at 0 or ``n``, where the
normal approximation collapses to a point. ``SMALL_SAMPLE`` is the count under which every
output says the sample is small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from chuhai.data.reference.blocs import load_blocs

__all__ = ["ORIGINS", "SMALL_SAMPLE", "Z95", "Origin", "Share", "origin_of", "regional_blocs", "share", "wilson"]

Origin = Literal["domestic", "bloc", "chinese", "other"]
#: winner-origin classes, in the order they are decided: a supplier registered in the buyer
#: country is domestic; else a Chinese one is Chinese; else one in a bloc with the buyer is
#: "bloc"; anyone else is "other"
ORIGINS: tuple[Origin, ...] = ("domestic", "bloc", "chinese", "other")
Z95 = 1.959963984540054
#: below this many award rows with a known supplier country a share is called a small sample
SMALL_SAMPLE = 20


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``k`` successes in ``n`` trials (``(0, 1)`` when n = 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, slots=True)
class Share:
    """``k`` of ``n`` as a share with its 95 % Wilson interval (share None when n = 0)."""

    k: int
    n: int
    share: float | None
    low: float
    high: float


def share(k: int, n: int) -> Share:
    low, high = wilson(k, n)
    return Share(k=k, n=n, share=(k / n) if n else None, low=low, high=high)


@cache
def regional_blocs() -> tuple[tuple[str, date, tuple[tuple[str, date, date | None], ...]], ...]:
    """``(id, in_force, ((member, joined, left), ...))`` of the plurilateral blocs in
    ``blocs.toml`` (customs unions and regional FTAs; China's bilateral FTAs are not blocs)."""
    out = []
    for a in load_blocs():
        if len(a.members) <= 2:
            continue
        out.append((a.id, a.in_force, tuple((m, a.joined_on(m), a.left.get(m)) for m in a.members)))
    return tuple(out)


def _bloc_of(buyer: str, supplier: str, day: date) -> str | None:
    for bloc_id, _in_force, members in regional_blocs():
        both = [m for m, joined, left in members
                if m in (buyer, supplier) and joined <= day and (left is None or left > day)]
        if len(both) == 2:
            return bloc_id
    return None


def origin_of(buyer: str, supplier: str | None, day: date) -> tuple[Origin | None, str | None]:
    """``(origin class, bloc id)`` of a supplier country for a buyer on ``day`` (the award
    date, else 1 January of its year); ``(None, None)`` when the supplier country is unknown."""
    if not supplier:
        return None, None
    if supplier == buyer:
        return "domestic", None
    if supplier == "CHN":
        return "chinese", None
    bloc = _bloc_of(buyer, supplier, day)
    return ("bloc", bloc) if bloc else ("other", None)
