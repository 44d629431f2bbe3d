"""What a promotion body asks across a portfolio, as flat tables (one per view).

``rows``      every row × ranked market (the per-firm answer, flat)
``markets``   markets serving the most firms (distinct firms ranking the market in their top N)
``pressure``  products × markets by localisation pressure (strongest first)
``clusters``  firms sharing a market: where at least two firms' posture is partner,
              assemble or produce locally, a shared local partner or assembly site
              candidate; else (all "sell") a shared distributor / trade mission candidate
``entry``     the entry planner's recommendation per row × planned market (rows with a
              scenario template)

``rows`` also carries each market's domestic-winner share (award data) and, for a planned
market, the recommended entry mode.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from statistics import fmean
from typing import Any

import pyarrow as pa

from chuhai.batch import messages as msg
from chuhai.batch.results import RowResult
from chuhai.messages import Message

__all__ = ["POSTURES", "VIEWS", "build_views"]

#: Postures from the weakest to the strongest localisation answer.
POSTURES = ("sell", "partner", "assemble", "produce locally")
VIEWS = ("rows", "markets", "pressure", "clusters", "entry")

Text = Callable[[Message], str]


def _rows(rows: Sequence[RowResult], text: Text) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        base = {"line": r.line, "firm": r.firm, "home": r.home, "products": r.products,
                "product_query": r.product_query}
        if r.error is not None or not r.markets:
            out.append({**base, "rank": None, "importer": None,
                        "error": None if r.error is None else text(r.error)})
            continue
        planned = {e.importer: e for e in r.entry}
        for m in r.markets:
            w, e = m.domestic_winners, planned.get(m.importer)
            out.append({**base, "rank": m.rank, "importer": m.importer, "name": m.name,
                        "score": m.score, "imports_usd": m.imports_usd,
                        "exporter_exports_usd": m.exporter_exports_usd,
                        "exporter_share": m.exporter_share, "tariff_exporter": m.tariff_exporter,
                        "potential_usd": m.potential_usd, "untapped_usd": m.untapped_usd,
                        "benchmark_untapped_usd": m.benchmark_untapped_usd,
                        "localisation_pressure": m.localisation_pressure, "posture": m.posture,
                        "screens_failed": ";".join(m.screens_failed),
                        "explanation": text(m.explanation), "error": None,
                        "domestic_winners": None if w is None else w.k,
                        "awards": None if w is None else w.n,
                        "domestic_winner_share": None if w is None else w.share,
                        "domestic_winner_low": None if w is None else w.low,
                        "domestic_winner_high": None if w is None else w.high,
                        "entry_mode": None if e is None else e.mode,
                        "entry_firm_npv_usd": None if e is None else e.firm_npv_usd})
    return out


def _entry(rows: Sequence[RowResult], text: Text) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        for e in r.entry:
            out.append({"line": r.line, "firm": r.firm, "home": r.home, "products": r.products,
                        "importer": e.importer, "scenario": e.scenario,
                        "template_market": e.template_market, "adapted": e.adapted,
                        "mode": e.mode, "firm_npv_usd": e.firm_npv_usd,
                        "local_value_usd": e.local_value_usd, "local_jobs": e.local_jobs,
                        "primary_regime": e.primary_regime,
                        "local_content_primary": e.local_content_primary,
                        "qualifies_primary": e.qualifies_primary,
                        "reason": None if e.reason is None else text(e.reason),
                        "notes": " ".join(text(w) for w in e.warnings),
                        "error": None if e.error is None else text(e.error)})
    return out


def _markets(rows: Sequence[RowResult]) -> list[dict[str, Any]]:
    by: dict[str, list[tuple[RowResult, Any]]] = defaultdict(list)
    for r in rows:
        for m in r.markets:
            by[m.importer].append((r, m))
    out = []
    for importer, hits in by.items():
        firms = sorted({r.firm for r, _ in hits})
        lp = [m.localisation_pressure for _, m in hits if m.localisation_pressure is not None]
        out.append({"importer": importer, "name": hits[0][1].name, "firms": len(firms),
                    "firm_list": ";".join(firms), "rows": len(hits),
                    "products": ";".join(sorted({r.products for r, _ in hits})),
                    "untapped_usd": sum(m.untapped_usd for _, m in hits),
                    "potential_usd": sum(m.potential_usd for _, m in hits),
                    "mean_rank": fmean(m.rank for _, m in hits),
                    "mean_localisation_pressure": fmean(lp) if lp else None})
    out.sort(key=lambda d: (-d["firms"], -d["untapped_usd"], d["importer"]))
    return out


def _pressure(rows: Sequence[RowResult]) -> list[dict[str, Any]]:
    by: dict[tuple[str, str], list[tuple[RowResult, Any]]] = defaultdict(list)
    for r in rows:
        for m in r.markets:
            if m.localisation_pressure is not None:
                by[(r.products, m.importer)].append((r, m))
    out = []
    for (product, importer), hits in by.items():
        values = [m.localisation_pressure for _, m in hits]
        out.append({"products": product, "importer": importer, "name": hits[0][1].name,
                    "localisation_pressure": max(values), "mean_localisation_pressure": fmean(values),
                    "posture": max((m.posture for _, m in hits), key=POSTURES.index),
                    "firms": len({r.firm for r, _ in hits})})
    out.sort(key=lambda d: (-d["localisation_pressure"], d["products"], d["importer"]))
    return out


def _clusters(rows: Sequence[RowResult], text: Text) -> list[dict[str, Any]]:
    by: dict[str, list[tuple[RowResult, Any]]] = defaultdict(list)
    for r in rows:
        for m in r.markets:
            by[m.importer].append((r, m))
    out = []
    for importer, hits in by.items():
        local = [(r, m) for r, m in hits if m.posture != "sell"]
        group, kind = (local, "shared_site") if len({r.firm for r, _ in local}) >= 2 \
            else (hits, "shared_market")
        firms = tuple(sorted({r.firm for r, _ in group}))
        if len(firms) < 2:
            continue
        products = tuple(sorted({r.products for r, _ in group}))
        posture = max((m.posture for _, m in group), key=POSTURES.index)
        note = msg.SHARED_SITE(n=len(firms), firms=firms, products=products, market=importer,
                               posture=posture) if kind == "shared_site" else \
            msg.SHARED_MARKET(n=len(firms), firms=firms, market=importer)
        out.append({"importer": importer, "name": hits[0][1].name, "kind": kind,
                    "firms": len(firms), "firm_list": ";".join(firms),
                    "products": ";".join(products), "posture": posture,
                    "untapped_usd": sum(m.untapped_usd for _, m in group),
                    "suggestion": text(note), "suggestion_code": note.code})
    out.sort(key=lambda d: (d["kind"] != "shared_site", -d["firms"], -d["untapped_usd"],
                            d["importer"]))
    return out


#: Column types of each view (so that an empty view still has its schema).
SCHEMAS: dict[str, pa.Schema] = {
    "rows": pa.schema([
        ("line", pa.int32()), ("firm", pa.string()), ("home", pa.string()),
        ("products", pa.string()), ("product_query", pa.string()), ("rank", pa.int32()),
        ("importer", pa.string()), ("name", pa.string()), ("score", pa.float64()),
        ("imports_usd", pa.float64()), ("exporter_exports_usd", pa.float64()),
        ("exporter_share", pa.float64()), ("tariff_exporter", pa.float64()),
        ("potential_usd", pa.float64()), ("untapped_usd", pa.float64()),
        ("benchmark_untapped_usd", pa.float64()), ("localisation_pressure", pa.float64()),
        ("posture", pa.string()), ("screens_failed", pa.string()), ("explanation", pa.string()),
        ("error", pa.string()), ("domestic_winners", pa.int32()), ("awards", pa.int32()),
        ("domestic_winner_share", pa.float64()), ("domestic_winner_low", pa.float64()),
        ("domestic_winner_high", pa.float64()), ("entry_mode", pa.string()),
        ("entry_firm_npv_usd", pa.float64())]),
    "markets": pa.schema([
        ("importer", pa.string()), ("name", pa.string()), ("firms", pa.int32()),
        ("firm_list", pa.string()), ("rows", pa.int32()), ("products", pa.string()),
        ("untapped_usd", pa.float64()), ("potential_usd", pa.float64()),
        ("mean_rank", pa.float64()), ("mean_localisation_pressure", pa.float64())]),
    "pressure": pa.schema([
        ("products", pa.string()), ("importer", pa.string()), ("name", pa.string()),
        ("localisation_pressure", pa.float64()), ("mean_localisation_pressure", pa.float64()),
        ("posture", pa.string()), ("firms", pa.int32())]),
    "clusters": pa.schema([
        ("importer", pa.string()), ("name", pa.string()), ("kind", pa.string()),
        ("firms", pa.int32()), ("firm_list", pa.string()), ("products", pa.string()),
        ("posture", pa.string()), ("untapped_usd", pa.float64()), ("suggestion", pa.string()),
        ("suggestion_code", pa.string())]),
    "entry": pa.schema([
        ("line", pa.int32()), ("firm", pa.string()), ("home", pa.string()),
        ("products", pa.string()), ("importer", pa.string()), ("scenario", pa.string()),
        ("template_market", pa.string()), ("adapted", pa.bool_()), ("mode", pa.string()),
        ("firm_npv_usd", pa.float64()), ("local_value_usd", pa.float64()),
        ("local_jobs", pa.float64()), ("primary_regime", pa.string()),
        ("local_content_primary", pa.float64()), ("qualifies_primary", pa.bool_()),
        ("reason", pa.string()), ("notes", pa.string()), ("error", pa.string())]),
}


def build_views(rows: Sequence[RowResult], text: Text) -> dict[str, pa.Table]:
    """Every view as an Arrow table; ``text`` renders a message in the output language."""
    data = {"rows": _rows(rows, text), "markets": _markets(rows), "pressure": _pressure(rows),
            "clusters": _clusters(rows, text), "entry": _entry(rows, text)}
    return {name: pa.Table.from_pylist(data[name], schema=SCHEMAS[name]) for name in VIEWS}
