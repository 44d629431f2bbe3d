"""``scan()``: where should exporter X sell product P? One call, one read.

Data flow: the read side (:func:`chuhai.data.queries.scan.fetch_scan`: trade, tariffs,
agreements, distances, indicators) → one row per market → the export potential
(:mod:`chuhai.markets.potential`) → screens, localisation, ranking in Python (per
market, never per flow) → :class:`MarketScan`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from chuhai.data.codes import AREAS, ISO3
from chuhai.data.queries.award_rates import DomesticRate, domestic_rates
from chuhai.data.queries.countries import filter_choices
from chuhai.data.queries.scan import ScanData, ScanSpec, WorldSums, fetch_scan
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError
from chuhai.markets import indicators, potential, ranking
from chuhai.markets import messages as msg
from chuhai.markets.filters import check_filters
from chuhai.markets.inputs import Assessed, MarketInputs
from chuhai.markets.localisation import localisation, posture, procurement_sector
from chuhai.markets.ranking import Scored
from chuhai.markets.screens import screens
from chuhai.markets.types import (
    Coverage,
    Filters,
    MarketResult,
    MarketScan,
    PriceBand,
    ScanParams,
    Supplier,
    Terms,
    Weights,
    ZeroTariffRival,
)
from chuhai.markets.window import Window, resolve_product
from chuhai.messages import Message

__all__ = ["assemble", "check_exporter", "read_spec", "scan"]


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


def _band(ratio: float | None, p: ScanParams) -> PriceBand:
    if ratio is None:
        return "unknown"
    return "budget" if ratio < p.price_band_low else "premium" if ratio > p.price_band_high \
        else "mid"


def _run(data: ScanData, p: ScanParams) -> list[dict[str, Any]]:
    """One row per market: the read side's indicators and every export-potential term."""
    return potential.with_potential(data.rows, data.base, p)


def _world(world: WorldSums, win: Window, p: ScanParams) -> dict[str, Any]:
    ys = indicators.short_year(win, p.short_span)
    return {"world": world.world, "all_exports": world.all_exports,
            "cagr": _cagr(world.v_first, world.v_last, win.years[-1] - win.years[0]),
            "cagr_short": _cagr(world.v_short, world.v_last, win.years[-1] - ys)}


def _lead(rivals: list[dict[str, Any]]) -> tuple[str, float] | None:
    """The largest rival (the exporter left out) and its share of the market's imports."""
    return (rivals[0]["exporter"], float(rivals[0]["share"])) if rivals else None


def _rivals_hhi(rivals: list[dict[str, Any]]) -> float | None:
    """Normalised HHI over the exporter's rivals, their shares of the rivals' imports."""
    values = [float(x["value_usd"]) for x in rivals]
    total = sum(values)
    if total <= 0:
        return None
    return _hhi(sum((v / total) ** 2 for v in values), len(values))


def _f(x: Any) -> float | None:
    """A float, with NaN as None (for figures shown in the result)."""
    if x is None:
        return None
    v = float(x)
    return None if math.isnan(v) else v


def _opt(x: Any) -> float | None:
    return None if x is None else float(x)


def _inputs(r: dict[str, Any], win: Window, world: dict[str, Any], exporter: str,
            p: ScanParams) -> MarketInputs:
    """One market's SQL row as typed inputs (the row itself is left as it is)."""
    span = win.years[-1] - win.years[0]
    ys = indicators.short_year(win, p.short_span)
    imports = float(r["imports_usd"] or 0.0)
    exp_v = float(r["exp_v"] or 0.0)
    share = exp_v / imports if imports > 0 else 0.0
    rca = None
    if r.get("market_total_exports") and world["world"] and world["all_exports"]:
        rca = (r["own_exports"] / r["market_total_exports"]) / (world["world"] / world["all_exports"])
    gap = float(r["potential"] or 0.0) - exp_v
    rivals = list(r.get("rivals") or [])
    short = _cagr(r["v_short"], r["v_last"], win.years[-1] - ys)
    long = _cagr(r["v_first"], r["v_last"], span)
    base = r["v_short"] if short is not None else r["v_first"] if long is not None else None
    bench = None
    if r["bench_n"]:
        bench = float(r["bench_top"]) - float(r["exp_tw"])
        bench = max(0.0, bench) if p.floor_untapped else bench
    return MarketInputs(
        importer=r["importer"], exporter=exporter, name=r.get("name_en"), region=r.get("region"),
        income_group=r.get("income_group"), memberships=tuple(r.get("memberships") or ()),
        wgi=_opt(r.get("wgi")), gdp=_opt(r.get("gdp")), gdp_growth=_opt(r.get("g_j")),
        imports_usd=imports, imports_cagr=long, imports_cagr_short=short,
        world_share=imports / world["world"] if world["world"] else None,
        exporter_share=share, hhi=_hhi(r["hhi_raw"], int(r["suppliers"] or 0)),
        rivals_hhi=_rivals_hhi(rivals), lead=_lead(rivals),
        tariff_exporter=_opt(r["t_e"]), tariff_basis=r.get("tariff_basis") or "unknown",
        tariff_average=_opt(r["tariff_average"]),
        zero_tariff_rivals=tuple(ZeroTariffRival(x["exporter"], x["agreement"], float(x["share"]))
                                 for x in (r.get("cu_rivals") or [])),
        zero_tariff_share=_opt(r.get("zt_share")), rca=rca,
        untapped_usd=max(0.0, gap) if p.floor_untapped else gap, benchmark_untapped_usd=bench,
        growth_base_usd=_opt(base),
        growth_floor_usd=max(p.growth_base_usd, p.growth_base_share * imports))


