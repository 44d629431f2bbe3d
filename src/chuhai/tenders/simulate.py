"""Seeded Monte Carlo of a tender against rival archetypes, vectorised with NumPy.

Every simulated tender is one row of ``(runs, bidders)`` arrays: rival prices are
lognormal around ``simulation.reference_price``, rival technical scores normal and
clipped to 0–100; fixed offers keep their quoted price. The same arithmetic as
:func:`chuhai.tenders.evaluate` decides each row (no Python loop per tender).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import ValidationError

from chuhai.errors import NotFoundError, ScenarioError
from chuhai.messages import Message
from chuhai.rules.packs import RulePack, get_rulepack, validation_message
from chuhai.tenders import messages as M
from chuhai.tenders.evaluate import arithmetic, evaluate
from chuhai.tenders.messages import unique
from chuhai.tenders.model import Offer, RivalSpec, Tender
from chuhai.tenders.prepare import OfferFacts, Resolved, offer_facts, resolve
from chuhai.tenders.results import Alternative, SimulationResult

__all__ = ["ARCHETYPES", "Field", "build_field", "draw", "run_field", "simulate", "to_usd", "with_own"]

F = NDArray[np.float64]
CHUNK = 65_536
#: methods whose score uses the technical points
TECHNICAL_METHODS = ("weighted_sum", "qcbs", "adjusted_bid")


@cache
def _archetypes() -> dict[str, dict[str, Any]]:
    text = resources.files("chuhai.tenders").joinpath("archetypes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


ARCHETYPES: tuple[str, ...] = tuple(_archetypes())


def _fill(v: Any, subs: dict[str, str | None], where: str) -> Any:
    if isinstance(v, list):
        return [_fill(x, subs, where) for x in v]
    if isinstance(v, str) and v.startswith("{") and v.endswith("}"):
        out = subs.get(v[1:-1])
        if out is None:
            raise ScenarioError(f"archetype needs {v[1:-1]}: set simulation.neighbour_country", path=where)
        return out
    return v


def rival_offer(t: Tender, i: int, r: RivalSpec) -> tuple[Offer, tuple[float, float, float, float]]:
    """The rival as an offer (price is a placeholder) and its (ratio, sd, tech mean, tech sd)."""
    arch = _archetypes().get(r.archetype)
    if arch is None:
        raise NotFoundError(f"rivals.{i}.archetype: unknown archetype {r.archetype!r}; "
                            f"allowed: {', '.join(ARCHETYPES)}")
    subs = {"buyer": t.tender.buyer_country, "neighbour": t.simulation.neighbour_country}
    attrs = {k: _fill(v, subs, f"rivals.{i}.attributes.{k}") for k, v in arch["attributes"].items()}
    attrs.update(r.attributes)
    tech_mean = r.technical_mean if r.technical_mean is not None else float(arch["technical_mean"])
    try:
        offer = Offer.model_validate({**attrs, "bidder": r.name, "price": 1.0, "technical_score": tech_mean})
    except ValidationError as exc:
        path, msg = validation_message(exc)
        raise ScenarioError(msg, path=f"rivals.{i}.attributes.{path}", file=t.source_file) from exc
    dist = (r.price_ratio or float(arch["price_ratio"]), r.price_sd if r.price_sd is not None else float(arch["price_sd"]),
            tech_mean, r.technical_sd if r.technical_sd is not None else float(arch["technical_sd"]))
    return offer, dist


@dataclass(frozen=True)
class Field:
    """One bidder field: the own offer first, then fixed offers, then random rivals."""

    pack: RulePack
    resolved: Resolved
    facts: tuple[OfferFacts, ...]
    fixed_prices: F
    fixed_tech: F
    n_fixed: int
    rival_mu: F
    rival_sd: F
    tech_mean: F
    tech_sd: F
    pass_mark: float | None = None

    @property
    def names(self) -> list[str]:
        return [f.offer.bidder for f in self.facts]


def build_field(t: Tender, own: Offer, *, reference_price: float) -> Field:
    pack = get_rulepack(t.tender.rulepack)
    fixed = [own] + [o for o in t.offers if not o.own]
    rivals = [rival_offer(t, i, r) for i, r in enumerate(t.rivals)]
    facts = tuple(offer_facts(pack, t, o) for o in fixed + [r[0] for r in rivals])
    d = np.array([r[1] for r in rivals], dtype=float).reshape(len(rivals), 4)
    pm = t.evaluation.technical_pass_mark
    if pm is None and t.evaluation.method == "qcbs":
        pm = 70.0
    return Field(pack, resolve(pack, t), facts, np.array([o.price for o in fixed], dtype=float),
                 np.array([o.technical_score or 0.0 for o in fixed], dtype=float), len(fixed),
                 np.log(reference_price * d[:, 0]), d[:, 1], d[:, 2], d[:, 3], pm)


def with_own(f: Field, t: Tender, own: Offer) -> Field:
    """The same field with a different own offer (rivals and fixed offers unchanged)."""
    facts = (offer_facts(f.pack, t, own),) + f.facts[1:]
    prices = f.fixed_prices.copy()
    tech = f.fixed_tech.copy()
    prices[0], tech[0] = own.price, own.technical_score or 0.0
    return replace(f, facts=facts, fixed_prices=prices, fixed_tech=tech)


def _uses_technical(f: Field) -> bool:
    return f.resolved.spec.method in TECHNICAL_METHODS or f.pass_mark is not None


def draw(rng: np.random.Generator, f: Field, m: int) -> tuple[F, F]:
    """Rival prices and technical scores for ``m`` simulated tenders: ``(m, rivals)`` each.

    Technical scores are drawn only when the method or a pass mark uses them.
    """
    k = f.rival_mu.shape[0]
    # column-major (bidders outermost): reductions over bidders then run over contiguous rows
    z = rng.standard_normal((k, m)).T
    prices = np.exp(f.rival_mu + f.rival_sd * z)
    if not _uses_technical(f):
        return prices, np.broadcast_to(f.tech_mean, (m, k))
    tech = np.clip(f.tech_mean + f.tech_sd * rng.standard_normal((k, m)).T, 0.0, 100.0)
    return prices, tech


def run_field(f: Field, rival_prices: F, rival_tech: F, *, divisible: bool,
              own_price: float | None = None) -> tuple[F, F]:
    """(shares, award prices), each ``(m, bidders)``, for pre-drawn rival prices."""
    m = rival_prices.shape[0]
    fixed_p = f.fixed_prices.copy()
    if own_price is not None:
        fixed_p[0] = own_price
    n = f.n_fixed + rival_prices.shape[1]
    prices, tech = np.empty((m, n), order="F"), np.empty((m, n), order="F")
    prices[:, : f.n_fixed], prices[:, f.n_fixed:] = fixed_p, rival_prices
    tech[:, : f.n_fixed], tech[:, f.n_fixed:] = f.fixed_tech, rival_tech
    elig = np.array([x.eligible for x in f.facts], dtype=bool)
    if f.pass_mark is not None and rival_tech.shape[1]:
        # rivals' technical scores vary per tender: the pass mark is checked per row
        static = np.array([x.responsive and all(g.passed for g in x.gates) for x in f.facts], dtype=bool)
        dyn = np.empty((m, n), dtype=bool, order="F")
        dyn[:, : f.n_fixed], dyn[:, f.n_fixed:] = elig[: f.n_fixed], static[f.n_fixed:] & (rival_tech >= f.pass_mark)
        elig = dyn
    a = arithmetic(f.resolved, f.facts, prices, tech, elig, divisible=divisible, need_scores=False)
    return a.shares, a.award_price


def to_usd(t: Tender, amount: float | None) -> float | None:
    if amount is None:
        return None
    cur = t.tender.currency
    if cur == "USD":
        return amount
    rate = t.tender.fx.get(cur)
    return None if rate is None else amount / rate


def _own_offers(t: Tender, offer: str | None) -> list[Offer]:
    if offer is not None:
        named = [o for o in t.offers if o.bidder == offer]
        if not named:
            raise NotFoundError(f"no offer named {offer!r}; offers: {', '.join(o.bidder for o in t.offers)}")
        return named + [o for o in t.offers if o.own and o.bidder != offer]
    own = [o for o in t.offers if o.own]
    return own or [t.offers[0]]


@dataclass
class _Acc:
    """Running sums over simulated tenders for one own alternative."""

    shares: F
    wins: F
    profit: float = 0.0


def _monte_carlo(t: Tender, fields: list[Field], owns: list[Offer], runs: int, seed: int,
                 progress: Callable[[int, int], None] | None) -> list[_Acc]:
    """Chunked, seeded draws; every own alternative meets the same rival draws."""
    rng = np.random.default_rng(seed)
    n = len(fields[0].facts)
    acc = [_Acc(np.zeros(n), np.zeros(n)) for _ in fields]
    done = 0
    while done < runs:
        m = min(CHUNK, runs - done)
        rp, rt = draw(rng, fields[0], m)
        for a, f, o in zip(acc, fields, owns, strict=True):
            shares, award = run_field(f, rp, rt, divisible=t.tender.divisible)
            a.shares += shares.sum(axis=0)
            a.wins += (shares > 0).sum(axis=0)
            if o.unit_cost is not None:
                a.profit += float(np.sum(shares[:, 0] * (award[:, 0] - o.unit_cost)))
        done += m
        if progress is not None:
            progress(done, runs)
    return acc


def _alternative(t: Tender, f: Field, a: _Acc, runs: int, own: Offer) -> Alternative:
    profit = None if own.unit_cost is None else a.profit / runs * t.quantity
    return Alternative(bidder=own.bidder, win_probability=float(a.wins[0] / runs),
                       expected_share=float(a.shares[0] / runs), expected_profit=profit,
                       expected_profit_usd=to_usd(t, profit),
                       preferred=f.facts[0].preferred, eligible=f.facts[0].eligible)


def _sim_warnings(t: Tender, base: tuple[Message, ...], own: Offer, ref: float) -> tuple[Message, ...]:
    w = list(base)
    if t.simulation.reference_price is None and t.rivals:
        w.append(M.SIM_REFERENCE_UNSET(price=ref))
    if any(r.price_ratio is None or r.price_sd is None for r in t.rivals):
        w.append(M.SIM_ARCHETYPES())
    if own.unit_cost is None:
        w.append(M.SIM_NO_UNIT_COST(bidder=own.bidder))
    elif to_usd(t, 1.0) is None:
        w.append(M.SIM_NO_FX(currency=t.tender.currency))
    return unique(w)


def simulate(tender: Tender, *, runs: int | None = None, seed: int | None = None,
             offer: str | None = None,
             progress: Callable[[int, int], None] | None = None) -> SimulationResult:
    """Win probability of every bidder and the own offer's expected profit.

    ``offer`` names the own offer (default: the first with ``own = true``); other own
    offers are simulated as alternatives against the same rival draws.
    """
    runs = runs if runs is not None else tender.simulation.runs
    seed = seed if seed is not None else tender.simulation.seed
    if runs <= 0:
        raise ScenarioError("runs must be positive", path="simulation.runs")
    owns = _own_offers(tender, offer)
    ref = tender.simulation.reference_price or owns[0].price
    fields = [build_field(tender, o, reference_price=ref) for o in owns]
    acc = _monte_carlo(tender, fields, owns, runs, seed, progress)
    alts = [_alternative(tender, f, a, runs, o) for f, a, o in zip(fields, acc, owns, strict=True)]
    ev = evaluate(tender)
    names = fields[0].names
    return SimulationResult(
        evaluation=ev, runs=runs, seed=seed, own=owns[0].bidder,
        win_probability={nm: float(acc[0].wins[i] / runs) for i, nm in enumerate(names)},
        expected_share={nm: float(acc[0].shares[i] / runs) for i, nm in enumerate(names)},
        expected_profit=alts[0].expected_profit, expected_profit_usd=alts[0].expected_profit_usd,
        alternatives=tuple(alts), warning_messages=_sim_warnings(tender, ev.warning_messages, owns[0], ref))
