"""Year-by-year cash flows of a mode split between firm, partner and host (USD).

Arrays have shape ``(n, H + 1)``: ``n`` shock draws, years 0..H (year 0 holds capex
and certification, years 1..H operations). With φ the firm's profit share, κ its
capex share, τ the host corporate tax (0 when the firm sells from abroad)::

    OP_t      = Q_t (P − p_kit − freight − ins − duty − nrVAT − clearance − local − royalty)
                − fixed                     (year 0: − certification)
    CIT_t     = τ · max(OP_t − depreciation_t, 0)
    D_t       = OP_t − CIT_t                                  (local entity cash)
    firm_t    = Q_t (p_kit − c_imp) + royalty_t (1 − wht_roy) + φ D_t
                − wht_div · max(φ D_t, 0) − κ K [t = 0]
    partner_t = (1 − φ) D_t − (1 − κ) K [t = 0]
    host_t    = duty + nrVAT + CIT + WHT on dividends and royalties
    joint_t   = Q_t (P − c_imp − freight − ins − clearance − local) − fixed − cert − K [t = 0]

so ``firm + partner + host = joint`` exactly (tested). Home-country tax is not
modelled: firm figures are before Chinese corporate tax.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from chuhai.entry.costs import Shocks, UnitBuild
from chuhai.entry.inputs import Context
from chuhai.entry.modes import Mode, resolve_share

__all__ = ["Flows", "base_units", "cash_flows"]

Arr = NDArray[np.float64]


@dataclass(frozen=True)
class Flows:
    """Cash flows and their parts, USD, shape ``(n, H + 1)``."""

    units: Arr
    revenue: Arr
    joint: Arr
    firm: Arr
    partner: Arr
    host_taxes: Arr
    kit_margin: Arr
    royalty_net: Arr
    firm_profit_share: Arr
    duties: Arr
    cit: Arr
    wht: Arr
    local_spend: Arr  # wages + local parts + local overhead + fixed costs
    local_wages: Arr
    vat_on_sales: Arr
    phi: Arr  # the firm's profit share per draw, shape (n,)


def base_units(ctx: Context, mode: Mode, tender_share: float) -> float:
    """Units per year in year 1 before shocks and the capacity cap."""
    m = ctx.scenario.market
    tender = m.tender_units_per_year + sum(s.tender_units_per_year for s in m.segments)
    private = m.private_units_per_year + sum(s.private_units_per_year for s in m.segments)
    return tender * tender_share + private * mode.private_reach


def _units(ctx: Context, base: float, volume: Arr) -> Arr:
    sc = ctx.scenario
    h = sc.horizon_years
    t = np.arange(h + 1, dtype=float)
    growth = np.where(t >= 1, (1.0 + sc.market.volume_growth) ** np.maximum(t - 1, 0), 0.0)
    q = base * volume[:, None] * growth[None, :]
    return np.minimum(q, sc.firm.capacity_units_per_year)


def _depreciation(mode: Mode, h: int) -> Arr:
    t = np.arange(h + 1)
    return np.where((t >= 1) & (t <= mode.asset_life_years), mode.capex_usd / mode.asset_life_years, 0.0)


def _phi(ctx: Context, mode: Mode, shocks: Shocks, n: int) -> Arr:
    """The firm's profit share per draw."""
    p = ctx.scenario.partner
    if mode.profit_share == "s":
        return shocks.share_array(p.share, n)
    return np.full(n, resolve_share(mode.profit_share, s=p.share, equity=p.firm_equity))


def _operating(ctx: Context, mode: Mode, c: dict[str, Arr], q: Arr) -> tuple[Arr, Arr, Arr]:
    """(operating cash OP, fixed + certification, capex) of the local seller, ``(n, H+1)``."""
    sc = ctx.scenario
    h = sc.horizon_years
    t0 = (np.arange(h + 1) == 0).astype(float)
    overheads = mode.fixed_cost_usd_per_year * (1.0 - t0) + sc.market.certification_usd * t0
    margin = (c["price"] - c["p_kit"] - c["freight"] - c["insurance"] - c["duty"] - c["nr_vat"]
              - c["clearance"] - c["local"] - c["royalty"])
    return q * margin - overheads, overheads, mode.capex_usd * t0


def _column(a: Arr, n: int) -> Arr:
    """``a`` (shape ``(n,)`` or broadcastable to it) as a read-only ``(n, 1)`` column."""
    if a.shape == (n,):
        return a[:, None]
    return np.broadcast_to(a, (n,))[:, None]


def cash_flows(ctx: Context, mode: Mode, ub: UnitBuild, tender_share: float,
               shocks: Shocks = Shocks()) -> Flows:
    """Split the mode's cash flows between firm, partner and host taxes."""
    sc = ctx.scenario
    m = sc.market
    sh = shocks.arrays()
    n = sh["volume"].shape[0]
    q = _units(ctx, base_units(ctx, mode, tender_share), sh["volume"])
    c = {k: _column(getattr(ub, k), n) for k in
         ("price", "c_imp", "p_kit", "freight", "insurance", "duty", "nr_vat", "clearance",
          "royalty", "local_variable", "local_labour")}
    c["local"] = c["local_variable"]  # local parts + labour + overhead per unit
    op, overheads, capex = _operating(ctx, mode, c, q)
    fixed = mode.fixed_cost_usd_per_year * (np.arange(sc.horizon_years + 1) >= 1)
    taxed = mode.local_entity != "none"
    cit = (m.corporate_tax if taxed else 0.0) * np.maximum(
        op - _depreciation(mode, sc.horizon_years), 0.0)
    phi = _phi(ctx, mode, shocks, n)
    kappa = resolve_share(mode.capex_share, s=0.0, equity=sc.partner.firm_equity)
    firm_share = phi[:, None] * (op - cit)
    wht_div = (m.wht_dividends if taxed else 0.0) * np.maximum(firm_share, 0.0)
    royalty = q * c["royalty"]
    wht_roy = m.wht_royalties * royalty
    kit_margin = q * (c["p_kit"] - c["c_imp"])
    duties = q * c["duty"]
    joint = q * (c["price"] - c["c_imp"] - c["freight"] - c["insurance"] - c["clearance"]
                 - c["local"]) - overheads - capex
    return Flows(
        units=q, revenue=q * c["price"], joint=joint,
        firm=kit_margin + royalty - wht_roy + firm_share - wht_div - kappa * capex,
        partner=(1.0 - phi[:, None]) * (op - cit) - (1.0 - kappa) * capex,
        host_taxes=duties + q * c["nr_vat"] + cit + wht_div + wht_roy, kit_margin=kit_margin,
        royalty_net=royalty - wht_roy, firm_profit_share=firm_share - wht_div, duties=duties,
        cit=cit, wht=wht_div + wht_roy, local_spend=q * c["local"] + fixed,
        local_wages=q * c["local_labour"], vat_on_sales=m.vat * q * c["price"], phi=phi)
