"""Country names in the reader's language, applied once for every renderer."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from chuhai.data.reference.countries import country_table

__all__ = ["localised_scan"]


@cache
def _zh() -> dict[str, str]:
    return {c.iso3: c.name_zh for c in country_table() if c.name_zh}


def localised_scan(scan: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A copy of a market scan's dict whose markets carry their name in ``lang`` (Chinese
    from the reference table, else the name or code they have); the input, often a shared
    cached scan, is never changed."""
    if lang != "zh":
        return dict(scan)
    zh = _zh()
    markets = [{**m, "name": zh.get(m["importer"], m.get("name") or m["importer"])}
               for m in scan.get("markets", [])]
    return {**scan, "markets": markets}
