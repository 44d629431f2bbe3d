"""The scan's filters checked against what the warehouse holds, before anything is read.

A region, income group or agreement the warehouse does not know is an error naming the
filter and listing the values it holds (so ``--agreement BRI`` without BRI imported
says so instead of returning no market); a known value that keeps no market is fine.
Matching is case-insensitive, as in :func:`chuhai.markets.ranking.apply_filters`.
"""

from __future__ import annotations

import re

from chuhai.data.queries.countries import FilterChoices
from chuhai.errors import NotFoundError
from chuhai.markets.types import Filters

__all__ = ["check_filters"]

#: Filter field -> (what it names, in the error message).
_WHAT = {"regions": "region", "income_groups": "income group", "agreements": "agreement"}


def _shown(value: str) -> str:
    """The value as echoed in the error: characters outside names and codes (markup,
    quotes) become ``?`` — the message reaches web responses."""
    return re.sub(r"[^\w .,&()/+-]", "?", value)[:60]


def check_filters(f: Filters, choices: FilterChoices) -> None:
    """Raise :class:`NotFoundError` (field ``filters.<name>``) for a value not in ``choices``:
    like an unknown country, an agreement, region or income group the warehouse does not
    hold is something named that does not exist (HTTP 404, exit 1)."""
    for name, what in _WHAT.items():
        known: tuple[str, ...] = getattr(choices, name)
        lower = {k.lower() for k in known}
        bad = [v for v in getattr(f, name) if v.lower() not in lower]
        if bad:
            held = ", ".join(known) if known else "none"
            given = ", ".join(repr(_shown(b)) for b in bad)
            raise NotFoundError(
                f"unknown {what} {given}; the warehouse holds: {held}",
                field=f"filters.{name}", valid=list(known))
