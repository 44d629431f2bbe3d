"""``scan()``: where should exporter X sell product P? One call, a few SQL statements.

Data flow: trade/tariffs/agreements/distances/indicators → temp tables (window,
indicators, access, potential) → one row per market → screens, localisation, ranking
in Python (per market, never per flow) → :class:`MarketScan`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import duckdb

from chuhai.data.codes import ISO3
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError, WarehouseError
from chuhai.markets import access, indicators, potential, ranking
from chuhai.markets.localisation import localisation, posture
from chuhai.markets.screens import screens
from chuhai.markets.types import (
    Filters,
    MarketResult,
    MarketScan,
    ScanParams,
    Supplier,
    Weights,
)
from chuhai.markets.window import (
    Window,
    cached,
    coverage,
    coverage_note,
    resolve_product,
    resolve_window,
)

__all__ = ["check_exporter", "scan"]

EXTRA_SQL = """
WITH zr AS (
    SELECT f.importer, f.exporter, sum(f.v) / {n} AS v,
           bool_and(r.rate = 0 AND (r.cu_ag IS NOT NULL OR r.fta_ag IS NOT NULL
                    OR r.basis = 'preferential')) AS zero_partner,
           min(r.cu_ag) AS cu_ag
    FROM _m_f f JOIN _m_rate r ON r.s = f.exporter AND r.j = f.importer AND r.h = f.hs6
    GROUP BY ALL
),
z AS (
    SELECT importer,
           sum(v) FILTER (WHERE zero_partner AND exporter <> '{exp}') / sum(v) AS zt_share,
           list({{'exporter': exporter, 'agreement': cu_ag, 'share': v / tot}} ORDER BY v DESC)
               FILTER (WHERE cu_ag IS NOT NULL AND exporter <> '{exp}') AS cu_rivals
    FROM (SELECT *, sum(v) OVER (PARTITION BY importer) AS tot FROM zr) GROUP BY importer
)
SELECT e.*, c.name_en, c.region, c.income_group, g.wgi, g.gdp,
       CASE WHEN (SELECT count(*) FROM _m_pairs) > 0 OR (SELECT count(*) FROM _m_tr) > 0
            THEN coalesce(z.zt_share, 0) END AS zt_share, z.cu_rivals, x.total AS market_total_exports,
       (SELECT list(DISTINCT p.agreement_id ORDER BY p.agreement_id) FROM _m_pairs p
        WHERE p.x = e.importer AND p.y = '{exp}') AS agreements,
       (SELECT list(DISTINCT p.agreement_id) FROM _m_pairs p WHERE p.x = e.importer)
           AS memberships
