"""Static charts for reports (matplotlib PNG as ``data:`` URIs; no network, no files)."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from chuhai.report.fonts import cjk_font  # noqa: E402

__all__ = ["bar_chart", "scatter_chart"]


def _font() -> font_manager.FontProperties | None:
    path = cjk_font()
    return font_manager.FontProperties(fname=str(path)) if path else None


def _png(fig: plt.Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def bar_chart(labels: Sequence[str], series: dict[str, Sequence[float]], *, title: str,
              ylabel: str) -> str:
    """Grouped horizontal bars; ``series`` maps a legend label to one value per label."""
    fp = _font()
    fig, ax = plt.subplots(figsize=(7.0, 0.35 * max(len(labels), 4) + 1.2))
    n = max(len(series), 1)
    height = 0.8 / n
    for k, (name, values) in enumerate(series.items()):
        pos = [i + k * height for i in range(len(labels))]
        ax.barh(pos, list(values), height=height, label=name)
    ax.set_yticks([i + 0.4 - height / 2 for i in range(len(labels))])
    ax.set_yticklabels(list(labels), fontproperties=fp)
    ax.invert_yaxis()
    ax.set_title(title, fontproperties=fp)
    ax.set_xlabel(ylabel, fontproperties=fp)
    ax.legend(prop=fp, fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)


def scatter_chart(points: Sequence[tuple[str, float, float, bool]], *, title: str, xlabel: str,
                  ylabel: str) -> str:
    """Labelled scatter (label, x, y, highlighted): the entry frontier."""
    fp = _font()
    fig, ax = plt.subplots(figsize=(7.0, 4.2))
    for label, x, y, hi in points:
        ax.scatter([x], [y], s=70 if hi else 35, color="#c0392b" if hi else "#5d6d7e", zorder=3)
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(5, 4), fontproperties=fp,
                    fontsize=8)
    ax.set_title(title, fontproperties=fp)
    ax.set_xlabel(xlabel, fontproperties=fp)
    ax.set_ylabel(ylabel, fontproperties=fp)
    ax.grid(alpha=0.3)
    return _png(fig)