def _assess(r: dict[str, Any], win: Window, world: dict[str, Any], exporter: str,
            p: ScanParams, rates: Mapping[str, DomesticRate]) -> Assessed:
    """Inputs → screens → localisation, as one new value per market."""
    inp = _inputs(r, win, world, exporter, p)
    pressure, parts = localisation(rca=inp.rca, zero_tariff_share=inp.zero_tariff_share,
                                   hs6=win.hs6, importer=inp.importer, measured=rates.get(inp.importer))
    return Assessed(inputs=inp, screens=screens(inp, p, world["cagr_short"]),
                    localisation_pressure=pressure, localisation_parts=parts)


TERM_KEYS = tuple(f.name for f in fields(Terms))


def _result(r: dict[str, Any], a: Assessed, s: Scored, rank: int, n: int, w: Weights,
            p: ScanParams) -> MarketResult:
    i, rel, uv_e = a.inputs, r.get("rel_ln_d"), r["exp_uv"]
    ratio = (uv_e / r["comp_uv"]) if uv_e and r.get("comp_uv") else None
    return MarketResult(
        importer=i.importer, name=i.name, rank=rank, score=s.score,
        imports_usd=i.imports_usd, imports_t=_f(r["imports_t"]), imports_cagr=i.imports_cagr,
        imports_cagr_short=i.imports_cagr_short, world_share=i.world_share,
        growth_base_usd=i.growth_base_usd, growth_tiny_base=i.growth_tiny_base,
        projected_imports_usd=_f(r["projected_imports"]),
        exporter_exports_usd=float(r["exp_v"] or 0.0), exporter_share=i.exporter_share,
        exporter_rank=None if r["exp_rank"] is None else int(r["exp_rank"]),
        suppliers=int(r["suppliers"] or 0), hhi=i.hhi, rivals_hhi=i.rivals_hhi,
        top_suppliers=tuple(Supplier(x["exporter"], float(x["share"]), float(x["value_usd"]))
                            for x in (r.get("rivals") or [])[: p.top_suppliers]),
        unit_value_usd_per_t=_f(r["unit_value"]), exporter_unit_value_usd_per_t=_f(uv_e),
        competitor_unit_value_usd_per_t=_f(r["comp_uv"]), price_ratio=_f(ratio),
        price_band=_band(ratio, p), tariff_exporter=_f(r["t_e"]), tariff_basis=i.tariff_basis,
        tariff_average=_f(r["tariff_average"]), distance_km=_f(r["dist_e"]),
        relative_distance=None if rel is None else math.exp(float(rel)),
        agreements=tuple(r.get("agreements") or ()), zero_tariff_rivals=i.zero_tariff_rivals,
        potential_usd=float(r["potential"] or 0.0), untapped_usd=i.untapped_usd,
        benchmark_untapped_usd=i.benchmark_untapped_usd, supply=float(r["supply"]),
        demand=float(r["demand"]), ease=float(r["ease"]),
        terms=Terms(**{k: _f(r.get(k)) for k in TERM_KEYS}),
        screens=a.screens, localisation_pressure=a.localisation_pressure,
        localisation_parts=a.localisation_parts, posture=posture(a.localisation_pressure),
        explanation=ranking.explain(a, s, rank, n, w), components=s.components,
    )


def _coverage(cov: dict[str, Any]) -> Coverage:
    listed = cov.get("exporters_listed")
    return Coverage(exporters=int(cov["exporters"]), importers=int(cov["importers"]),
                    partial=bool(cov["partial"]),
                    exporters_listed=None if listed is None else tuple(listed))


