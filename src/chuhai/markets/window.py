"""What a scan is about, as the engine sees it: the window type and product codes come
from the read side (:mod:`chuhai.data.queries.window`); the coverage sentence is here.
"""

from __future__ import annotations

from typing import Any

from chuhai.data.queries.window import Window, resolve_product

__all__ = ["Window", "coverage_note", "resolve_product"]


def coverage_note(cov: dict[str, Any]) -> str | None:
    if not cov["partial"]:
        return None
    who = f" ({', '.join(cov['exporters_listed'])})" if cov.get("exporters_listed") else ""
    return (f"partial world: the warehouse holds exports of only {cov['exporters']} "
            f"reporter(s){who} against {cov['importers']} importers — world imports, market "
            "shares, competitors and the export potential cover only these exporters")
