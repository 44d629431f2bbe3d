"""Evaluate one tender: responsiveness → gates → local content → preference →
evaluated price → score → rank → winner, with every step and why each loser lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from chuhai.rules.packs import RulePack, get_rulepack
from chuhai.tenders.mechanisms import apply_mechanism, argmin_rows
from chuhai.tenders.model import Offer, Tender
from chuhai.tenders.prepare import OfferFacts, Resolved, offer_facts, resolve, statics
from chuhai.tenders.results import Award, BidResult, Evaluation
from chuhai.tenders.scoring import score

__all__ = ["Arith", "arithmetic", "evaluate"]

F = NDArray[np.float64]
#: scores within this relative distance are a tie (a preferred bid then wins: "P_L ≤ (1+m)·P_F")
TIE = 1e-9


@dataclass(frozen=True)
class Arith:
    evaluated: F
    scores: F
    bonus: F
    shares: F
    award_price: F
    protected: NDArray[np.bool_] | None = None


def arithmetic(res: Resolved, facts: Sequence[OfferFacts], prices: F, technical: F,
               eligible: NDArray[np.bool_], *, divisible: bool,
               formula: str | None = None, need_scores: bool = True) -> Arith:
    """The price/score arithmetic over ``(runs, bidders)`` arrays (shared with simulate).

    ``need_scores=False`` lets the simulator skip scores a mechanism's own allocation makes moot.
    """
    st = statics(facts)
    prm = dict(res.params) if formula is None else {**res.params, "formula": formula}
    out = apply_mechanism(res.mechanism, prices, eligible, st, prm, divisible=divisible)
    if out.shares is not None and out.award_price is not None:
        sc = (score(res.spec, out.evaluated, technical, out.bonus_points, eligible)
              if need_scores else np.empty((0, 0)))
        return Arith(out.evaluated, sc, out.bonus_points, out.shares, out.award_price, out.protected)
    sc = score(res.spec, out.evaluated, technical, out.bonus_points, eligible)
    m, n = sc.shape
    _, mx = argmin_rows(-sc)
    mx = -mx
    tied = np.isfinite(sc) & (sc >= (mx - TIE * np.abs(mx))[:, None])
    win, _ = argmin_rows(-(tied * (1.0 + st.preferred)))  # ties: preferred bid, then file order
    any_ok = np.isfinite(mx)
    shares = np.zeros((m, n), order="F")
    rows = np.arange(m)[any_ok]
    shares[rows, win[any_ok]] = 1.0
    award = prices
    return Arith(out.evaluated, sc, out.bonus_points, shares, award, out.protected)


def _order(facts: Sequence[OfferFacts], a: Arith) -> list[int]:
    def key(i: int) -> tuple[float, ...]:
        o = facts[i].offer
        sc = round(float(a.scores[0, i]), 9)
        return (-a.shares[0, i], -sc, -facts[i].preferred, -a.bonus[0, i], -(o.technical_score or 0.0), o.price)

    ok = [i for i, f in enumerate(facts) if f.eligible]
    return sorted(ok, key=lambda i: (key(i), facts[i].offer.bidder))


def _evaluated_text(f: OfferFacts, ev: float) -> str:
    p = f.offer.price
    if abs(ev - p) < 1e-9:
        return f"evaluated price {ev:,.2f} = quoted price"
    pct = ev / p - 1
    return f"evaluated price {ev:,.2f} = quoted {p:,.2f} {pct:+.1%} ({'preferred discount' if pct < 0 else 'margin on non-preferred'})"


def _steps(f: OfferFacts, a: Arith, i: int, res: Resolved) -> tuple[str, ...]:
    s = [f.responsive_reason, f.technical_reason, f"origin: {f.origin_reason}",
         f"local content {f.local_content:.1%} ({f.lc_basis})"
         + (f", class {f.lc_class}" if f.lc_class else "")]
    if f.duty_reason:
        s.append(f"customs: {f.duty_reason}")
    s += [f"gate {g.name}: {'pass' if g.passed else 'FAIL'} — {g.reason}" for g in f.gates]
    s.append(f"{'preferred' if f.preferred else 'not preferred'}: {f.preferred_reason}")
    if f.eligible:
        s.append(_evaluated_text(f, float(a.evaluated[0, i])))
        if a.bonus[0, i]:
            s.append(f"preference points {a.bonus[0, i]:g}")
        s.append(f"score {a.scores[0, i]:.2f} ({res.spec.method})")
        if a.protected is not None and a.protected[0, i]:
            band = float(res.params.get("protection_band") or 0.0)
            s.append(f"protected: within {band:.0%} of the lowest bid, so not excluded on price alone "
                     "(a flag for the evaluation committee, not arithmetic)")
        if a.shares[0, i] > 0 and abs(a.award_price[0, i] - f.offer.price) > 1e-9:
            s.append(f"matched L1's price {a.award_price[0, i]:,.2f} for {a.shares[0, i]:.0%} of the quantity")
    return tuple(s)


def _why_lost(f: OfferFacts, a: Arith, i: int, w: int | None, facts: Sequence[OfferFacts]) -> str | None:
    if not f.responsive:
        return f.responsive_reason
    if not f.technical_ok:
        return f"technical: {f.technical_reason}"
    failed = [g for g in f.gates if not g.passed]
    if failed:
        return "excluded by gate " + "; ".join(f"{g.name}: {g.reason}" for g in failed)
    if w is None or a.shares[0, i] > 0:
        return None
    wf = facts[w]
    if abs(a.award_price[0, w] - wf.offer.price) > 1e-9:
        return (f"{wf.offer.bidder} (preferred, within the margin) matched the L1 price "
                f"{a.award_price[0, w]:,.2f} for the whole order (not divisible)")
    matched = [j for j in range(len(facts)) if a.shares[0, j] > 0 and j != w]
    if matched:
        mf = facts[matched[0]]
        return (f"not awarded: L1 {wf.offer.bidder} took {a.shares[0, w]:.0%} and {mf.offer.bidder} "
                f"(preferred) matched L1's price for {a.shares[0, matched[0]]:.0%}; this bid "
                + ("is not preferred (no purchase preference)" if not f.preferred
                   else "was not the lowest preferred bid within the margin, or declined to match"))
    msg = (f"score {a.scores[0, i]:.2f} vs winner's {a.scores[0, w]:.2f}; "
           f"evaluated price {a.evaluated[0, i]:,.2f} vs {a.evaluated[0, w]:,.2f}")
    if f.offer.price < wf.offer.price:
        msg += f" — lower quoted price ({f.offer.price:,.2f} < {wf.offer.price:,.2f}) but "
        msg += "the winner is preferred" if wf.preferred and not f.preferred else "a lower score"
    return msg


def _bid_warnings(f: OfferFacts) -> tuple[str, ...]:
    w = [f"gate {g.name} rests on confidence-{g.confidence} evidence"
         for g in f.gates if g.applies and g.confidence == "L"]
    c = f.offer.cost
    if f.duty_rate and c is not None and c.import_duty == 0:
        w.append(f"the goods pay {f.duty_rate:.1%} duty but the cost build-up shows no import_duty")
    return tuple(w)


def _profit(o: Offer, share: float, award: float, qty: float) -> float | None:
    return None if o.unit_cost is None or not o.own else share * qty * (award - o.unit_cost)


def evaluate_offers(pack: RulePack, t: Tender, offers: Sequence[Offer], quantity: float) -> Evaluation:
    """Evaluate ``offers`` under ``pack`` for ``quantity`` units."""
    facts = [offer_facts(pack, t, o) for o in offers]
    res = resolve(pack, t)
    elig = np.array([f.eligible for f in facts], dtype=bool)
    prices = np.array([[o.price for o in offers]], dtype=float)
    tech = np.array([[o.technical_score or 0.0 for o in offers]], dtype=float)
    a = arithmetic(res, facts, prices, tech, elig, divisible=t.tender.divisible)
    order = _order(facts, a)
    winner = order[0] if order and a.shares[0, order[0]] > 0 else None
    warnings = list(res.warnings)
    if res.alt_formula and winner is not None:
        alt = arithmetic(res, facts, prices, tech, elig, divisible=t.tender.divisible, formula=res.alt_formula)
        alt_w = int(np.argmax(alt.scores[0]))
        if alt_w != winner:
            warnings.append(f"the winner changes to {offers[alt_w].bidder} under the other HEA formula "
                            f"({res.alt_formula}); which formula applies today is uncertain")
    ranks = {i: r + 1 for r, i in enumerate(order)}
    bids = []
    for i, f in enumerate(facts):
        bw = _bid_warnings(f)
        bids.append(BidResult(
            f.offer.bidder, f.offer.price, float(a.evaluated[0, i]) if f.eligible else None,
            float(a.scores[0, i]) if f.eligible else None, ranks.get(i), f.preferred, f.eligible,
            f.gates, bw, f.local_content, f.lc_basis, f.lc_class, f.origin, _steps(f, a, i, res),
            _why_lost(f, a, i, winner, facts), float(a.shares[0, i]), f.offer.own,
            _profit(f.offer, float(a.shares[0, i]), float(a.award_price[0, i]), quantity),
            f.duty_rate))
    awards = tuple(Award(offers[i].bidder, float(a.shares[0, i]), float(a.shares[0, i]) * quantity,
                         float(a.award_price[0, i])) for i in order if a.shares[0, i] > 0)
    return Evaluation(pack.id, res.spec.method, res.mechanism, t.tender.currency, quantity,
                      tuple(bids), offers[winner].bidder if winner is not None else None,
                      awards, tuple(warnings), t.tender.demo)


def evaluate(tender: Tender) -> Evaluation:
    """Evaluate the tender's offers under its rule pack (and each lot, if any)."""
    pack = get_rulepack(tender.tender.rulepack)
    whole = evaluate_offers(pack, tender, tender.offers, tender.quantity)
    lots = []
    for lot in tender.lots:
        offers = [o for o in tender.offers if not o.lots or lot.id in o.lots]
        if offers:
            lots.append((lot.id, evaluate_offers(pack, tender, offers, lot.quantity)))
    if not lots:
        return whole
    return Evaluation(whole.rulepack, whole.method, whole.mechanism, whole.currency, whole.quantity,
                      whole.bids, whole.winner, whole.awards, whole.warnings, whole.demo, tuple(lots))
