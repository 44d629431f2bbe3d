"""Tornado: firm NPV at low and high values of volume, price, FX, tariff, wage and s.

All twelve cases run as one vectorised batch. Each variable moves alone; the tender
share (qualification) stays at its base value. ``fx`` high means the local currency
is weaker (more units per USD). The share ``s`` only moves NPV for modes whose
``profit_share`` is ``"s"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chuhai.entry.assess import Assessment
from chuhai.entry.costs import Shocks, unit_build
from chuhai.entry.deal import cash_flows
from chuhai.entry.finance import npv
from chuhai.entry.inputs import Context
from chuhai.entry.modes import Mode
from chuhai.serialise import to_json

__all__ = ["TORNADO_VARS", "TornadoBar", "tornado"]

TORNADO_VARS = ("volume", "price", "fx", "tariff", "wage", "share")


@dataclass(frozen=True)
class TornadoBar:
    """One bar: the input at low/high and the firm NPV there (USD)."""

    variable: str
    low_input: float
    high_input: float
    npv_low: float
    npv_high: float
    base_npv: float
    swing: float = field(init=False)  # |npv_high - npv_low|

    def __post_init__(self) -> None:
        object.__setattr__(self, "swing", abs(self.npv_high - self.npv_low))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out


def tornado(ctx: Context, mode: Mode, a: Assessment) -> tuple[TornadoBar, ...]:
    """Tornado bars for ``mode``, widest swing first."""
    sc = ctx.scenario
    cfg = sc.sensitivity
    s0 = sc.partner.share
    cols: dict[str, list[float]] = {k: [] for k in TORNADO_VARS}
    inputs: list[tuple[float, float]] = []
    for var in TORNADO_VARS:
        if var == "share":
            lo, hi = cfg.share_low, cfg.share_high
        else:
            d = getattr(cfg, var)
            lo, hi = 1.0 - d, 1.0 + d
        inputs.append((lo, hi))
        for v in (lo, hi):
            for k in TORNADO_VARS:
                cols[k].append(v if k == var else (s0 if k == "share" else 1.0))
    arr = {k: np.array(v) for k, v in cols.items()}
    shocks = Shocks(volume=arr["volume"], price=arr["price"], fx=arr["fx"],
                    tariff=arr["tariff"], wage=arr["wage"], share=arr["share"])
    ub = unit_build(ctx, mode, shocks)
    flows = cash_flows(ctx, mode, ub, a.tender_share, shocks)
    values = np.asarray(npv(flows.firm, sc.firm.discount_rate))
    base = float(np.asarray(npv(cash_flows(ctx, mode, unit_build(ctx, mode), a.tender_share).firm,
                                sc.firm.discount_rate)).ravel()[0])
    bars = [TornadoBar(var, lo, hi, float(values[2 * i]), float(values[2 * i + 1]), base)
            for i, (var, (lo, hi)) in enumerate(zip(TORNADO_VARS, inputs, strict=True))]
    return tuple(sorted(bars, key=lambda b: -b.swing))