FROM _m_epi e
LEFT JOIN countries c ON c.iso3 = e.importer
LEFT JOIN _m_g g ON g.iso3 = e.importer
LEFT JOIN z ON z.importer = e.importer
LEFT JOIN _m_x x ON x.exporter = e.importer
"""

TOTALS_SQL = """
SELECT t.exporter, sum(t.value_usd) / {n} AS total FROM trade t
WHERE {revs} AND t.exporter <> t.importer GROUP BY t.exporter
"""


def check_exporter(exporter: str) -> str:
    code = exporter.strip().upper()
    if not re.fullmatch(ISO3, code):
        raise InputError(f"exporter {exporter!r} is not an ISO3 code", field="exporter")
    return code


def _cagr(first: float | None, last: float | None, years: int) -> float | None:
    if not first or first <= 0 or last is None or years <= 0:
        return None
    return float((max(last, 0.0) / first) ** (1.0 / years) - 1.0)


def _hhi(raw: float | None, n: int) -> float | None:
    if raw is None or n <= 0:
        return None
    return 1.0 if n == 1 else max(0.0, min(1.0, (raw - 1.0 / n) / (1.0 - 1.0 / n)))


def _band(ratio: float | None, p: ScanParams) -> str:
    if ratio is None:
        return "unknown"
    return "budget" if ratio < p.price_band_low else "premium" if ratio > p.price_band_high \
        else "mid"


def _run(wh: Warehouse, con: duckdb.DuckDBPyConnection, win: Window, pred: str,
         exporter: str, p: ScanParams) -> list[dict[str, Any]]:
    indicators.build_flows(con, win, pred)
    access.build_access_tables(wh, con, exporter=exporter, pred=pred, last_year=win.years[-1],
                               fta_zero=p.fta_zero)
    indicators.build_markets(con, win, exporter, p)
    potential.build_growth(wh, con, win.years[-1], p.horizon_years)
    potential.build_epi(wh, con, exporter, win.years, p)
    revs = potential.global_revisions(wh, con, win.years)
    con.register("_m_x", cached(wh, ("totals", win.years), lambda: con.sql(
        TOTALS_SQL.format(n=win.n, revs=revs)).to_arrow_table()))
    return indicators.market_rows(con, EXTRA_SQL.format(n=win.n, exp=exporter))


def _world(con: duckdb.DuckDBPyConnection, win: Window, p: ScanParams) -> dict[str, Any]:
    row = con.execute(
        "SELECT sum(v) FILTER (WHERE year = ?), sum(v) FILTER (WHERE year = ?), sum(v) / ?, "
        "(SELECT sum(total) FROM _m_x) FROM _m_f",
        [win.years[0], indicators.short_year(win, p.short_span), win.n]).fetchone()
    v_last = con.execute("SELECT sum(v) FROM _m_f WHERE year = ?", [win.years[-1]]).fetchone()
    last = v_last[0] if v_last else None
    ys = indicators.short_year(win, p.short_span)
    return {"world": row[2] if row else None, "all_exports": row[3] if row else None,
            "cagr": _cagr(row[0] if row else None, last, win.years[-1] - win.years[0]),
            "cagr_short": _cagr(row[1] if row else None, last, win.years[-1] - ys)}


def _lead(rivals: list[dict[str, Any]], exporter: str, share: float) -> tuple[str, float] | None:
    """The largest supplier overall (the exporter itself if it leads)."""
    if rivals and rivals[0]["share"] >= share:
        return rivals[0]["exporter"], float(rivals[0]["share"])
    return (exporter, share) if share > 0 else None


def _enrich(r: dict[str, Any], win: Window, world: dict[str, Any], exporter: str,
            p: ScanParams) -> dict[str, Any]:
    span = win.years[-1] - win.years[0]
    ys = indicators.short_year(win, p.short_span)
    rivals = list(r.get("rivals") or [])
    imports = float(r["imports_usd"] or 0.0)
    exp_v = float(r["exp_v"] or 0.0)
    uv_e = r["exp_uv"]
    ratio = (uv_e / r["comp_uv"]) if uv_e and r.get("comp_uv") else None
    rca = None
    if r.get("market_total_exports") and world["world"] and world["all_exports"]:
        rca = (r["own_exports"] / r["market_total_exports"]) / (world["world"] / world["all_exports"])
    potential_usd = float(r["potential"] or 0.0)
    gap = potential_usd - exp_v
    bench = None
    if r["bench_n"]:
        bench = float(r["bench_top"]) - float(r["exp_tw"])
        bench = max(0.0, bench) if p.floor_untapped else bench
    out = dict(r)
    out.update({
        "exporter": exporter, "imports_usd": imports,
        "imports_cagr": _cagr(r["v_first"], r["v_last"], span),
        "imports_cagr_short": _cagr(r["v_short"], r["v_last"], win.years[-1] - ys),
        "world_share": imports / world["world"] if world["world"] else None,
        "exporter_share": exp_v / imports if imports > 0 else 0.0,
        "hhi": _hhi(r["hhi_raw"], int(r["suppliers"] or 0)),
        "lead": _lead(rivals, exporter, exp_v / imports if imports > 0 else 0.0),
        "price_ratio": ratio, "price_band": _band(ratio, p), "rca": rca,
        "tariff_exporter": r["t_e"], "potential_usd": potential_usd,
        "untapped_usd": max(0.0, gap) if p.floor_untapped else gap,
        "benchmark_untapped_usd": bench,
        "zero_tariff_rivals": [dict(x) for x in (r.get("cu_rivals") or [])],
    })
    out["screens"] = screens(out, p, world["cagr_short"])
    pressure, parts = localisation(rca=rca, zero_tariff_share=r.get("zt_share"), hs6=win.hs6,
                                   importer=r["importer"])
    out["localisation_pressure"], out["localisation_parts"] = pressure, parts
    return out


TERM_KEYS = ("share_proj", "net_importer", "global_tariff_term", "t_e_global", "t_k_global",
             "projected_imports", "tariff_term", "dgdp", "dpop", "g_j", "p_j",
             "distance_term", "rel_ln_d", "mean_ln_d", "bilateral_ease", "vij", "hyp")


def _f(x: Any) -> float | None:
    if x is None:
        return None
    v = float(x)
    return None if math.isnan(v) else v


def _result(r: dict[str, Any], p: ScanParams) -> MarketResult:
    rel = r.get("rel_ln_d")
    return MarketResult(
        importer=r["importer"], name=r.get("name_en"), rank=r["rank"], score=r["score"],
        imports_usd=r["imports_usd"], imports_t=_f(r["imports_t"]),
        unit_value_usd_per_t=_f(r["unit_value"]), imports_cagr=r["imports_cagr"],
        imports_cagr_short=r["imports_cagr_short"], world_share=r["world_share"],
        projected_imports_usd=_f(r["projected_imports"]),
        exporter_exports_usd=float(r["exp_v"] or 0.0), exporter_share=r["exporter_share"],
        exporter_rank=None if r["exp_rank"] is None else int(r["exp_rank"]),
        suppliers=int(r["suppliers"] or 0), hhi=r["hhi"],
        top_suppliers=tuple(Supplier(s["exporter"], float(s["share"]), float(s["value_usd"]))
                            for s in (r.get("rivals") or [])[: p.top_suppliers]),
        exporter_unit_value_usd_per_t=_f(r["exp_uv"]),
        competitor_unit_value_usd_per_t=_f(r["comp_uv"]), price_ratio=_f(r["price_ratio"]),
        price_band=r["price_band"], tariff_exporter=_f(r["t_e"]),
        tariff_basis=r.get("tariff_basis") or "unknown", tariff_average=_f(r["tariff_average"]),
        distance_km=_f(r["dist_e"]),
        relative_distance=None if rel is None else math.exp(float(rel)),
        agreements=tuple(r.get("agreements") or ()),
        zero_tariff_rivals=tuple(r["zero_tariff_rivals"]),
        potential_usd=r["potential_usd"], untapped_usd=r["untapped_usd"],
        benchmark_untapped_usd=r["benchmark_untapped_usd"], supply=float(r["supply"]),
        demand=float(r["demand"]), ease=float(r["ease"]),
        terms={k: _f(r.get(k)) for k in TERM_KEYS},
        screens=tuple(r["screens"]), localisation_pressure=r["localisation_pressure"],
        localisation_parts=r["localisation_parts"],
        posture=posture(r["localisation_pressure"]), explanation=r["explanation"],
        components=dict(r["components"]),
    )


def _warnings(win: Window, rows: list[dict[str, Any]], exporter: str, label: str,
              cov: dict[str, Any]) -> list[str]:
    out = list(win.warnings)
    note = coverage_note(cov)
    if note:
        out.append(note)
    if not any(r["exp_v"] for r in rows):
        out.append(f"{exporter} has no exports of {label} in the window: its supply term is 0, "
                   "so the ITC potential is 0 everywhere; use the top-6 benchmark instead")
    if any(r["t_e"] is None for r in rows):
        n = sum(r["t_e"] is None for r in rows)
        out.append(f"no tariff for {exporter} in {n} market(s): tariff_exporter is null and the "
                   "tariff term is left at 1 there")
    out.append("HS6 codes mix product grades (e.g. smart and mechanical meters); unit values "
               "and price bands flag segments, and non-tariff measures (type approval, "
               "metrology) are not in the potential")
    return out


def scan(
    warehouse: Warehouse, *, product: str | Sequence[str], exporter: str,
    years: tuple[int, int] | None = None, weights: Weights | dict[str, float] | str | None = None,
    filters: Filters | None = None, params: ScanParams | None = None, top: int | None = None,
) -> MarketScan:
    """Rank every market importing ``product`` for ``exporter``; see docs/methodology.md.

    ``product`` is one HS6, several, or an HS4/HS2 group; ``years`` defaults to the
    latest 5 in the warehouse. Money in USD (annual averages over the window).
    """
    p = params or ScanParams()
    w = weights if isinstance(weights, Weights) else Weights.parse(weights)
    flt = filters or Filters()
    exp = check_exporter(exporter)
    label, _codes, pred = resolve_product(product)
    if top is not None and top < 1:
        raise InputError("top must be ≥ 1", field="top")
    try:
        with warehouse.connect() as con:
            win = resolve_window(warehouse, con, pred, label, years)
            rows = _run(warehouse, con, win, pred, exp, p)
            world = _world(con, win, p)
            cov = coverage(warehouse, con, win)
            demo = con.execute("SELECT any_value(value) FROM meta WHERE key = 'demo'").fetchone()
    except duckdb.Error as exc:
        raise WarehouseError(f"market scan failed on {warehouse.db_path}: {exc}") from exc
    enriched = [_enrich(r, win, world, exp, p) for r in rows]
    kept = ranking.apply_filters(enriched, flt)
    ranking.score(kept, w)
    kept.sort(key=lambda r: (-r["score"], -r["untapped_usd"], r["importer"]))
    for i, r in enumerate(kept, 1):
        r["rank"] = i
        r["explanation"] = ranking.explain(r, len(kept), w)
    shown = kept[:top] if top else kept
    return MarketScan(
        demo=bool(demo and demo[0] == 'true'), product=label, hs6=win.hs6, exporter=exp, years=win.years,
        markets=tuple(_result(r, p) for r in shown),
        warnings=tuple(_warnings(win, rows, exp, label, cov)), coverage=cov, params=p,
        weights=w, filters=flt, markets_scanned=len(enriched))

