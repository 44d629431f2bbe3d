"""Landed cost and unit cost per entry mode, vectorised over shock draws.

All money per unit in USD. Every array has shape ``(n,)`` where ``n`` is the number
of shock draws (1 for the base case), so the same code serves the base case, the
tornado and the Monte Carlo. Equations (research §3.4)::

    c_imp     = imported components + home_assembly_share × (home labour + overhead)
    p_kit     = c_imp × (1 + kit_markup)            (= c_imp when no local entity)
    cif       = p_kit + freight + insurance_rate × p_kit
    duty      = tariff(import_form) × cif
    landed    = cif + duty + non-recoverable import VAT + clearance
    unit_cost = landed + local parts + local labour + local overhead + royalty
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike, NDArray

from chuhai.entry.inputs import Context
from chuhai.entry.modes import Mode
from chuhai.rules.buildup import CostBuildUp

__all__ = ["Shocks", "UnitBuild", "build_up_at", "localised_components", "unit_build"]

Arr = NDArray[np.float64]


def widen(a: Arr, n: int) -> Arr:
    """``a`` (shape ``(1,)`` or ``(n,)``) as a new float array of shape ``(n,)``: what
    ``np.broadcast_to(a, (n,)).astype(float)`` gives, without its per-call cost (the
    planner calls this thousands of times per plan)."""
    if a.shape == (n,):
        return a.astype(float)
    if a.shape == (1,):
        return np.full(n, float(a[0]))
    return np.broadcast_to(a, (n,)).astype(float)


@dataclass(frozen=True)
class Shocks:
    """Multipliers on the base case (1 = unchanged); ``share`` replaces s when given.

    ``fx`` multiplies local currency units per USD: 1.1 = the local currency is 10 %
    weaker, so local prices and wages are worth less in USD."""

    volume: ArrayLike = 1.0
    price: ArrayLike = 1.0
    fx: ArrayLike = 1.0
    tariff: ArrayLike = 1.0
    wage: ArrayLike = 1.0
    share: ArrayLike | None = None

    def arrays(self) -> dict[str, Arr]:
        vals = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "share"}
        arrs = [np.atleast_1d(np.asarray(v, dtype=float)) for v in vals.values()]
        n = max(a.shape[0] for a in arrs)
        if self.share is not None:
            n = max(n, np.atleast_1d(np.asarray(self.share, dtype=float)).shape[0])
        return {k: widen(a, n) for k, a in zip(vals, arrs, strict=True)}

    def share_array(self, default: float, n: int) -> Arr:
        if self.share is None:
            return np.full(n, float(default))
        return widen(np.atleast_1d(np.asarray(self.share, dtype=float)), n)


@dataclass(frozen=True)
class UnitBuild:
    """Per-unit cost build-up arrays (USD per unit, shape ``(n,)``)."""

    price: Arr
    c_imp: Arr
    p_kit: Arr
    freight: Arr
    insurance: Arr
    cif: Arr
    duty: Arr
    nr_vat: Arr
    clearance: Arr
    local_parts: Arr
    local_labour: Arr
    local_overhead: Arr
    royalty: Arr
    tariff_rate: Arr

    @property
    def landed(self) -> Arr:
        return self.cif + self.duty + self.nr_vat + self.clearance

    @property
    def local_variable(self) -> Arr:
        return self.local_parts + self.local_labour + self.local_overhead

    @property
    def unit_cost(self) -> Arr:
        """Variable cost per unit to the local seller (landed + local + royalty)."""
        return self.landed + self.local_variable + self.royalty


def localised_components(ctx: Context, mode: Mode) -> frozenset[str]:
    """Names of the components the mode sources in the host country."""
    comps = ctx.scenario.firm.components
    src = mode.local_sourcing
    if isinstance(src, tuple):
        return frozenset(c.name for c in comps if c.name in src and not c.critical)
    tiers = {"none": (), "ckd": ("ckd",), "full": ("ckd", "full")}[src]
    return frozenset(c.name for c in comps if c.localisable in tiers)


def _extra_freight(ctx: Context) -> float:
    m = ctx.scenario.market
    base = m.tender_units_per_year + m.private_units_per_year
    seg_units = [(s.tender_units_per_year + s.private_units_per_year, s.extra_freight_usd_per_unit)
                 for s in m.segments]
    total = base + sum(u for u, _ in seg_units)
    return sum(u * f for u, f in seg_units) / total if total > 0 else 0.0


def unit_build(ctx: Context, mode: Mode, shocks: Shocks = Shocks(), *,
               kit_markup: ArrayLike | None = None) -> UnitBuild:
    """The per-unit build-up of ``mode`` under ``shocks`` (optionally another kit markup)."""
    sc = ctx.scenario
    firm, mkt = sc.firm, sc.market
    sh = shocks.arrays()
    n = sh["volume"].shape[0]
    local = localised_components(ctx, mode)
    comps_imp = sum(c.cost_usd for c in firm.components if c.name not in local)
    comps_loc = sum(c.cost_usd * c.local_cost_factor for c in firm.components if c.name in local)
    home = mode.home_assembly_share * (firm.assembly_hours_per_unit * firm.home_wage_usd_per_hour
                                       + firm.overhead_usd_per_unit)
    c_imp = np.full(n, comps_imp + home)
    markup = sc.partner.kit_markup if kit_markup is None else kit_markup
    mk = np.broadcast_to(np.asarray(markup, dtype=float), (n,))
    p_kit = c_imp if mode.local_entity == "none" else c_imp * (1.0 + mk)
    freight = np.full(n, mkt.freight_usd_per_unit + _extra_freight(ctx))
    insurance = mkt.insurance_rate * p_kit
    cif = p_kit + freight + insurance
    rate = ctx.tariffs[mode.import_form] * sh["tariff"]
    duty = rate * cif
    nr_vat = np.zeros(n) if mkt.import_vat_recoverable else mkt.vat * (cif + duty)
    fx = mkt.fx_lcu_per_usd * sh["fx"]
    price = mkt.price_lcu / fx * sh["price"]
    wage_usd = mkt.wage_lcu_per_hour * sh["wage"] / fx
    royalty = sc.partner.royalty_rate * price if mode.royalty else np.zeros(n)
    return UnitBuild(
        price=price, c_imp=c_imp, p_kit=np.asarray(p_kit, dtype=float), freight=freight,
        insurance=insurance, cif=cif, duty=duty, nr_vat=nr_vat,
        clearance=np.full(n, mkt.clearance_usd_per_unit), local_parts=np.full(n, comps_loc),
        local_labour=mode.local_labour_hours_per_unit * wage_usd,
        local_overhead=np.full(n, mode.local_overhead_usd_per_unit), royalty=royalty,
        tariff_rate=np.asarray(rate, dtype=float) * np.ones(n))


def build_up_at(ub: UnitBuild, mode: Mode, i: int = 0) -> CostBuildUp:
    """The scalar :class:`CostBuildUp` (USD) of draw ``i`` for the local-content laws.

    Imported materials are the kits and parts at customs value (CIF); the other costs
    are the non-recoverable import VAT and clearance. The price is ``ub.price[i]``."""
    return CostBuildUp(
        imported_materials=float(ub.cif[i]), import_duty=float(ub.duty[i]),
        royalties_abroad=float(ub.royalty[i]), local_materials=float(ub.local_parts[i]),
        local_labour=float(ub.local_labour[i]), local_overhead=float(ub.local_overhead[i]),
        other_costs=float(ub.nr_vat[i] + ub.clearance[i]),
        manufactured_locally=mode.manufactures_locally)
