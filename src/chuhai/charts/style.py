"""The look shared by every chart: margins, font, the colours of "us", "them" and the rest."""

from __future__ import annotations

from typing import Any

__all__ = ["ACCENT", "BASE_LAYOUT", "MUTED", "OTHERS", "US", "Figure", "colour_of", "layout"]

#: A Plotly figure spec: ``{"data": [trace, ...], "layout": {...}}`` (plain JSON).
Figure = dict[str, Any]

US = "#c0392b"        # the exporter / the recommended or Pareto-efficient choice
MUTED = "#5d6d7e"     # everything else of the same kind
OTHERS = "#cccccc"    # the remainder (other suppliers)
ACCENT = "#1e7d4f"    # a single-series bar (win probability)
BASE_LAYOUT: dict[str, Any] = {"margin": {"l": 60, "r": 20, "t": 50, "b": 40}, "font": {"size": 12}}


def layout(title: str, **extra: Any) -> dict[str, Any]:
    """The base layout with a title and any further layout keys."""
    return {**BASE_LAYOUT, "title": {"text": title}, **extra}


def colour_of(code: str) -> str:
    """A stable muted colour per country code (never the exporter's red)."""
    h = sum(ord(c) * 31 ** i for i, c in enumerate(code)) % 360
    return f"hsl({h}, 45%, 55%)"
