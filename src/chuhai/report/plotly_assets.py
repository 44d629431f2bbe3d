"""Offline Plotly: the JS bundle from the installed ``plotly`` package (never a CDN).

API (tiny, shared with the web app):

* :func:`plotly_js` — the plotly.min.js source text, for inlining in a page;
* :func:`plotly_js_path` — the file itself, for serving or copying beside a page;
* :func:`topojson_path` — the world topojson for geo maps, if a copy is bundled
  (``chuhai/web/static/topojson/<name>.json``), else None;
* :func:`geo_assets_script` — a ``<script>`` body that registers that topojson as
  ``window.PlotlyGeoAssets`` so choropleths render offline (empty string if absent).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["geo_assets_script", "plotly_js", "plotly_js_path", "topojson_path"]


@cache
def plotly_js() -> str:
    """plotly.min.js as text (about 4.5 MB), from the installed plotly package."""
    from plotly.offline import get_plotlyjs  # lazy: start-up: only when used

    return str(get_plotlyjs())


def plotly_js_path() -> Path:
    """Path of plotly.min.js inside the installed plotly package."""
    import plotly  # lazy: start-up: only when used

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def topojson_path(name: str = "world_110m") -> Path | None:
    """The bundled topojson file ``name`` (plotly.js geo naming), or None."""
    here = Path(__file__).resolve().parent.parent
    for cand in (here / "web" / "static" / "topojson" / f"{name}.json",
                 here / "report" / "static" / f"{name}.json"):
        if cand.is_file():
            return cand
    return None


def geo_assets_script(name: str = "world_110m") -> str:
    """JS that hands plotly.js the topojson so it never fetches it ("" if none bundled)."""
    path = topojson_path(name)
    if path is None:
        return ""
    data = path.read_text(encoding="utf-8")
    return ("window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};"
            f"window.PlotlyGeoAssets.topojson[{name!r}] = {data};")
