"""Ranking: a weighted score of percentile-ranked components, filters, explanations.

Each component is turned into a percentile rank in [0, 1] among the markets kept after
filtering (higher = better; ties share the average rank; a single market gets 1). A
component without data counts 0.5. Score = 100 × Σ weight × component.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chuhai.markets.types import Filters, Weights

__all__ = ["COMPONENT_LABELS", "apply_filters", "explain", "percentile_ranks", "score"]

COMPONENT_LABELS = {
    "untapped": "untapped potential", "benchmark": "the top-6-suppliers benchmark",
    "size": "import size", "growth": "import growth", "access": "market access",
    "risk": "country risk", "localisation": "low localisation pressure",
    "screens": "screens passed",
}


def percentile_ranks(values: list[float | None]) -> list[float | None]:
    """Average-tie percentile ranks in [0, 1] of the non-None values (None stays None)."""
    idx = [i for i, v in enumerate(values) if v is not None]
    out: list[float | None] = [None] * len(values)
    if not idx:
        return out
    arr = np.array([values[i] for i in idx], dtype=float)
    if len(arr) == 1:
        out[idx[0]] = 1.0
        return out
    order = arr.argsort(kind="mergesort")
    ranks = np.empty(len(arr))
    ranks[order] = np.arange(len(arr), dtype=float)
    for v in np.unique(arr):  # average ties
        mask = arr == v
        ranks[mask] = ranks[mask].mean()
    for j, i in enumerate(idx):
        out[i] = float(ranks[j] / (len(arr) - 1))
    return out


def raw_components(r: dict[str, Any]) -> dict[str, float | None]:
    """Higher-is-better raw values per component for one market."""
    t, avg = r.get("tariff_exporter"), r.get("tariff_average")
    gap = None if t is None else -round(t - (avg if avg is not None else t), 6)
    loc = r.get("localisation_pressure")
    growth = r.get("imports_cagr_short")
    if growth is None:
        growth = r.get("imports_cagr")
    passed = [s.passed and s.status != "unknown" for s in r["screens"]]
    return {
        "untapped": r.get("untapped_usd"), "benchmark": r.get("benchmark_untapped_usd"),
        "size": r.get("imports_usd"), "growth": growth, "access": gap, "risk": r.get("wgi"),
        "localisation": None if loc is None else -loc,
        "screens": sum(passed) / len(passed) if passed else None,
    }


def score(rows: list[dict[str, Any]], weights: Weights) -> None:
    """Add ``components`` (percentiles) and ``score`` (0–100) to each row, in place."""
    w = weights.normalised()
    raws = [raw_components(r) for r in rows]
    for name in w:
        pct = percentile_ranks([raw[name] for raw in raws])
        for r, p in zip(rows, pct, strict=True):
            r.setdefault("components", {})[name] = p
    for r in rows:
        c = r["components"]
        r["score"] = round(100.0 * sum(w[k] * (0.5 if c[k] is None else c[k]) for k in w), 2)


def apply_filters(rows: list[dict[str, Any]], f: Filters) -> list[dict[str, Any]]:
    """Markets that pass the user's filters (case-insensitive on names)."""
    regions = {x.lower() for x in f.regions}
    incomes = {x.lower() for x in f.income_groups}
    ags = {x.lower() for x in f.agreements}
    excl = {x.upper() for x in f.exclude}
    out = []
    for r in rows:
        if r["importer"] in excl:
            continue
        if regions and (r.get("region") or "").lower() not in regions:
            continue
        if incomes and (r.get("income_group") or "").lower() not in incomes:
            continue
        if ags and not ags & {a.lower() for a in (r.get("memberships") or [])}:
            continue
        if f.min_imports_usd is not None and r["imports_usd"] < f.min_imports_usd:
            continue
        out.append(r)
    return out


def explain(r: dict[str, Any], n: int, weights: Weights) -> str:
    """One sentence on why the market sits where it does."""
    w = weights.normalised()
    c = r["components"]
    contrib = {k: w[k] * ((0.5 if c[k] is None else c[k]) - 0.5) for k in w if w[k] > 0}
    best = [k for k, v in sorted(contrib.items(), key=lambda kv: -kv[1]) if v > 0][:2]
    worst = [k for k, v in sorted(contrib.items(), key=lambda kv: kv[1]) if v < 0][:2]
    head = f"Ranked {r['rank']} of {n} (score {r['score']:.0f})"
    parts = []
    if best:
        parts.append("strongest on " + " and ".join(_detail(k, r) for k in best))
    if worst:
        parts.append("held back by " + " and ".join(_detail(k, r) for k in worst))
    failed = [s.name for s in r["screens"] if not s.passed]
    tail = f"; fails the {', '.join(failed)} screen{'s' if len(failed) > 1 else ''}" if failed \
        else ""
    body = "; ".join(parts) if parts else "average on every component"
    return f"{head}: {body}{tail}."


def _detail(k: str, r: dict[str, Any]) -> str:
    label = COMPONENT_LABELS[k]
    if k == "untapped":
        return f"{label} (US${r['untapped_usd']:,.0f}/yr)"
    if k == "benchmark" and r.get("benchmark_untapped_usd") is not None:
        return f"{label} (US${r['benchmark_untapped_usd']:,.0f}/yr)"
    if k == "size":
        return f"{label} (US${r['imports_usd']:,.0f}/yr)"
    if k == "growth":
        g = r.get("imports_cagr_short", r.get("imports_cagr"))
        return f"{label} ({g * 100:+.1f} %/yr)" if g is not None else label
    if k == "access" and r.get("tariff_exporter") is not None:
        avg = r.get("tariff_average")
        vs = f" vs {avg * 100:.1f} % average" if avg is not None else ""
        return f"{label} (tariff {r['tariff_exporter'] * 100:.1f} %{vs})"
    if k == "risk" and r.get("wgi") is not None:
        return f"{label} (WGI {r['wgi']:+.2f})"
    if k == "localisation" and r.get("localisation_pressure") is not None:
        return f"localisation pressure ({r['localisation_pressure']:.2f})"
    return label
