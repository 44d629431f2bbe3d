"""Paint a chart spec of :mod:`chuhai.charts` as a static PNG ``data:`` URI, for the plan
report and its PDF (matplotlib, no network, no files; Chinese via the CJK font).

Understood: bar traces (vertical, or horizontal with ``orientation="h"``; several traces
side by side, or stacked with ``barmode="stack"``) and scatter traces with markers and
text. The spec's title, axis titles, percent tick format, explicit tick texts (money in
万/亿) and reversed y axis are kept.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as Canvas
from matplotlib.ticker import PercentFormatter

from chuhai.charts import Figure
from chuhai.report.fonts import cjk_font

__all__ = ["png"]

_SYMBOLS = {"star": "*", "circle": "o"}


def _font() -> font_manager.FontProperties | None:
    path = cjk_font()
    return font_manager.FontProperties(fname=str(path)) if path else None


def _title(axis: dict[str, Any]) -> str:
    return str((axis.get("title") or {}).get("text") or "")


def _bars(ax: Axes, traces: list[dict[str, Any]], stack: bool, fp: font_manager.FontProperties | None) -> None:
    horizontal = traces[0].get("orientation") == "h"
    cats = [str(c) for c in (traces[0]["y"] if horizontal else traces[0]["x"])]
    n = 1 if stack else len(traces)
    width = 0.8 / n
    acc = [0.0] * len(cats)
    for k, tr in enumerate(traces):
        values = [float(v or 0) for v in (tr["x"] if horizontal else tr["y"])]
        pos = [i + (0 if stack else (k - (n - 1) / 2) * width) for i in range(len(cats))]
        colour = (tr.get("marker") or {}).get("color")
        kw: dict[str, Any] = {"label": tr.get("name")}
        if colour is not None and not (isinstance(colour, str) and colour.startswith("hsl")):
            kw["color"] = colour
        if horizontal:
            ax.barh(pos, values, height=width, left=acc if stack else None, **kw)
        else:
            ax.bar(pos, values, width=width, bottom=acc if stack else None, **kw)
        if stack:
            acc = [a + v for a, v in zip(acc, values, strict=True)]
    ticks = list(range(len(cats)))
    if horizontal:
        ax.set_yticks(ticks)
        ax.set_yticklabels(cats, fontproperties=fp)
    else:
        ax.set_xticks(ticks)
        ax.set_xticklabels(cats, fontproperties=fp)
    ax.grid(axis="x" if horizontal else "y", alpha=0.3)


def _scatter(ax: Axes, traces: list[dict[str, Any]], fp: font_manager.FontProperties | None) -> None:
    for tr in traces:
        marker = tr.get("marker") or {}
        size = float(marker.get("size") or 8)
        ax.scatter(tr["x"], tr["y"], s=0.4 * size**2, color=marker.get("color"),
                   marker=_SYMBOLS.get(marker.get("symbol", "circle"), "o"), zorder=3,
                   label=tr.get("name"))
        for label, x, y in zip(tr.get("text") or [], tr["x"], tr["y"], strict=False):
            ax.annotate(str(label), (x, y), textcoords="offset points", xytext=(5, 4),
                        fontproperties=fp, fontsize=8)
    ax.grid(alpha=0.3)


def png(fig: Figure, *, width: float = 7.0) -> str:
    """The chart as ``data:image/png;base64,...``."""
    fp = _font()
    lay = fig.get("layout", {})
    traces = list(fig.get("data", []))
    rows = max((len(t.get("y") or []) for t in traces if t.get("orientation") == "h"), default=0)
    height = 0.35 * max(rows, 4) + 1.2 if rows else 4.2
    mfig = Canvas(figsize=(width, height))  # matplotlib's object API: pyplot (0.3-2 s) unused
    FigureCanvasAgg(mfig)
    ax = mfig.subplots()
    if traces and all(t.get("type") == "bar" for t in traces):
        _bars(ax, traces, lay.get("barmode") == "stack", fp)
    else:
        _scatter(ax, traces, fp)
    xaxis, yaxis = lay.get("xaxis", {}), lay.get("yaxis", {})
    if yaxis.get("autorange") == "reversed":
        ax.invert_yaxis()
    for axis, which in ((xaxis, ax.xaxis), (yaxis, ax.yaxis)):
        if axis.get("tickmode") == "array" and axis.get("tickvals"):  # money ticks (万/亿)
            which.set_ticks(list(axis["tickvals"]))
            which.set_ticklabels([str(t) for t in axis.get("ticktext", axis["tickvals"])],
                                 fontproperties=fp)
        if str(axis.get("tickformat", "")).endswith("%"):
            which.set_major_formatter(PercentFormatter(1.0))
    if "range" in yaxis:
        ax.set_ylim(*yaxis["range"])
    ax.set_title(_title(lay), fontproperties=fp)
    ax.set_xlabel(_title(xaxis), fontproperties=fp)
    ax.set_ylabel(_title(yaxis), fontproperties=fp)
    if len(traces) > 1 or any(t.get("name") for t in traces):
        ax.legend(prop=fp, fontsize=8)
    buf = io.BytesIO()
    mfig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
