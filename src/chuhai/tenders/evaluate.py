"""Evaluate one tender: responsiveness → gates → local content → preference →
evaluated price → score → rank → winner, with every step and why each loser lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from chuhai.messages import Message
from chuhai.rules.bilingual import text
from chuhai.rules.packs import RulePack, get_rulepack
from chuhai.tenders import messages as M
from chuhai.tenders.mechanisms import apply_mechanism, argmin_rows
from chuhai.tenders.model import Offer, Tender
from chuhai.tenders.prepare import OfferFacts, Resolved, offer_facts, resolve, statics
from chuhai.tenders.results import Award, BidResult, Evaluation, Lot
from chuhai.tenders.scoring import score
from chuhai.tenders.ties import Tie, draw_keys, explain, priority

__all__ = ["Arith", "arithmetic", "evaluate", "tie_priority"]

F = NDArray[np.float64]
#: scores within this relative distance are a tie, broken by the pack's tie-break (ties.py)
TIE = 1e-9


@dataclass(frozen=True)
class Arith:
    evaluated: F
    scores: F
    bonus: F
    shares: F
    award_price: F
    protected: NDArray[np.bool_] | None = None
    tied: NDArray[np.bool_] | None = None  # bids tied on the winning score (score path only)


def _tied(sc: F) -> NDArray[np.bool_]:
    """Bids whose score ties the row's best (within the relative :data:`TIE`)."""
    _, mx = argmin_rows(-sc)
    mx = -mx
    return np.isfinite(sc) & (sc >= (mx - TIE * np.abs(mx))[:, None])


def tie_priority(res: Resolved, facts: Sequence[OfferFacts], technical: F, prices: F) -> F:
    """The pack's tie-break chain as one number per bid and run (higher wins a tie)."""
    criteria = res.tie_break.criteria if res.tie_break is not None else ()
    draw = draw_keys([f.offer.bidder for f in facts], prices.shape[0], res.draw_seed)
    return priority(criteria, statics(facts), technical, prices, draw)


def arithmetic(res: Resolved, facts: Sequence[OfferFacts], prices: F, technical: F,
               eligible: NDArray[np.bool_], *, divisible: bool,
               formula: str | None = None, need_scores: bool = True) -> Arith:
    """The price/score arithmetic over ``(runs, bidders)`` arrays (shared with simulate).

    ``need_scores=False`` lets the simulator skip scores a mechanism's own allocation makes moot.
    """
    st = statics(facts)
    prm = dict(res.params) if formula is None else {**res.params, "formula": formula}
    prio = tie_priority(res, facts, technical, prices) if res.mechanism == "match_right" else None
    out = apply_mechanism(res.mechanism, prices, eligible, st, prm, divisible=divisible, prio=prio)
    if out.shares is not None and out.award_price is not None:
        if not need_scores:
            return Arith(out.evaluated, np.empty((0, 0)), out.bonus_points, out.shares,
                         out.award_price, out.protected)
        sc = score(res.spec, out.evaluated, technical, out.bonus_points, eligible)
        return Arith(out.evaluated, sc, out.bonus_points, out.shares, out.award_price, out.protected,
                     _tied(sc))
    sc = score(res.spec, out.evaluated, technical, out.bonus_points, eligible)
    m, n = sc.shape
    tied = _tied(sc)
    if np.any(np.sum(tied, axis=1) > 1):  # the pack's tie-break, then seeded lots by name
        prio = tie_priority(res, facts, technical, prices) if prio is None else prio
        win, _ = argmin_rows(-np.where(tied, prio + 1.0, 0.0))
    else:
        win, _ = argmin_rows(-tied.astype(float))
    any_ok = np.any(tied, axis=1)
    shares = np.zeros((m, n), order="F")
    rows = np.arange(m)[any_ok]
    shares[rows, win[any_ok]] = 1.0
    award = prices
    return Arith(out.evaluated, sc, out.bonus_points, shares, award, out.protected, tied)


def _order(facts: Sequence[OfferFacts], a: Arith, prio: F | None = None) -> list[int]:
    """Eligible bids by share, then score, then the pack's tie-break, then name (never file order)."""
    def key(i: int) -> tuple[float, float, float, str]:
        p = 0.0 if prio is None else float(prio[0, i])
        return (-a.shares[0, i], -round(float(a.scores[0, i]), 9), -p, facts[i].offer.bidder)

    return sorted((i for i, f in enumerate(facts) if f.eligible), key=key)


