"""Charts over a tender simulation (the ``chuhai tender simulate --json`` dict) and over the
award evidence (the ``chuhai tender history --json`` dict)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chuhai.charts.style import ACCENT, OTHERS, US, Figure, layout

__all__ = ["ORIGIN_KEYS", "win_probability", "winner_shares", "winners_by_method"]


def win_probability(result: Mapping[str, Any], *, title: str, y_title: str = "") -> Figure:
    """Each bidder's probability of winning (``result["win_probability"]``)."""
    probs = dict(result.get("win_probability") or {})
    return {
        "data": [{"type": "bar", "x": list(probs), "y": [float(v) for v in probs.values()],
                  "marker": {"color": ACCENT}}],
        "layout": layout(title, yaxis={"tickformat": ".0%", "range": [0, 1],
                                       "title": {"text": y_title}}),
    }


ORIGIN_KEYS = ("domestic", "bloc", "chinese", "other")
ORIGIN_COLOURS = {"domestic": ACCENT, "bloc": "#2e86c1", "chinese": US, "other": OTHERS}


def winner_shares(result: Mapping[str, Any], *, title: str, names: Mapping[str, str]) -> Figure:
    """Shares of awards won by each origin (``result["shares"]``) with their Wilson
    intervals as error bars and ``k/n`` as the bar text."""
    s = result.get("shares") or {}
    xs, ys, lo, hi, text = [], [], [], [], []
    for o in ORIGIN_KEYS:
        v = s.get(f"{o}_share")
        low, high = (s.get("intervals") or {}).get(o, (0.0, 1.0))
        xs.append(names.get(o, o))
        ys.append(0.0 if v is None else float(v))
        lo.append(0.0 if v is None else float(v) - float(low))
        hi.append(0.0 if v is None else float(high) - float(v))
        text.append(f"{(s.get('counts') or {}).get(o, 0)}/{s.get('n', 0)}")
    return {
        "data": [{"type": "bar", "x": xs, "y": ys, "text": text, "textposition": "outside",
                  "marker": {"color": [ORIGIN_COLOURS[o] for o in ORIGIN_KEYS]},
                  "error_y": {"type": "data", "symmetric": False, "array": hi, "arrayminus": lo}}],
        "layout": layout(title, yaxis={"tickformat": ".0%", "range": [0, 1.05]}),
    }


def winners_by_method(result: Mapping[str, Any], *, title: str, names: Mapping[str, str],
                      methods: Mapping[str, str] | None = None) -> Figure:
    """Stacked shares of winner origins per procurement method (``result["by_method"]``),
    the award count ``n`` in each method's label."""
    rows = list(result.get("by_method") or [])
    labels = [f"{(methods or {}).get(r['method'], r['method'])} (n={r['n']})" for r in rows]
    data = [{"type": "bar", "name": names.get(o, o), "x": labels,
             "y": [0.0 if r.get(f"{o}_share") is None else float(r[f"{o}_share"]) for r in rows],
             "marker": {"color": ORIGIN_COLOURS[o]}} for o in ORIGIN_KEYS]
    return {"data": data, "layout": layout(title, barmode="stack", yaxis={"tickformat": ".0%", "range": [0, 1]})}
