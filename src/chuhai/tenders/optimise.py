"""Search the own offer — entry mode, price, kit price, partner share — for the best
expected profit subject to a minimum win probability or margin; report the frontier.

Each candidate is scored on the same seeded rival draws (common random numbers), so
differences between candidates are not sampling noise. A kit price changes the
partner's cost build-up (kits replace imported materials, duty scales with them), so
it can cost the offer its local-content preference (research §3.3 coupling).

Declared local content can be searched too (``local_contents`` with ``local_content_cost`` per
unit per percentage point), for offers without a cost build-up.

Firm profit per candidate (research §3.4, taxes and royalties left to ``chuhai.entry``):
direct modes ``E[share]·Q·(P − unit_cost)``; with a kit price and partner share ``s``
``E[share]·Q·(p_kit − kit_cost) + s·max(E[partner profit], 0)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from chuhai.errors import InfeasibleError, NotFoundError, ScenarioError
from chuhai.messages import Message
from chuhai.tenders import messages as M
from chuhai.tenders.messages import unique
from chuhai.tenders.model import Offer, Tender
from chuhai.tenders.results import FrontierPoint, OptimiseResult
from chuhai.tenders.simulate import Field, build_field, draw, run_field, to_usd, with_own

__all__ = ["optimise"]


@dataclass(frozen=True, slots=True)
class _Variant:
    mode: str
    offer: Offer
    kit_price: float | None
    partner_share: float | None


def _with_kit(o: Offer, kit: float) -> Offer:
    c = o.cost
    if c is None or c.imported_materials <= 0 or o.unit_cost is None:
        raise ScenarioError(f"offer {o.bidder!r} needs a cost build-up with imported_materials and "
                            "a unit_cost to try kit prices", path="optimise.kit_prices")
    duty = c.import_duty * kit / c.imported_materials
    cost = replace(c, imported_materials=kit, import_duty=duty)
    unit = o.unit_cost - c.imported_materials - c.import_duty + kit + duty
    return o.model_copy(update={"cost": cost, "unit_cost": unit})


def _variants(t: Tender) -> list[_Variant]:
    spec = t.optimise
    names = spec.modes or tuple(o.bidder for o in t.offers if o.own) or (t.offers[0].bidder,)
    out: list[_Variant] = []
    for name in names:
        base = next((o for o in t.offers if o.bidder == name), None)
        if base is None:
            raise NotFoundError(f"optimise.modes: no offer named {name!r}")
        if base.unit_cost is None:
            raise ScenarioError(f"offer {name!r} needs unit_cost to compute profit", path="optimise.modes")
        bases = [_with_lc(base, lc, spec.local_content_cost or 0.0) for lc in spec.local_contents] or [base]
        for b in bases:
            if spec.kit_prices and b.cost is not None:
                shares = spec.partner_shares or (1.0,)
                out += [_Variant(name, _with_kit(b, k), k, s) for k in spec.kit_prices for s in shares]
            else:
                out.append(_Variant(name, b, None, None))
    return out


def _with_lc(o: Offer, lc: float, cost_per_point: float) -> Offer:
    """The offer at declared local content ``lc``; each +1 point costs ``cost_per_point`` per unit."""
    if o.cost is not None:
        raise ScenarioError(f"offer {o.bidder!r} has a cost build-up: its local content follows from "
                            "it (search kit_prices instead)", path="optimise.local_contents")
    assert o.unit_cost is not None
    extra = cost_per_point * (lc - (o.local_content or 0.0)) * 100
    return o.model_copy(update={"local_content": lc, "unit_cost": o.unit_cost + extra})


def _prices(t: Tender, v: _Variant) -> np.ndarray:
    spec = t.optimise
    lo = spec.price_min or 0.7 * v.offer.price
    hi = spec.price_max or 1.3 * v.offer.price
    if hi <= lo:
        raise ScenarioError("optimise.price_max must exceed price_min", path="optimise.price_max")
    return np.linspace(lo, hi, spec.price_steps)


def _point(t: Tender, v: _Variant, price: float, shares: np.ndarray, award: np.ndarray,
           facts_pref: bool, eligible: bool) -> FrontierPoint:
    o, q = v.offer, t.quantity
    assert o.unit_cost is not None
    s0 = shares[:, 0]
    local = float(np.mean(s0 * (award[:, 0] - o.unit_cost))) * q
    if v.kit_price is not None and v.partner_share is not None:
        kit_cost = t.optimise.kit_cost if t.optimise.kit_cost is not None else v.kit_price
        profit = float(np.mean(s0)) * q * (v.kit_price - kit_cost) + v.partner_share * max(local, 0.0)
    else:
        profit = local
    return FrontierPoint(v.mode, price, v.kit_price, v.partner_share, 0.0, facts_pref, eligible,
                         float(np.mean(s0 > 0)), profit, (price - o.unit_cost) / price)


def _frontier(points: list[FrontierPoint]) -> tuple[FrontierPoint, ...]:
    """Per (mode, price) the most profitable candidate, flagged when Pareto-efficient
    (no other candidate has both a higher win probability and a higher expected profit)."""
    best: dict[tuple[str, float], FrontierPoint] = {}
    for p in points:
        k = (p.mode, p.price)
        if k not in best or p.expected_profit > best[k].expected_profit:
            best[k] = p
    rows = sorted(best.values(), key=lambda p: (p.mode, p.price))
    out = []
    for p in rows:
        dominated = any(q.win_probability >= p.win_probability and q.expected_profit > p.expected_profit
                        or q.win_probability > p.win_probability and q.expected_profit >= p.expected_profit
                        for q in rows)
        out.append(_replace(p, pareto=not dominated))
    return tuple(out)


def optimise(tender: Tender, *, runs: int | None = None, seed: int | None = None,
             min_win_probability: float | None = None, min_margin: float | None = None,
             progress: Callable[[int, int], None] | None = None) -> OptimiseResult:
    """Best offer by expected firm profit subject to ``min_win_probability`` / ``min_margin``.

    Raises :class:`InfeasibleError` when no candidate meets the constraints.
    """
    runs = runs if runs is not None else min(tender.simulation.runs, 20_000)
    seed = seed if seed is not None else tender.simulation.seed
    pmin = tender.optimise.min_win_probability if min_win_probability is None else min_win_probability
    mmin = tender.optimise.min_margin if min_margin is None else min_margin
    mmin = 0.0 if mmin is None else mmin  # never bid below unit cost (the partner's participation)
    variants = _variants(tender)
    ref = tender.simulation.reference_price or variants[0].offer.price
    base_field = build_field(tender, variants[0].offer, reference_price=ref)
    points = _search(tender, variants, base_field, runs, seed, progress)
    ok = [p for p in points if p.eligible and p.win_probability >= pmin and (p.margin or 0.0) >= mmin]
    if not ok:
        raise InfeasibleError(_infeasible_msg(points, pmin, mmin))
    best = max(ok, key=lambda p: (p.expected_profit, p.win_probability))
    frontier = _frontier([p for p in points if p.eligible and (p.margin or 0.0) >= mmin] or points)
    best = _replace(best, pareto=any(q.pareto and q.mode == best.mode and q.price == best.price
                                     and q.expected_profit == best.expected_profit for q in frontier))
    return OptimiseResult(tender.tender.rulepack, best, to_usd(tender, best.expected_profit),
                          {"min_win_probability": pmin, "min_margin": mmin}, frontier,
                          len(points), runs, seed, _warnings(tender, base_field, variants),
                          tender.tender.demo)


def _search(t: Tender, variants: list[_Variant], base: Field, runs: int, seed: int,
            progress: Callable[[int, int], None] | None) -> list[FrontierPoint]:
    """Every (variant, price) candidate against one set of seeded rival draws."""
    rp, rt = draw(np.random.default_rng(seed), base, runs)
    points: list[FrontierPoint] = []
    total = sum(len(_prices(t, v)) for v in variants)
    for v in variants:
        for price in _prices(t, v):
            if progress is not None:
                progress(len(points), total)
            f = with_own(base, t, v.offer.model_copy(update={"price": float(price)}))
            shares, award = run_field(f, rp, rt, divisible=t.tender.divisible)
            pt = _point(t, v, float(price), shares, award, f.facts[0].preferred, f.facts[0].eligible)
            points.append(_replace(pt, local_content=f.facts[0].local_content))
    return points


def _warnings(t: Tender, base: Field, variants: list[_Variant]) -> tuple[Message, ...]:
    w = list(base.resolved.warnings)
    if any(r.price_ratio is None or r.price_sd is None for r in t.rivals):
        w.append(M.SIM_ARCHETYPES())
    if any(v.kit_price is not None for v in variants):
        w.append(M.OPT_ARMS_LENGTH())
    return unique(w)


def _replace(p: FrontierPoint, **changes: Any) -> FrontierPoint:
    d: dict[str, Any] = {k: getattr(p, k) for k in p.__slots__}
    return FrontierPoint(**{**d, **changes})


def _infeasible_msg(points: list[FrontierPoint], pmin: float, mmin: float) -> str:
    within = [p for p in points if (p.margin or 0.0) >= mmin] or points
    top = max(within, key=lambda p: p.win_probability)
    msg = (f"no offer meets win probability ≥ {pmin:.0%} and margin ≥ {mmin:.0%}; "
           f"the highest win probability within the margin is {top.win_probability:.1%} "
           f"({top.mode} at {top.price:,.2f}, margin {top.margin or 0.0:.1%})")
    if not any(p.eligible for p in points):
        msg += "; no searched mode passes the tender's gates"
    return msg + ". Widen optimise.price_min/price_max, try other modes, or relax the constraint."
