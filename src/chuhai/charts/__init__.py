"""One chart module over results, for every renderer.

Each function takes a result's JSON dict (what ``to_dict()`` / :func:`chuhai.serialise.to_json`
gives: a market scan, an entry plan, a tender simulation) and the labels to show, and
returns a Plotly figure spec — plain JSON ``{"data": [...], "layout": {...}}``. The web pages
draw it with ``static/app.js``, the offline pages with the inlined plotly.js
(``plotly.graph_objects.Figure(spec)``), the plan report paints it as a PNG
(:mod:`chuhai.report.png`). Labels come from the caller (translated there); nothing here
imports a renderer or an engine.
"""

from __future__ import annotations

from chuhai.charts.entry import frontier, montecarlo, tornado
from chuhai.charts.markets import (
    MAX_BARS,
    competitors,
    decomposition,
    market_map,
    potential_bars,
    untapped_bars,
)
from chuhai.charts.style import Figure
from chuhai.charts.tenders import ORIGIN_KEYS, win_probability, winner_shares, winners_by_method

__all__ = ["MAX_BARS", "ORIGIN_KEYS", "Figure", "competitors", "decomposition", "frontier", "market_map",
           "montecarlo", "potential_bars", "tornado", "untapped_bars", "win_probability",
           "winner_shares", "winners_by_method"]
