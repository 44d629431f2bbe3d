"""Offer cost build-up of one mode, for the tender simulator (stable API).

``offer_costs(scenario, mode)`` gives what a bid in the host market costs the
bidder per unit, and the product's local content under each target regime.

* ``unit_cost_usd`` — the bidder's full cost per unit in year 1: landed cost of the
  imported content at the transfer price, local parts, labour and overhead, the
  royalty, fixed costs ÷ year-1 units and certification ÷ units over the horizon;
* ``group_unit_cost_usd`` — the same for firm and partner together: imported
  content at home cost, no royalty (a floor for pricing the bid).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from chuhai.data.warehouse import Warehouse
from chuhai.entry.assess import assess
from chuhai.entry.costs import build_up_at, unit_build
from chuhai.entry.deal import base_units, cash_flows
from chuhai.entry.inputs import Context, build_context
from chuhai.entry.modes import Mode
from chuhai.entry.scenario import Scenario
from chuhai.errors import NotFoundError
from chuhai.messages import Message, render
from chuhai.rules.buildup import CostBuildUp
from chuhai.serialise import to_json

__all__ = ["OfferCosts", "find_mode", "offer_costs"]


@dataclass(frozen=True)
class OfferCosts:
    """Per-unit offer costs (USD) and local content of a mode in the scenario's market."""

    mode: str
    bidder: str
    price_usd: float
    landed_cost_usd: float
    variable_cost_usd: float
    unit_cost_usd: float
    group_unit_cost_usd: float
    units_year1: float
    build_up: dict[str, float]
    cost: CostBuildUp = field(metadata={"json": False})  # the same build-up, typed, for the laws
    local_content: dict[str, float]
    qualifies: dict[str, bool]
    thresholds: dict[str, float]
    gate_messages: tuple[Message, ...] = field(default=(), metadata={"json_name": "gates", "json_always": True})
    demo: bool = False
    warning_messages: tuple[Message, ...] = field(
        default=(), metadata={"json_name": "warnings", "json_always": True})

    @property
    def gates(self) -> tuple[str, ...]:
        return tuple(render(m) for m in self.gate_messages)

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(render(m) for m in self.warning_messages)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out


def find_mode(ctx: Context, mode: Mode | str) -> Mode:
    """The mode object for a key (scenario modes first, then built-ins)."""
    if isinstance(mode, Mode):
        return mode
    for m in ctx.modes:
        if m.key == mode:
            return m
    raise NotFoundError(f"unknown entry mode {mode!r}; known: {', '.join(m.key for m in ctx.modes)}")


def offer_costs(scenario: Scenario, mode: Mode | str, *,
                warehouse: Warehouse | str | Path | None = None,
                context: Context | None = None) -> OfferCosts:
    """The offer cost build-up of ``mode`` (a :class:`Mode` or its key)."""
    ctx = context or build_context(scenario, warehouse=warehouse)
    md = find_mode(ctx, mode)
    ub = unit_build(ctx, md)
    a = assess(ctx, md, ub)
    flows = cash_flows(ctx, md, ub, a.tender_share)
    units = flows.units[0]
    q1 = float(units[1]) if units.shape[0] > 1 else 0.0
    total_q = float(np.sum(units))
    fixed = md.fixed_cost_usd_per_year / q1 if q1 > 0 else 0.0
    cert = ctx.scenario.market.certification_usd / total_q if total_q > 0 else 0.0
    variable = float(ub.unit_cost[0])
    at_cost = unit_build(ctx, md, kit_markup=0.0)  # kits at home cost: the group's own cost
    group = float(at_cost.unit_cost[0] - at_cost.royalty[0])
    parts = ("price", "c_imp", "p_kit", "freight", "insurance", "cif", "duty", "nr_vat",
             "clearance", "local_parts", "local_labour", "local_overhead", "royalty")
    build = {f"{k}_usd": float(getattr(ub, k)[0]) for k in parts}
    build["tariff_rate"] = float(ub.tariff_rate[0])
    return OfferCosts(
        mode=md.key, bidder=md.bidder, price_usd=float(ub.price[0]),
        landed_cost_usd=float(ub.landed[0]), variable_cost_usd=variable,
        unit_cost_usd=variable + fixed + cert, group_unit_cost_usd=group + fixed + cert,
        units_year1=q1 if q1 else base_units(ctx, md, a.tender_share), build_up=build,
        cost=build_up_at(ub, md),
        local_content=a.local_content, qualifies=a.qualifies, thresholds=a.thresholds,
        gate_messages=a.gates, demo=ctx.demo, warning_messages=ctx.warnings)
