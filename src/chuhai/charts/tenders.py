"""Charts over a tender simulation (the ``chuhai tender simulate --json`` dict)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chuhai.charts.style import ACCENT, Figure, layout

__all__ = ["win_probability"]


def win_probability(result: Mapping[str, Any], *, title: str, y_title: str = "") -> Figure:
    """Each bidder's probability of winning (``result["win_probability"]``)."""
    probs = dict(result.get("win_probability") or {})
    return {
        "data": [{"type": "bar", "x": list(probs), "y": [float(v) for v in probs.values()],
                  "marker": {"color": ACCENT}}],
        "layout": layout(title, yaxis={"tickformat": ".0%", "range": [0, 1],
                                       "title": {"text": y_title}}),
    }
