"""``plan(scenario)``: every mode's costs, cash flows, local value, frontier and risk.

Pure function over a frozen :class:`~chuhai.entry.scenario.Scenario`; returns a
frozen :class:`PlanResult` whose ``to_dict()`` is the ``chuhai plan --json``
contract (documented in docs/scenario-format.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chuhai.data.warehouse import Warehouse
from chuhai.entry import messages as M
from chuhai.entry.assess import Assessment, applied_thresholds, assess
from chuhai.entry.costs import Shocks, UnitBuild, localised_components, unit_build
from chuhai.entry.deal import Flows, cash_flows
from chuhai.entry.finance import IrrResult, irr, npv, payback
from chuhai.entry.frontier import FrontierPoint, pareto_flags, recommendation
from chuhai.entry.inputs import Context, build_context
from chuhai.entry.kit import KitRange, kit_range
from chuhai.entry.local_content import regime_warnings
from chuhai.entry.modes import Mode
from chuhai.entry.montecarlo import McResult, draw_shocks, simulate
from chuhai.entry.scenario import Scenario
from chuhai.entry.sensitivity import TornadoBar, tornado
from chuhai.entry.value import LocalValue, local_value
from chuhai.errors import ScenarioError
from chuhai.messages import Message, render
from chuhai.rules.regimes import REGIMES, AppliedThreshold
from chuhai.serialise import to_json

__all__ = ["ModeResult", "PlanResult", "plan"]

SHARE_RANGE = (0.10, 0.20)


@dataclass(frozen=True)
class ModeResult:
    """One entry mode, base case (money in USD; NPVs at the firm's / partner's rate)."""

    mode: str
    label: str
    firm_npv_usd: float
    partner_npv_usd: float
    firm_irr: IrrResult
    partner_irr: IrrResult
    firm_payback_years: float | None
    partner_payback_years: float | None
    value: LocalValue
    local_content: dict[str, float]
    qualifies: dict[str, bool]
    band_messages: dict[str, Message]
    gate_messages: tuple[Message, ...]
    pareto: bool
    tender_share: float
    price_usd: float
    landed_cost_usd: float
    unit_cost_usd: float
    flows: dict[str, tuple[float, ...]]
    sourcing: dict[str, tuple[str, ...]]
    kit: KitRange | None
    montecarlo: McResult

    @property
    def bands(self) -> dict[str, str]:
        """Preference band per regime, in English."""
        return {k: render(m) for k, m in self.band_messages.items()}

    @property
    def gates(self) -> tuple[str, ...]:
        """Closed tender gates, in English."""
        return tuple(render(m) for m in self.gate_messages)

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode, "label": self.label, "firm_npv_usd": self.firm_npv_usd,
            "partner_npv_usd": self.partner_npv_usd, "local_jobs": self.value.jobs,
            "local_value_added_usd": self.value.value_added_usd,
            "host_taxes_usd": self.value.host_taxes_usd,
            "local_content": dict(self.local_content), "qualifies": dict(self.qualifies),
            "pareto": self.pareto, "preference_band": dict(self.bands),
            "preference_band_messages": {k: to_json(m) for k, m in self.band_messages.items()},
            "gates": list(self.gates), "gates_messages": [to_json(m) for m in self.gate_messages],
            "tender_share": self.tender_share,
            "firm_irr": self.firm_irr.to_dict(), "partner_irr": self.partner_irr.to_dict(),
            "firm_payback_years": self.firm_payback_years,
            "partner_payback_years": self.partner_payback_years,
            "price_usd": self.price_usd, "landed_cost_usd": self.landed_cost_usd,
            "unit_cost_usd": self.unit_cost_usd, "local_value": self.value.to_dict(),
            "cash_flows": {k: list(v) for k, v in self.flows.items()},
            "sourcing": {k: list(v) for k, v in self.sourcing.items()},
            "kit": self.kit.to_dict() if self.kit else None,
            "montecarlo": self.montecarlo.to_dict(),
        }


@dataclass(frozen=True)
class PlanResult:
    """The plan for one scenario."""

    demo: bool
    market: str
    market_name: str
    scenario: str
    share: float
    horizon_years: int
    year: int
    regimes: tuple[str, ...]
    tariffs: dict[str, float]
    tariff_sources: dict[str, str]
    modes: tuple[ModeResult, ...]
    recommended: str
    recommendation_reason: Message
    tornado_mode: str
    tornado: tuple[TornadoBar, ...]
    warning_messages: tuple[Message, ...]
    thresholds: dict[str, AppliedThreshold]  # applied per regime (year, overrides), with why

    @property
    def recommendation(self) -> tuple[str, str]:
        """(recommended mode, the reason in English)."""
        return self.recommended, render(self.recommendation_reason)

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(render(m) for m in self.warning_messages)

    def mode(self, key: str) -> ModeResult:
        return next(m for m in self.modes if m.mode == key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "demo": self.demo, "market": self.market, "market_name": self.market_name,
            "scenario": self.scenario, "share": self.share, "year": self.year,
            "horizon_years": self.horizon_years,
            "regimes": [REGIMES[r].to_dict(self.thresholds[r]) for r in self.regimes],
            "tariffs": {k: {"rate": v, "source": self.tariff_sources[k]}
                        for k, v in self.tariffs.items()},
            "modes": [m.to_dict() for m in self.modes],
            "recommendation": {"mode": self.recommended, "reason": self.recommendation[1],
                               "reason_message": to_json(self.recommendation_reason)},
            "tornado": {"mode": self.tornado_mode, "bars": [b.to_dict() for b in self.tornado]},
            "warnings": list(self.warnings),
            "warnings_messages": [to_json(m) for m in self.warning_messages],
        }


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
    return PlanResult(
        demo=ctx.demo, market=sc.market.country, market_name=sc.market.name or sc.market.country,
        scenario=sc.name, share=sc.partner.share, horizon_years=sc.horizon_years, year=sc.year,
        regimes=sc.regimes, tariffs=dict(ctx.tariffs), tariff_sources=dict(ctx.tariff_sources),
        modes=tuple(results), recommended=rec[0], recommendation_reason=rec[1], tornado_mode=rec[0],
        tornado=tornado(ctx, best.mode, best.assessment), warning_messages=_warnings(ctx, results),
        thresholds=applied_thresholds(ctx))