def _coverage_note(cov: Coverage) -> Message | None:
    if not cov.partial:
        return None
    if cov.exporters_listed:
        return msg.PARTIAL_WORLD_LISTED(exporters=cov.exporters, importers=cov.importers,
                                        listed=cov.exporters_listed)
    return msg.PARTIAL_WORLD(exporters=cov.exporters, importers=cov.importers)


def _warnings(win: Window, rows: list[dict[str, Any]], exporter: str, label: str,
              cov: Coverage, areas: Sequence[str]) -> tuple[Message, ...]:
    out = list(win.warnings)
    note = _coverage_note(cov)
    if note:
        out.append(note)
    if areas:
        out.append(msg.AREAS_LEFT_OUT(areas=tuple(msg.AREA(code=a, name=AREAS[a])
                                                  for a in areas)))
    if not any(r["exp_v"] for r in rows):
        out.append(msg.NO_EXPORTS(exporter=exporter, product=label))
    if any(r["t_e"] is None for r in rows):
        out.append(msg.NO_TARIFF(exporter=exporter, n=sum(r["t_e"] is None for r in rows)))
    out.append(msg.HS6_GRADES)
    return tuple(out)


def read_spec(pred: str, label: str, codes: tuple[str, ...], exporter: str,
              years: tuple[int, int] | None, p: ScanParams, hs_revision: str | None,
              ) -> ScanSpec:
    """What the read side reads for one scan."""
    return ScanSpec(
        pred=pred, label=label, exporter=exporter, years=years, horizon_years=p.horizon_years,
        fta_zero=p.fta_zero, short_span=p.short_span, benchmark_top=p.benchmark_top,
        benchmark_weighting=p.benchmark_weighting, codes=codes,
        hs_revision=None if hs_revision is None else hs_revision.strip().upper() or None)


def assemble(warehouse: Warehouse, data: ScanData, exp: str, label: str, p: ScanParams,
             w: Weights, flt: Filters, top: int | None) -> MarketScan:
    """The read side's rows → potential, screens, localisation, ranking → the scan."""
    win, cov = data.window, data.coverage
    rows = _run(data, p)
    world = _world(data.world, win, p)
    areas = sorted(r["importer"] for r in rows if r["importer"] in AREAS)
    sector = procurement_sector(win.hs6)
    rates = {} if sector is None else domestic_rates(warehouse, sector)
    assessed = [_assess(r, win, world, exp, p, rates) for r in rows if r["importer"] not in AREAS]
    raw = {r["importer"]: r for r in rows}
    kept = ranking.apply_filters(assessed, flt)
    order = sorted(zip(kept, ranking.score(kept, w), strict=True),
                   key=lambda x: (-x[1].score, -x[0].inputs.untapped_usd, x[0].inputs.importer))
    shown = order[:top] if top else order
    markets = tuple(_result(raw[a.inputs.importer], a, s, rank, len(kept), w, p)
                    for rank, (a, s) in enumerate(shown, 1))
    cover = _coverage(cov)
    return MarketScan(
        demo=data.demo, product=label, hs6=win.hs6, exporter=exp,
        years=win.years, markets=markets, markets_scanned=len(assessed),
        warnings=_warnings(win, rows, exp, label, cover, areas), coverage=cover, params=p,
        weights=Weights(**w.normalised()), filters=flt, concordance=data.concordance,
        markets_ranked=len(kept))


def scan(
    warehouse: Warehouse, *, product: str | Sequence[str], exporter: str,
    years: tuple[int, int] | None = None, weights: Weights | dict[str, float] | str | None = None,
    filters: Filters | None = None, params: ScanParams | None = None, top: int | None = None,
    hs_revision: str | None = None,
) -> MarketScan:
    """Rank every market importing ``product`` for ``exporter``; see docs/methodology.md.

    ``product`` is one HS6, several, or an HS4/HS2 group (codes of ``hs_revision``);
    ``years`` defaults to the latest 5 in the warehouse. A window that mixes HS revisions
    is converted to ``hs_revision`` (default: the newest in the window) with UNSD's
    tables; ``concordance`` says what moved. Money in USD (annual averages over the window).
    """
    p = params or ScanParams()
    w = weights if isinstance(weights, Weights) else Weights.parse(weights)
    flt = filters or Filters()
    exp = check_exporter(exporter)
    label, codes, pred = resolve_product(product)
    if top is not None and top < 1:
        raise InputError("top must be ≥ 1", field="top")
    check_filters(flt, filter_choices(warehouse))
    data = fetch_scan(warehouse, read_spec(pred, label, codes, exp, years, p, hs_revision))
    return assemble(warehouse, data, exp, label, p, w, flt, top)
