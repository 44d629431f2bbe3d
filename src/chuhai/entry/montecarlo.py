"""Seeded Monte Carlo of firm NPV per mode (vectorised NumPy).

Multipliers on volume, price, FX, tariff and wage are log-normal with mean 1
(``exp(N(−σ²/2, σ))``, σ from ``[montecarlo]``); ``s`` is uniform on
[share_min, share_max] unless the caller fixes it (``plan(share=...)``, ``--share``). The same seed gives the same draws for every mode (common
random numbers), so modes are compared on the same futures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from chuhai.entry.assess import Assessment
from chuhai.entry.costs import Shocks, unit_build
from chuhai.entry.deal import cash_flows
from chuhai.entry.finance import npv
from chuhai.entry.inputs import Context
from chuhai.entry.modes import Mode
from chuhai.serialise import to_json

__all__ = ["McResult", "draw_shocks", "simulate"]


@dataclass(frozen=True)
class McResult:
    """Distribution of firm NPV (USD) for one mode."""

    draws: int
    seed: int
    p10: float
    p50: float
    p90: float
    mean: float
    prob_negative: float
    hist_counts: tuple[int, ...]
    hist_edges: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out


def draw_shocks(ctx: Context, *, fixed_share: float | None = None) -> Shocks:
    """The scenario's seeded draws; ``fixed_share`` holds s fixed (``--share``) instead of
    drawing it uniformly on [share_min, share_max]."""
    cfg = ctx.scenario.montecarlo
    rng = np.random.default_rng(cfg.seed)
    n = cfg.draws

    def lognorm(sd: float) -> np.ndarray:
        return np.exp(rng.normal(-0.5 * sd * sd, sd, n))

    vol, price, fx, tariff, wage = (lognorm(sd) for sd in (cfg.volume_sd, cfg.price_sd,
                                                           cfg.fx_sd, cfg.tariff_sd, cfg.wage_sd))
    lo, hi = sorted((cfg.share_min, cfg.share_max))
    share = rng.uniform(lo, hi, n)
    if fixed_share is not None:
        share = np.full(n, float(fixed_share))
    return Shocks(volume=vol, price=price, fx=fx, tariff=tariff, wage=wage, share=share)


def simulate(ctx: Context, mode: Mode, a: Assessment, shocks: Shocks | None = None) -> McResult:
    """Firm NPV distribution of ``mode`` under the scenario's seeded draws."""
    cfg = ctx.scenario.montecarlo
    sh = shocks if shocks is not None else draw_shocks(ctx)
    flows = cash_flows(ctx, mode, unit_build(ctx, mode, sh), a.tender_share, sh)
    values = np.asarray(npv(flows.firm, ctx.scenario.firm.discount_rate), dtype=float)
    p10, p50, p90 = (float(x) for x in np.percentile(values, [10, 50, 90]))
    counts, edges = np.histogram(values, bins=30)
    return McResult(draws=int(values.shape[0]), seed=cfg.seed, p10=p10, p50=p50, p90=p90,
                    mean=float(values.mean()), prob_negative=float(np.mean(values < 0)),
                    hist_counts=tuple(int(c) for c in counts),
                    hist_edges=tuple(float(e) for e in edges))
