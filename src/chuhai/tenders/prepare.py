"""Per-offer facts that do not depend on the other bids: responsiveness, origin, local
content, gates, preferred status; and the pack parameters resolved for one tender.
Shared by :mod:`evaluate` (one tender) and :mod:`simulate` (many drawn tenders).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from chuhai.messages import Message
from chuhai.rules.bilingual import text, texts
from chuhai.rules.packs import RulePack, TieBreak
from chuhai.tenders import messages as M
from chuhai.tenders.gates import GateContext, GateResult, check_gate, value_in
from chuhai.tenders.localcontent import goods_origin, local_content
from chuhai.tenders.mechanisms import ParamValue, Statics
from chuhai.tenders.model import Offer, Tender
from chuhai.tenders.scoring import ScoreSpec

__all__ = ["OfferFacts", "Resolved", "offer_facts", "resolve", "statics"]


@dataclass(frozen=True, slots=True)
class OfferFacts:
    offer: Offer
    responsive: bool
    responsive_reason: Message
    technical_ok: bool
    technical_reason: Message
    origin: str
    origin_reason: Message
    local_content: float
    lc_basis: Message
    lc_class: str | None
    gates: tuple[GateResult, ...]
    preferred: bool
    preferred_reason: Message
    domestic_origin: bool
    duty_rate: float | None = None
    duty_reason: Message | None = None

    @property
    def eligible(self) -> bool:
        return self.responsive and self.technical_ok and all(g.passed for g in self.gates)


@dataclass(frozen=True, slots=True)
class Resolved:
    """Pack parameters resolved for one tender, the score spec and pack-level warnings."""

    mechanism: str
    params: dict[str, ParamValue]
    spec: ScoreSpec
    warnings: tuple[Message, ...]
    alt_formula: str | None = None
    tie_break: TieBreak | None = None  # the pack's declared tie-break (None: lots only)
    draw_seed: int = 0  # tender.draw_seed: the seed of chuhai's draw of lots


def _lc_class(pack: RulePack, lc: float) -> str | None:
    for c in pack.preference.classes:
        if (lc > c.min_lc) if c.strict else (lc >= c.min_lc):
            return c.name
    return None


def _preferred(pack: RulePack, t: Tender, o: Offer, origin: str, lc: float) -> tuple[bool, Message]:
    pref = pack.preference
    buyer = t.tender.buyer_country
    domestic = pref.domestic_origins or (buyer,)
    why: list[Message] = []
    if pack.mechanism == "preference_points":
        pts = o.goal_points
        return pts > 0, M.GOAL_POINTS(points=pts) if pts > 0 else M.NO_GOAL_POINTS()
    goods_test = pref.requires_domestic_origin or pref.lc_threshold is not None
    ok = goods_test
    if pref.requires_domestic_origin:
        dom = origin in domestic
        ok &= dom
        why.append((M.ORIGIN_DOMESTIC if dom else M.ORIGIN_NOT_DOMESTIC)(origin=origin, domestic="/".join(domestic)))
    thr = pref.lc_threshold
    if thr is not None:
        v = thr.value or 0.0
        meets = lc > v if pref.lc_strict else lc >= v
        ok &= meets
        why.append((M.LC_PREF_MEETS if meets else M.LC_PREF_BELOW)(lc=lc, op=">" if pref.lc_strict else "≥",
                                                                  threshold=v))
    c = o.consortium
    cs = pref.consortium_domestic_share
    if cs is not None and cs.value is not None and c is not None and c.partner_country == buyer:
        if c.domestic_share >= (cs.value or 0.0):
            ok = True
            why.append(M.PREF_CONSORTIUM(partner=c.partner, share=c.domestic_share, need=cs.value))
    lo = pref.local_ownership
    if lo is not None and lo.value is not None and (buyer in o.registered_in or o.bidder_country == buyer):
        if o.local_ownership >= (lo.value or 0.0):
            ok = True
            why.append(M.PREF_OWNERSHIP(ownership=o.local_ownership, buyer=buyer, need=lo.value))
    return ok, M.PREF_REASONS(reasons=tuple(why)) if why else M.PREF_NONE()


def offer_facts(pack: RulePack, t: Tender, o: Offer, *, price: float | None = None) -> OfferFacts:
    """Everything about one offer that the other bids do not change."""
    ev = t.evaluation
    responsive = o.responsive
    r_reason = M.RESPONSIVE() if responsive else M.NOT_RESPONSIVE(
        deviations=o.deviations or M.MATERIAL_DEVIATION())
    pm = ev.technical_pass_mark
    if ev.method == "qcbs" and pm is None:
        pm = 70.0
    t_reason: Message
    if pm is None:
        t_ok, t_reason = True, M.NO_PASS_MARK()
    elif o.technical_score is None:
        t_ok, t_reason = False, M.NO_TECHNICAL_SCORE(mark=pm)
    else:
        t_ok = o.technical_score >= pm
        t_reason = (M.TECHNICAL_PASS if t_ok else M.TECHNICAL_FAIL)(score=o.technical_score, mark=pm)
    origin, o_reason = goods_origin(o, origin_operations=pack.preference.origin_operations,
                                    certificates=pack.preference.origin_certificates)
    lc = local_content(o, pack.preference.lc_method, price=price)
    ctx = GateContext(tender=t, local_content=lc.value, origin=origin)
    gates = tuple(check_gate(g, o, ctx) for g in pack.gates)
    preferred, p_reason = _preferred(pack, t, o, origin, lc.value)
    domestic = origin in (pack.preference.domestic_origins or (t.tender.buyer_country,))
    rate, d_reason = _customs(pack, t, o, origin)
    return OfferFacts(o, responsive, r_reason, t_ok, t_reason, origin, o_reason, lc.value,
                      lc.basis, _lc_class(pack, lc.value), gates, preferred, p_reason, domestic,
                      rate, d_reason)


def _customs(pack: RulePack, t: Tender, o: Offer, origin: str) -> tuple[float | None, Message | None]:
    """Duty on the goods at the customs-union border (origin, not the shipping route, decides)."""
    union = pack.options.get("customs_union")
    rate = t.tender.external_tariff_rate
    if not union:
        return None, None
    members = pack.preference.domestic_origins
    if origin in members:
        return 0.0, M.CUSTOMS_FREE(origin=origin, union=union)
    if rate is None:
        return None, M.CUSTOMS_RATE_UNKNOWN(origin=origin, union=union)
    via = o.shipped_from or (o.assembly.country if o.assembly else None)
    if via in members:
        return rate, M.CUSTOMS_CET_VIA(origin=origin, union=union, rate=rate, via=via)
    return rate, M.CUSTOMS_CET(origin=origin, union=union, rate=rate)


def statics(facts: Sequence[OfferFacts]) -> Statics:
    """Per-bidder arrays for the vectorised mechanisms."""
    return Statics(
        preferred=np.array([f.preferred for f in facts], dtype=bool),
        local_content=np.array([f.local_content for f in facts], dtype=float),
        small=np.array([f.offer.small_business for f in facts], dtype=bool),
        innovation=np.array([f.offer.domestic_innovation for f in facts], dtype=bool),
        goal_points=np.array([f.offer.goal_points for f in facts], dtype=float),
        accept_match=np.array([f.offer.accept_match for f in facts], dtype=bool),
        protected=np.array([f.preferred for f in facts], dtype=bool),
        domestic=np.array([f.domestic_origin for f in facts], dtype=bool),
    )


def _uncertain(pack: RulePack) -> list[Message]:
    out = [M.PACK_LOW_CONFIDENCE(pack=pack.id)] if pack.confidence == "L" else []
    for path, p in pack.all_params():
        if not p.applied:
            continue
        if not p.verified:
            out.append(M.PARAM_UNVERIFIED(pack=pack.id, path=path, why=text(p, "note") if p.note else M.PARAM_NOT_FOUND(),
                                          source=p.source))
        elif p.confidence == "L":
            out.append(M.PARAM_LOW_CONFIDENCE(pack=pack.id, path=path, value=p.value, source=p.source))
    return out + [M.PACK_WARNING(text=w) for w in texts(pack, "warnings")]


def _score_spec(pack: RulePack, t: Tender, warnings: list[Message]) -> ScoreSpec:
    ev = t.evaluation
    method, w, cap = ev.method, ev.max_points, 0.0
    if method.startswith("sa_"):
        if method == "sa_ppr_2022":
            band = pack.scope.value_bands.get("points_80_20_max")
            limit = band.value if band and band.value else 50e6
            v = value_in(t, band.currency if band and band.currency else "ZAR")
            if v is None:
                warnings.append(M.ZAR_UNKNOWN())
            method = "sa_80_20" if v is None or v <= limit else "sa_90_10"
        w, cap = (80.0, 20.0) if method == "sa_80_20" else (90.0, 10.0)
    return ScoreSpec(method=method, price_formula=ev.price_formula, price_weight=ev.price_weight,
                     technical_weight=ev.technical_weight, max_points=w, power=ev.power,
                     log_base=ev.log_base, goal_cap=cap)


def resolve(pack: RulePack, t: Tender) -> Resolved:
    """Resolve pack parameters for this tender; collect the warnings they imply."""
    warnings = _uncertain(pack)
    d = t.tender.date
    if d is not None and (d < pack.effective_from or (pack.effective_to is not None and d > pack.effective_to)):
        until = pack.effective_to.isoformat() if pack.effective_to else M.UNTIL_TODAY()
        warnings.append(M.OUTSIDE_PERIOD(date=d.isoformat(), pack=pack.id,
                                         start=pack.effective_from.isoformat(), until=until))
    prm: dict[str, ParamValue] = {k: p.value for k, p in pack.params.items()}
    prm.update(pack.options)
    ev = t.evaluation
    if ev.preference_margin is not None and (
            "margin" not in pack.params or pack.params["margin"].value is not None):
        warnings.append((M.MARGIN_IGNORED_NONE if "margin" not in pack.params
                         else M.MARGIN_IGNORED_OWN)(pack=pack.id))
    if "margin" in pack.params and pack.params["margin"].value is None:
        if ev.preference_margin is not None:
            prm["margin"] = ev.preference_margin
            warnings.append(M.MARGIN_ASSUMED(margin=ev.preference_margin, pack=pack.id))
        else:
            warnings.append(M.MARGIN_UNSET(pack=pack.id))
    alt = None
    if pack.mechanism == "discount" and pack.options.get("formula_uncertain"):
        if ev.hea_formula:
            prm["formula"] = ev.hea_formula
        alt = "multiply" if prm["formula"] == "divide" else "divide"
    return Resolved(pack.mechanism, prm, _score_spec(pack, t, warnings), tuple(warnings), alt,
                    pack.tie_break, t.tender.draw_seed)
