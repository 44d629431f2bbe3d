"""Charts over an entry plan (the ``chuhai plan --json`` dict): the frontier of firm NPV
against local value created, the tornado of what moves the NPV, the Monte Carlo histogram."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from chuhai.charts.style import MUTED, US, Figure, layout, money_axis, money_hover, money_texts

__all__ = ["frontier", "montecarlo", "tornado"]


def frontier(plan: Mapping[str, Any], *, title: str, x: str, y: str,
             names: Sequence[str] = ("Pareto set", "dominated"), text: str = "mode",
             scale: float = 1.0, lang: str = "en") -> Figure:
    """Firm NPV against local value added per entry mode, the Pareto set highlighted.

    ``names`` labels the Pareto and the dominated modes, ``text`` is the mode key shown
    beside each point (``mode`` or ``label``), values are divided by ``scale``.
    """
    modes = list(plan.get("modes", []))
    data = []
    for on, name, symbol, size, colour in ((True, names[0], "star", 14, US),
                                           (False, names[1], "circle", 10, MUTED)):
        pts = [m for m in modes if bool(m.get("pareto")) is on]
        px = [(m.get("local_value_added_usd") or 0) / scale for m in pts]
        py = [(m.get("firm_npv_usd") or 0) / scale for m in pts]
        data.append({"type": "scatter", "mode": "markers+text", "name": name, "x": px, "y": py,
                     "text": [m[text] for m in pts], "textposition": "top center",
                     "marker": {"size": size, "symbol": symbol, "color": colour},
                     "customdata": [list(p) for p in zip(money_texts(px, lang, scale),
                                                         money_texts(py, lang, scale), strict=True)],
                     "hovertemplate": f"%{{text}}<br>{x}: %{{customdata[0]}}<br>{y}: "
                                      "%{customdata[1]}<extra></extra>"})
    xs = [(m.get("local_value_added_usd") or 0) / scale for m in modes] or [0.0]
    ys = [(m.get("firm_npv_usd") or 0) / scale for m in modes] or [0.0]
    pad = 0.15 * ((max(xs) - min(xs)) or 1.0)
    return {"data": data,
            "layout": layout(title, height=480,
                             xaxis={"title": {"text": x}, "range": [min(xs) - pad, max(xs) + pad],
                                    **money_axis(xs, lang, scale)},
                             yaxis={"title": {"text": y}, **money_axis(ys, lang, scale)})}


def _bar_label(bar: Mapping[str, Any]) -> str:
    return str(bar["variable"])


def tornado(plan: Mapping[str, Any], *, title: str, low: str, high: str, x_title: str = "",
            label: Callable[[Mapping[str, Any]], str] = _bar_label, lang: str = "en") -> Figure:
    """Firm NPV at the low and the high value of each input (``plan["tornado"]["bars"]``),
    widest swing on top; ``label`` names a bar from its dict."""
    bars = sorted(plan.get("tornado", {}).get("bars", []),
                  key=lambda b: abs((b.get("npv_high") or 0) - (b.get("npv_low") or 0)))
    names = [label(b) for b in bars]
    base = bars[0].get("base_npv") or 0 if bars else 0
    lows = [b.get("npv_low") or 0 for b in bars]
    highs = [b.get("npv_high") or 0 for b in bars]
    return {
        "data": [
            money_hover({"type": "bar", "orientation": "h", "name": low, "y": names,
                         "x": [v - base for v in lows], "base": base}, money_texts(lows, lang), "%{y}"),
            money_hover({"type": "bar", "orientation": "h", "name": high, "y": names,
                         "x": [v - base for v in highs], "base": base}, money_texts(highs, lang), "%{y}"),
        ],
        "layout": layout(title, barmode="overlay", height=380,
                         xaxis={"title": {"text": x_title}, **money_axis([base, *lows, *highs], lang)}),
    }


def montecarlo(mode: Mapping[str, Any], *, title: str, x_title: str, y_title: str,
               name: str = "draws", lang: str = "en") -> Figure:
    """Histogram of the simulated firm NPV of one mode (``mode["montecarlo"]``), with its
    P10, P50 and P90 marked."""
    mc = mode["montecarlo"]
    e = list(mc["hist_edges"])
    mids = [(e[i] + e[i + 1]) / 2 for i in range(len(e) - 1)]
    marks = (("P10", mc["p10"]), ("P50", mc["p50"]), ("P90", mc["p90"]))
    return {
        "data": [{"type": "bar", "x": mids, "y": list(mc["hist_counts"]), "name": name,
                  "customdata": money_texts(mids, lang),
                  "hovertemplate": "%{customdata}: %{y}<extra></extra>"}],
        "layout": layout(
            title, height=380, xaxis={"title": {"text": x_title}, **money_axis(e, lang)},
            yaxis={"title": {"text": y_title}},
            shapes=[{"type": "line", "x0": v, "x1": v, "xref": "x", "y0": 0, "y1": 1, "yref": "paper",
                     "line": {"dash": "dash"}} for _, v in marks],
            annotations=[{"text": lbl, "x": v, "xref": "x", "y": 1, "yref": "paper",
                          "yanchor": "bottom", "showarrow": False} for lbl, v in marks]),
    }