def _tie_rule(res: Resolved) -> Message:
    tb = res.tie_break
    if tb is None:
        return M.TIE_RULE_NO_CLAUSE(instrument="—", confidence="L")
    if tb.clause:
        return M.TIE_RULE(instrument=text(tb, "instrument"), clause=text(tb, "clause"),
                          confidence=tb.confidence)
    return M.TIE_RULE_NO_CLAUSE(instrument=text(tb, "instrument"), confidence=tb.confidence)


def _tie_steps(tie: Tie | None, i: int, facts: Sequence[OfferFacts], res: Resolved) -> list[Message]:
    if tie is None or i not in tie.tied:
        return []
    others = tuple(facts[j].offer.bidder for j in tie.tied if j != i)
    by = tie.decided_by if i == tie.winner else tie.lost_on[i]
    tpl = M.STEP_TIE_WON if i == tie.winner else M.STEP_TIE_LOST
    out = [tpl(others=others, criterion=M.TIE_BY[by](), rule=_tie_rule(res))]
    if by == "draw":
        drawn = tuple(facts[j].offer.bidder for j in tie.tied
                      if j == tie.winner or tie.lost_on.get(j) == "draw")
        out.append(M.STEP_TIE_DRAW(seed=res.draw_seed, bidders=drawn))
    return out


def _evaluated_text(f: OfferFacts, ev: float) -> Message:
    p = f.offer.price
    if abs(ev - p) < 1e-9:
        return M.STEP_EVALUATED_SAME(evaluated=ev)
    pct = ev / p - 1
    return (M.STEP_EVALUATED_DISCOUNT if pct < 0 else M.STEP_EVALUATED_MARGIN)(
        evaluated=ev, price=p, change=pct)


def _steps(f: OfferFacts, a: Arith, i: int, res: Resolved, tie: Tie | None,
           facts: Sequence[OfferFacts]) -> tuple[Message, ...]:
    lc = (M.STEP_LC_CLASS(lc=f.local_content, basis=f.lc_basis, lc_class=f.lc_class) if f.lc_class
          else M.STEP_LC(lc=f.local_content, basis=f.lc_basis))
    s = [f.responsive_reason, f.technical_reason, M.STEP_ORIGIN(reason=f.origin_reason), lc]
    if f.duty_reason is not None:
        s.append(M.STEP_CUSTOMS(reason=f.duty_reason))
    s += [(M.STEP_GATE_PASS if g.passed else M.STEP_GATE_FAIL)(name=g.name, reason=g.reason_message)
          for g in f.gates]
    s.append((M.STEP_PREFERRED if f.preferred else M.STEP_NOT_PREFERRED)(reason=f.preferred_reason))
    if f.eligible:
        s.append(_evaluated_text(f, float(a.evaluated[0, i])))
        if a.bonus[0, i]:
            s.append(M.STEP_POINTS(points=float(a.bonus[0, i])))
        s.append(M.STEP_SCORE(score=float(a.scores[0, i]), method=res.spec.method))
        s += _tie_steps(tie, i, facts, res)
        if a.protected is not None and a.protected[0, i]:
            s.append(M.STEP_PROTECTED(band=float(res.params.get("protection_band") or 0.0)))
        if a.shares[0, i] > 0 and abs(a.award_price[0, i] - f.offer.price) > 1e-9:
            s.append(M.STEP_MATCHED(price=float(a.award_price[0, i]), share=float(a.shares[0, i])))
    return tuple(s)


