"""Charts over a market scan (the ``chuhai markets --json`` dict): the world map of untapped
potential, the untapped ranking, the ITC decomposition, one market's potential against its
actual exports, and who supplies each market."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from chuhai.charts.style import (
    MUTED,
    OTHERS,
    US,
    Figure,
    colour_of,
    layout,
    money_axis,
    money_hover,
    money_texts,
)

__all__ = ["MAX_BARS", "competitors", "decomposition", "market_map", "potential_bars",
           "untapped_bars"]

#: Markets shown in a bar chart over the whole ranking.
MAX_BARS = 20


def _name(m: Mapping[str, Any]) -> str:
    return str(m.get("name") or m["importer"])


def market_map(scan: Mapping[str, Any], *, title: str, label: str, geo: bool = True,
               lang: str = "en") -> Figure:
    """World choropleth of untapped potential (USD/year) by ISO3; without world geometry
    (``geo=False``) the top :data:`MAX_BARS` markets as bars instead. Money ticks and hover
    texts read in ``lang`` (万/亿 in Chinese)."""
    ms = list(scan.get("markets", []))
    if not geo:
        top = sorted(ms, key=lambda m: -(m.get("untapped_usd") or 0))[:MAX_BARS]
        ys = [m.get("untapped_usd") or 0 for m in top]
        bar = {"type": "bar", "x": [m["importer"] for m in top], "y": ys, "name": label}
        return {"data": [money_hover(bar, money_texts(ys, lang), "%{x}")],
                "layout": layout(title, height=480, yaxis=money_axis(ys, lang))}
    zs = [m.get("untapped_usd") or 0 for m in ms]
    return {
        "data": [{
            "type": "choropleth", "locationmode": "ISO-3",
            "locations": [m["importer"] for m in ms],
            "z": zs,
            "text": [f"#{m['rank']} {_name(m)}" for m in ms],
            "customdata": money_texts(zs, lang),
            "hovertemplate": "%{text}: %{customdata}<extra></extra>",
            "colorscale": "YlOrRd", "colorbar": {"title": {"text": label}, **money_axis(zs, lang)},
        }],
        "layout": layout(title, height=480,
                         geo={"projection": {"type": "natural earth"}, "showframe": False}),
    }


def untapped_bars(scan: Mapping[str, Any], *, title: str, x_title: str, names: Sequence[str],
                  top: int = 10, scale: float = 1.0, lang: str = "en") -> Figure:
    """Untapped potential and the top-6 benchmark of the first ``top`` ranked markets, as
    grouped horizontal bars (values divided by ``scale``); ``names`` labels the two series."""
    ms = list(scan.get("markets", []))[:top]
    keys = ("untapped_usd", "benchmark_untapped_usd")
    series = [[(m.get(key) or 0) / scale for m in ms] for key in keys]
    data = [money_hover({"type": "bar", "orientation": "h", "name": name, "y": [_name(m) for m in ms],
                         "x": xs}, money_texts(xs, lang, scale), "%{y}")
            for name, xs in zip(names, series, strict=True)]
    return {
        "data": data,
        "layout": layout(title, barmode="group",
                         xaxis={"title": {"text": x_title},
                                **money_axis([x for xs in series for x in xs], lang, scale)},
                         yaxis={"autorange": "reversed"}, height=120 + 30 * max(len(ms), 4)),
    }


def decomposition(scan: Mapping[str, Any], *, title: str, subtitles: Sequence[str],
                  lang: str = "en") -> Figure:
    """ITC export potential = supply × demand × ease for the first :data:`MAX_BARS` markets,
    one panel per factor (``subtitles``: supply, demand, ease); demand (USD) in ``lang``'s
    money style."""
    ms = list(scan.get("markets", []))[:MAX_BARS]
    names = [m["importer"] for m in ms]
    panels = (("x", (0.0, 0.3)), ("x2", (0.35, 0.65)), ("x3", (0.7, 1.0)))
    data = [{"type": "bar", "orientation": "h", "showlegend": False, "xaxis": axis, "yaxis": "y",
             "y": names, "x": [m.get(key) for m in ms]}
            for (axis, _), key in zip(panels, ("supply", "demand", "ease"), strict=True)]
    demand = [m.get("demand") or 0 for m in ms]
    data[1] = money_hover(data[1], money_texts(demand, lang), "%{y}")
    axes: dict[str, Any] = {
        ("xaxis" + axis[1:]): {"domain": list(dom), "anchor": "y"} for axis, dom in panels}
    axes["xaxis2"].update(money_axis(demand, lang))
    notes = [{"text": sub, "x": (dom[0] + dom[1]) / 2, "y": 1.0, "xref": "paper", "yref": "paper",
              "xanchor": "center", "yanchor": "bottom", "showarrow": False}
             for (_, dom), sub in zip(panels, subtitles, strict=True)]
    return {"data": data,
            "layout": layout(title, **axes, yaxis={"autorange": "reversed"}, annotations=notes,
                             height=140 + 22 * len(ms), margin={"l": 60, "r": 20, "t": 70, "b": 40})}


def potential_bars(market: Mapping[str, Any], *, title: str, names: Mapping[str, str],
                   lang: str = "en") -> Figure:
    """One market's export potential against actual exports, untapped and the top-6
    benchmark (USD/year); ``names`` labels the keys potential, actual, untapped, benchmark."""
    values = {"potential": market.get("potential_usd"), "actual": market.get("exporter_exports_usd"),
              "untapped": market.get("untapped_usd"), "benchmark": market.get("benchmark_untapped_usd")}
    ys = [v or 0 for v in values.values()]
    bar = {"type": "bar", "x": [names[k] for k in values], "y": ys,
           "marker": {"color": ["#1f5fa8", MUTED, US, "#e67e22"]}}
    return {
        "data": [money_hover(bar, money_texts(ys, lang), "%{x}")],
        "layout": layout(title, height=320, yaxis=money_axis(ys, lang)),
    }


def competitors(scan: Mapping[str, Any], *, title: str, others: str,
                importers: Sequence[str] | None = None) -> Figure:
    """Who supplies each market (share of its imports), stacked: the exporter in red, each
    top rival in its own colour, the rest grey; one bar per market of ``importers`` (default:
    the first :data:`MAX_BARS` ranked)."""
    ms = list(scan.get("markets", []))
    if importers is None:
        ms = ms[:MAX_BARS]
    else:
        ms = [m for code in importers for m in ms if m["importer"] == code]
    rows = [_name(m) for m in ms]
    exporter = str(scan.get("exporter", ""))
    rivals = sorted({s["exporter"] for m in ms for s in m.get("top_suppliers", [])} - {exporter})

    def share(m: Mapping[str, Any], code: str) -> float:
        return next((float(s["share"]) for s in m.get("top_suppliers", []) if s["exporter"] == code), 0.0)

    data = [{"type": "bar", "orientation": "h", "name": exporter, "y": rows,
             "x": [m.get("exporter_share") or 0.0 for m in ms], "marker": {"color": US}}]
    data += [{"type": "bar", "orientation": "h", "name": r, "y": rows, "x": [share(m, r) for m in ms],
              "marker": {"color": colour_of(r)}} for r in rivals]
    rest = [max(0.0, 1 - (m.get("exporter_share") or 0.0)
                - sum(float(s["share"]) for s in m.get("top_suppliers", []) if s["exporter"] != exporter))
            for m in ms]
    data.append({"type": "bar", "orientation": "h", "name": others, "y": rows, "x": rest,
                 "marker": {"color": OTHERS}})
    return {"data": data,
            "layout": layout(title, barmode="stack", xaxis={"tickformat": ".0%"},
                             yaxis={"autorange": "reversed"}, height=160 + 22 * len(ms))}
