"""Plotly figure specs (plain dicts) for the pages; drawn by static/app.js from JSON blocks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["competitors_bar", "decomposition_bar", "frontier_scatter", "market_map", "tornado",
           "win_bars"]

_LAYOUT = {"margin": {"l": 60, "r": 20, "t": 40, "b": 40}, "font": {"size": 12}}


def market_map(markets: list[dict[str, Any]], *, title: str, label: str) -> dict[str, Any]:
    """World choropleth of untapped potential (USD) by ISO3."""
    return {
        "data": [{
            "type": "choropleth", "locationmode": "ISO-3",
            "locations": [m["importer"] for m in markets],
            "z": [m.get("untapped_usd") or 0 for m in markets],
            "text": [f"#{m['rank']} {m.get('name') or m['importer']}" for m in markets],
            "colorscale": "YlOrRd", "colorbar": {"title": {"text": label}},
        }],
        "layout": {**_LAYOUT, "title": {"text": title},
                   "geo": {"projection": {"type": "natural earth"}, "showframe": False}},
    }


def competitors_bar(market: dict[str, Any], exporter: str, *, title: str) -> dict[str, Any]:
    sup = market.get("top_suppliers", [])
    return {
        "data": [{"type": "bar", "orientation": "h",
                  "y": [s["exporter"] for s in sup], "x": [s["share"] for s in sup],
                  "marker": {"color": ["#c0392b" if s["exporter"] == exporter else "#5d6d7e" for s in sup]}}],
        "layout": {**_LAYOUT, "title": {"text": title}, "xaxis": {"tickformat": ".0%"},
                   "yaxis": {"autorange": "reversed"}, "height": 60 + 40 * max(len(sup), 2)},
    }


def decomposition_bar(market: dict[str, Any], *, title: str,
                      names: dict[str, str]) -> dict[str, Any]:
    """Export potential against actual exports, untapped and the top-6 benchmark (USD/year);
    ``names`` labels the keys potential, actual, untapped, benchmark."""
    values = {"potential": market.get("potential_usd"), "actual": market.get("exporter_exports_usd"),
              "untapped": market.get("untapped_usd"), "benchmark": market.get("benchmark_untapped_usd")}
    return {
        "data": [{"type": "bar", "x": [names[k] for k in values],
                  "y": [v or 0 for v in values.values()],
                  "marker": {"color": ["#1f5fa8", "#5d6d7e", "#c0392b", "#e67e22"]}}],
        "layout": {**_LAYOUT, "title": {"text": title}, "height": 320},
    }


def frontier_scatter(modes: list[dict[str, Any]], *, title: str, x: str, y: str) -> dict[str, Any]:
    """Firm NPV against local value added; the Pareto set highlighted."""
    return {
        "data": [{"type": "scatter", "mode": "markers+text",
                  "x": [m.get("local_value_added_usd") for m in modes],
                  "y": [m.get("firm_npv_usd") for m in modes],
                  "text": [m["mode"] for m in modes], "textposition": "top center",
                  "marker": {"size": [16 if m.get("pareto") else 9 for m in modes],
                             "color": ["#c0392b" if m.get("pareto") else "#5d6d7e" for m in modes]}}],
        "layout": {**_LAYOUT, "title": {"text": title}, "xaxis": {"title": {"text": x}},
                   "yaxis": {"title": {"text": y}}},
    }


def tornado(rows: list[dict[str, Any]], *, title: str, low: str, high: str,
            label: Callable[[str], str] = str) -> dict[str, Any]:
    """Rows ``{"variable", "low", "high", "base"}`` (NPV at the low/high input)."""
    rows = sorted(rows, key=lambda r: abs((r.get("high") or 0) - (r.get("low") or 0)))
    names = [label(r["variable"]) for r in rows]
    base = rows[0].get("base", 0) if rows else 0
    return {
        "data": [
            {"type": "bar", "orientation": "h", "name": low, "y": names,
             "x": [(r.get("low") or 0) - base for r in rows], "base": base},
            {"type": "bar", "orientation": "h", "name": high, "y": names,
             "x": [(r.get("high") or 0) - base for r in rows], "base": base},
        ],
        "layout": {**_LAYOUT, "title": {"text": title}, "barmode": "overlay"},
    }


def win_bars(probabilities: dict[str, float], *, title: str) -> dict[str, Any]:
    return {
        "data": [{"type": "bar", "x": list(probabilities), "y": list(probabilities.values()),
                  "marker": {"color": "#1e7d4f"}}],
        "layout": {**_LAYOUT, "title": {"text": title}, "yaxis": {"tickformat": ".0%", "range": [0, 1]}},
    }
