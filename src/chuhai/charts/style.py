"""The look shared by every chart: margins, font, the colours of "us", "them" and the rest,
and money on axes and in hover texts in the reader's language (through :mod:`chuhai.numbers`,
as sentences and tables write it)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from chuhai import numbers

__all__ = ["ACCENT", "BASE_LAYOUT", "MUTED", "OTHERS", "US", "Figure", "colour_of", "layout",
           "money_axis", "money_hover", "money_texts", "nice_ticks"]

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


def nice_ticks(values: Sequence[float], n: int = 5) -> list[float]:
    """About ``n`` round tick values (1, 2, 2.5 or 5 × 10^k apart) covering ``values`` and 0."""
    lo, hi = min([0.0, *values]), max([0.0, *values])
    if hi - lo <= 0:
        return [lo]
    rough = (hi - lo) / max(n - 1, 1)
    mag = 10 ** math.floor(math.log10(rough))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= rough)
    first, last = math.floor(lo / step), math.ceil(hi / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


def money_axis(values: Sequence[float], lang: str, scale: float = 1.0) -> dict[str, Any]:
    """Axis keys (``tickvals``/``ticktext``) for money plotted divided by ``scale``: ticks
    read ``500万``, ``1.5亿`` in Chinese and ``250K``, ``1.2M`` in English
    (:func:`chuhai.numbers.money_tick`)."""
    ticks = nice_ticks([v for v in values if not numbers.missing(v)])
    return {"tickmode": "array", "tickvals": ticks,
            "ticktext": [numbers.money_tick(t * scale, lang) for t in ticks]}


def money_texts(values: Sequence[float | None], lang: str, scale: float = 1.0) -> list[str]:
    """Hover texts for money plotted divided by ``scale``, as sentences write it
    (``US$6,570.95万``, ``3.54亿美元``; ``$65.7M``)."""
    return [numbers.money(None if numbers.missing(v) else float(v or 0) * scale, lang)
            for v in values]


def money_hover(trace: dict[str, Any], texts: Sequence[str], label: str) -> dict[str, Any]:
    """``trace`` with ``texts`` as its hover text after ``label`` (a Plotly ``%{...}`` field)."""
    return {**trace, "customdata": list(texts),
            "hovertemplate": f"{label}: %{{customdata}}<extra>%{{fullData.name}}</extra>"}
