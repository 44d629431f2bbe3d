"""``plan(scenario)``: every mode's costs, cash flows, local value, frontier and risk.

Pure function over a frozen :class:`~chuhai.entry.scenario.Scenario`; returns a
frozen :class:`~chuhai.entry.results.PlanResult` whose ``to_dict()`` is the
``chuhai plan --json`` contract (documented in docs/scenario-format.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chuhai.data.warehouse import Warehouse
from chuhai.entry import messages as M
from chuhai.entry.assess import Assessment, applied_thresholds, assess
from chuhai.entry.costs import Shocks, UnitBuild, localised_components, unit_build
from chuhai.entry.deal import Flows, cash_flows
from chuhai.entry.evidence import plan_evidence
from chuhai.entry.finance import irr, npv, payback
from chuhai.entry.frontier import FrontierPoint, pareto_flags, recommendation
from chuhai.entry.inputs import Context, build_context
from chuhai.entry.kit import kit_range
from chuhai.entry.local_content import regime_warnings
from chuhai.entry.modes import Mode
from chuhai.entry.montecarlo import draw_shocks, simulate
from chuhai.entry.results import ModeResult, PlanResult, Recommendation, RegimeRow, Tariff, Tornado
from chuhai.entry.scenario import Scenario
from chuhai.entry.sensitivity import tornado
from chuhai.entry.value import local_value
from chuhai.errors import ScenarioError
from chuhai.messages import Message
from chuhai.rules.regimes import REGIMES

__all__ = ["ModeResult", "PlanResult", "plan"]

SHARE_RANGE = (0.10, 0.20)


def _flows_dict(f: Flows, ub: UnitBuild, md: Mode) -> dict[str, tuple[float, ...]]:
    """Year-by-year series (years 0..H), USD; unit cost includes fixed cost ÷ units."""
    keys = ("units", "revenue", "firm", "partner", "host_taxes", "joint", "kit_margin",
            "royalty_net", "firm_profit_share", "duties", "cit", "wht")
    out = {k: tuple(float(x) for x in getattr(f, k)[0]) for k in keys}
    out["year"] = tuple(float(t) for t in range(f.units.shape[1]))
    units = f.units[0]
    out["landed_cost_usd"] = tuple(float(ub.landed[0]) if u > 0 else 0.0 for u in units)
    out["unit_cost_usd"] = tuple(
        float(ub.unit_cost[0]) + md.fixed_cost_usd_per_year / u if u > 0 else 0.0 for u in units)
    return out


def _sourcing(ctx: Context, md: Mode) -> dict[str, tuple[str, ...]]:
    """Which components the mode buys locally, imports, and which imports are critical."""
    local = localised_components(ctx, md)
    comps = ctx.scenario.firm.components
    return {"local": tuple(c.name for c in comps if c.name in local),
            "imported": tuple(f"{c.name} ({c.origin})" for c in comps if c.name not in local),
            "critical": tuple(f"{c.name} ({c.origin})" for c in comps if c.critical)}


def _with_share(sc: Scenario, share: float | None) -> Scenario:
    if share is None:
        return sc
    if not 0.0 <= share <= 1.0:
        raise ScenarioError(f"share must be between 0 and 1, got {share}", path="partner.share")
    return sc.model_copy(update={"partner": sc.partner.model_copy(update={"share": float(share)})})


@dataclass(frozen=True)
class _Row:
    mode: Mode
    assessment: Assessment
    flows: Flows
    build: UnitBuild
    point: FrontierPoint


def _evaluate(ctx: Context, md: Mode) -> _Row:
    sc = ctx.scenario
    primary = sc.regimes[0]
    ub = unit_build(ctx, md)
    a = assess(ctx, md, ub)
    fl = cash_flows(ctx, md, ub, a.tender_share)
    lv = local_value(fl, md, sc.market.hours_per_year)
    pt = FrontierPoint(
        key=md.key, label=md.label or md.key,
        firm_npv=float(np.asarray(npv(fl.firm[0], sc.firm.discount_rate))),
        local_value=lv.value_added_usd, jobs=lv.jobs, qualifies_primary=a.qualifies[primary],
        local_content_primary=a.local_content[primary], gated=a.gated)
    return _Row(md, a, fl, ub, pt)


def _mode_result(ctx: Context, row: _Row, pareto: bool, shocks: Shocks) -> ModeResult:
    sc = ctx.scenario
    md, a, fl, ub = row.mode, row.assessment, row.flows, row.build
    q1 = float(fl.units[0, 1])
    fixed_pu = md.fixed_cost_usd_per_year / q1 if q1 > 0 else 0.0
    return ModeResult(
        mode=md.key, label=row.point.label, firm_npv_usd=row.point.firm_npv,
        partner_npv_usd=float(np.asarray(npv(fl.partner[0], sc.partner.discount_rate))),
        firm_irr=irr(fl.firm[0]), partner_irr=irr(fl.partner[0]),
        firm_payback_years=payback(fl.firm[0]), partner_payback_years=payback(fl.partner[0]),
        value=local_value(fl, md, sc.market.hours_per_year), local_content=a.local_content,
        qualifies=a.qualifies, band_messages=a.bands, gate_messages=a.gates, pareto=pareto,
        tender_share=a.tender_share,
        price_usd=float(ub.price[0]), landed_cost_usd=float(ub.landed[0]),
        unit_cost_usd=float(ub.unit_cost[0]) + fixed_pu, flows=_flows_dict(fl, ub, md),
        sourcing=_sourcing(ctx, md),
        kit=kit_range(ctx, md, a, sc.regimes[0]), montecarlo=simulate(ctx, md, a, shocks))


def _warnings(ctx: Context, results: list[ModeResult]) -> tuple[Message, ...]:
    sc = ctx.scenario
    out = list(ctx.warnings)
    out += regime_warnings(sc.regimes, set(sc.regime_overrides))
    for r in results:
        out += [M.MODE_GATE(mode=r.mode, gate=g) for g in r.gate_messages]
    lo, hi = SHARE_RANGE
    if not lo <= sc.partner.share <= hi:
        out.append(M.SHARE_OUTSIDE(share=sc.partner.share, lo=lo, hi=hi))
    return tuple(out)


def plan(scenario: Scenario, *, warehouse: Warehouse | str | Path | None = None,
         share: float | None = None) -> PlanResult:
    """Compare every entry mode of ``scenario``; ``share`` overrides ``partner.share``."""
    sc = _with_share(scenario, share)
    ctx = build_context(sc, warehouse=warehouse)
    rows = [_evaluate(ctx, md) for md in ctx.modes]
    points = [r.point for r in rows]
    flags = pareto_flags([(p.firm_npv, p.local_value) for p in points])
    rec = recommendation(points, flags, primary=sc.regimes[0], tolerance=sc.npv_tolerance)
    shocks = draw_shocks(ctx, fixed_share=share)
    results = [_mode_result(ctx, r, on, shocks) for r, on in zip(rows, flags, strict=True)]
    best = next(r for r in rows if r.mode.key == rec[0])
    applied = applied_thresholds(ctx)
    wh = warehouse if isinstance(warehouse, Warehouse) or warehouse is None else Warehouse(warehouse)
    gated = tuple(r.mode for r in results if r.gate_messages)
    return PlanResult(
        demo=ctx.demo, market=sc.market.country, market_name=sc.market.name or sc.market.country,
        scenario=sc.name, share=sc.partner.share, horizon_years=sc.horizon_years, year=sc.year,
        regime_rows=tuple(RegimeRow.of(REGIMES[r], applied[r]) for r in sc.regimes),
        tariff_rows={k: Tariff(v, ctx.tariff_sources[k]) for k, v in ctx.tariffs.items()},
        modes=tuple(results), advice=Recommendation(rec[0], rec[1]),
        tornado_chart=Tornado(rec[0], tornado(ctx, best.mode, best.assessment)),
        warning_messages=_warnings(ctx, results),
        evidence=plan_evidence(wh, sc.market.country, sc.firm.hs6, gated=gated))
