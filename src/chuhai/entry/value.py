"""Local value created by a mode: jobs, value added, host taxes, partner earnings.

* local jobs (FTE, average over operating years) = Q × local labour hours ÷ hours per year;
* local value added (USD, undiscounted sum over the horizon) = local wages + local parts
  + local overhead + fixed local costs + the partner's cash flows (its share of the local
  entity's after-tax cash, net of its capex) + host taxes (duties, corporate tax, withholding). Local parts are
  counted whole (their suppliers' value added is not netted out);
* host taxes (USD, undiscounted) and VAT on sales (borne by buyers, reported apart);
* partner earnings: undiscounted sum and NPV of the partner's cash flows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from chuhai.entry.deal import Flows
from chuhai.entry.modes import Mode
from chuhai.serialise import to_json

__all__ = ["LocalValue", "local_jobs", "local_value"]


def local_jobs(units: float, hours_per_unit: float, hours_per_year: float) -> float:
    """Full-time jobs: ``units × hours_per_unit ÷ hours_per_year``."""
    return units * hours_per_unit / hours_per_year


@dataclass(frozen=True)
class LocalValue:
    """What the host country gets from a mode (base case)."""

    jobs: float
    jobs_by_year: tuple[float, ...]
    value_added_usd: float
    host_taxes_usd: float
    vat_on_sales_usd: float
    partner_earnings_usd: float
    local_wages_usd: float

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out


def local_value(flows: Flows, mode: Mode, hours_per_year: float, i: int = 0) -> LocalValue:
    """Local value of draw ``i`` of ``flows``."""
    q = flows.units[i]
    jobs = [local_jobs(float(u), mode.local_labour_hours_per_unit, hours_per_year) for u in q[1:]]
    partner_cash = flows.partner[i]  # net of the partner's capex contribution
    host = float(np.sum(flows.host_taxes[i]))
    va = float(np.sum(flows.local_spend[i])) + float(np.sum(partner_cash)) + host
    return LocalValue(jobs=float(np.mean(jobs)) if jobs else 0.0, jobs_by_year=tuple(jobs),
                      value_added_usd=va, host_taxes_usd=host,
                      vat_on_sales_usd=float(np.sum(flows.vat_on_sales[i])),
                      partner_earnings_usd=float(np.sum(flows.partner[i])),
                      local_wages_usd=float(np.sum(flows.local_wages[i])))