def _why_lost(f: OfferFacts, a: Arith, i: int, w: int | None,
              facts: Sequence[OfferFacts], tie: Tie | None) -> Message | None:
    if not f.responsive:
        return f.responsive_reason
    if not f.technical_ok:
        return M.LOST_TECHNICAL(reason=f.technical_reason)
    failed = [g for g in f.gates if not g.passed]
    if failed:
        return M.LOST_GATE(gates=tuple(M.LOST_GATE_ITEM(name=g.name, reason=g.reason_message)
                                       for g in failed))
    if w is None or a.shares[0, i] > 0:
        return None
    wf = facts[w]
    if tie is not None and i in tie.lost_on:
        return M.LOST_TIE(winner=wf.offer.bidder, criterion=M.TIE_BY[tie.lost_on[i]]())
    if abs(a.award_price[0, w] - wf.offer.price) > 1e-9:
        return M.LOST_MATCHED_WHOLE(winner=wf.offer.bidder, price=float(a.award_price[0, w]))
    matched = [j for j in range(len(facts)) if a.shares[0, j] > 0 and j != w]
    if matched:
        mf = facts[matched[0]]
        return (M.LOST_SPLIT_NOT_PREFERRED if not f.preferred else M.LOST_SPLIT_NOT_LOWEST)(
            winner=wf.offer.bidder, winner_share=float(a.shares[0, w]), matched=mf.offer.bidder,
            matched_share=float(a.shares[0, matched[0]]))
    nums = {"score": float(a.scores[0, i]), "winner_score": float(a.scores[0, w]),
            "evaluated": float(a.evaluated[0, i]), "winner_evaluated": float(a.evaluated[0, w])}
    if f.offer.price < wf.offer.price:
        tpl = M.LOST_SCORE_PREFERRED if wf.preferred and not f.preferred else M.LOST_SCORE_LOWER
        return tpl(**nums, price=f.offer.price, winner_price=wf.offer.price)
    return M.LOST_SCORE(**nums)


def _bid_warnings(f: OfferFacts) -> tuple[Message, ...]:
    w = [M.BID_GATE_LOW_CONFIDENCE(name=g.name, confidence=g.confidence)
         for g in f.gates if g.applies and g.confidence == "L"]
    c = f.offer.cost
    if f.duty_rate and c is not None and c.import_duty == 0:
        w.append(M.BID_NO_DUTY(rate=f.duty_rate))
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
    prio = tie_priority(res, facts, tech, prices)
    order = _order(facts, a, prio)
    winner = order[0] if order and a.shares[0, order[0]] > 0 else None
    warnings = list(res.warnings)
    tie = None
    if winner is not None and a.tied is not None:
        criteria = res.tie_break.criteria if res.tie_break is not None else ()
        tie = explain(criteria, statics(facts), tech, prices, a.tied[0], winner)
    if tie is not None and tie.decided_by == "draw":
        drawn = tuple(offers[j].bidder for j in tie.tied if j == tie.winner or tie.lost_on.get(j) == "draw")
        warnings.append(M.TIE_DRAWN(bidders=drawn, winner=offers[tie.winner].bidder, seed=res.draw_seed))
    if res.alt_formula and winner is not None:
        alt = arithmetic(res, facts, prices, tech, elig, divisible=t.tender.divisible, formula=res.alt_formula)
        alt_w = int(np.argmax(alt.shares[0]))
        if alt_w != winner:
            warnings.append(M.HEA_WINNER_CHANGES(bidder=offers[alt_w].bidder, formula=res.alt_formula))
    ranks = {i: r + 1 for r, i in enumerate(order)}
    bids = []
    for i, f in enumerate(facts):
        bw = _bid_warnings(f)
        bids.append(BidResult(
            bidder=f.offer.bidder, price=f.offer.price,
            evaluated_price=float(a.evaluated[0, i]) if f.eligible else None,
            score=float(a.scores[0, i]) if f.eligible else None, rank=ranks.get(i),
            preferred=f.preferred, eligible=f.eligible, gates=f.gates, warning_messages=bw,
            local_content=f.local_content, lc_basis_message=f.lc_basis, lc_class=f.lc_class,
            origin=f.origin, step_messages=_steps(f, a, i, res, tie, facts),
            why_lost_message=_why_lost(f, a, i, winner, facts, tie), share=float(a.shares[0, i]),
            own=f.offer.own,
            profit_if_awarded=_profit(f.offer, float(a.shares[0, i]), float(a.award_price[0, i]), quantity),
            duty_rate=f.duty_rate))
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
            lots.append(Lot(lot.id, evaluate_offers(pack, tender, offers, lot.quantity)))
    if not lots:
        return whole
    return Evaluation(whole.rulepack, whole.method, whole.mechanism, whole.currency, whole.quantity,
                      whole.bids, whole.winner, whole.awards, whole.warning_messages, whole.demo,
                      tuple(lots))
