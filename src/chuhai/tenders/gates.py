"""Participation gates (mechanism 7) and reservations (mechanism 5): pass/fail per offer.

Each gate kind is one pure function ``(gate, offer, ctx) -> GateResult``. A gate that
does not apply to an offer (a domestic bidder, a value above the band) passes with the
reason saying why it did not apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chuhai.rules.packs import GateSpec
from chuhai.tenders.model import Offer, Tender

__all__ = ["CHECKERS", "GateContext", "GateResult", "check_gate", "value_in"]


@dataclass(frozen=True, slots=True)
class GateResult:
    name: str
    passed: bool
    reason: str
    applies: bool = True
    confidence: str = "H"

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "passed": self.passed, "reason": self.reason,
                "applies": self.applies, "confidence": self.confidence}


@dataclass(frozen=True, slots=True)
class GateContext:
    tender: Tender
    local_content: float
    origin: str


def value_in(tender: Tender, currency: str) -> float | None:
    """Estimated tender value converted to ``currency`` via ``tender.fx`` (units per USD)."""
    info = tender.tender
    if info.value is None:
        return None
    if currency == info.currency:
        return info.value
    fx = dict(info.fx)
    fx.setdefault("USD", 1.0)
    if info.currency not in fx or currency not in fx:
        return None
    return info.value / fx[info.currency] * fx[currency]


def _is_foreign(offer: Offer, buyer: str) -> bool:
    return offer.bidder_country != buyer and buyer not in offer.registered_in


def _local_registration(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, str]:
    buyer = ctx.tender.tender.buyer_country
    if buyer in o.registered_in or o.bidder_country == buyer:
        return True, f"registered in {buyer}"
    c = o.consortium
    if c and c.partner_country == buyer and c.partner_registered:
        return True, f"bids in a {c.kind} with {c.partner}, registered in {buyer}"
    return False, f"not registered in {buyer} and no {buyer}-registered consortium partner"


def _local_partner(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, str]:
    buyer = ctx.tender.tender.buyer_country
    need = g.params.get("min_share")
    c = o.consortium
    if c is None or c.partner_country != buyer:
        return False, f"foreign bidder without a {buyer} partner (JV, consortium or subcontract)"
    if need is not None and need.value is not None and c.domestic_share < need.value:
        return False, f"{c.partner} does {c.domestic_share:.0%} < required {need.value:.0%}"
    return True, f"{c.kind} with {c.partner} ({c.domestic_share:.0%} of the value done locally)"


def _registration(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, str]:
    held = [r for r in g.requires if r in o.registrations]
    if held:
        return True, f"holds {held[0]} registration"
    return False, f"needs {' or '.join(g.requires)} registration, none declared"


def _min_local_content(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, str]:
    p = g.params["min_lc"]
    thr = p.value or 0.0
    ok = ctx.local_content > thr if g.strict else ctx.local_content >= thr
    op = ">" if g.strict else "≥"
    return ok, f"local content {ctx.local_content:.0%} {'meets' if ok else 'fails'} {op} {thr:.0%}"


def _reservation(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, str]:
    buyer = ctx.tender.tender.buyer_country
    p = g.params.get("min_ownership")
    own_ok = p is not None and p.value is not None and o.local_ownership >= p.value and (
        buyer in o.registered_in or o.bidder_country == buyer)
    reg_ok = bool(set(g.requires) & set(o.registrations))
    if own_ok:
        return True, f"{o.local_ownership:.0%} {buyer} ownership qualifies for the reserved tender"
    if reg_ok:
        return True, "on the producers' register that the reserved tender requires"
    need = []
    if p is not None and p.value is not None:
        need.append(f"≥ {p.value:.0%} {buyer}-owned and registered")
    if g.requires:
        need.append(" or ".join(g.requires))
    return False, "reserved tender: only " + " or ".join(need) + " bidders may bid"


def _local_employment(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, str]:
    thr = g.params["min_share"].value or 0.0
    if o.local_staff_share is None:
        return False, f"no local staffing commitment declared (≥ {thr:.0%} required)"
    ok = o.local_staff_share >= thr
    return ok, f"local staff {o.local_staff_share:.0%} vs required {thr:.0%}"


Checker = Callable[[GateSpec, Offer, GateContext], tuple[bool, str]]

#: gate kind (declared in chuhai.rules.vocabulary.GATE_KINDS; a test checks both agree) -> checker.
CHECKERS: dict[str, Checker] = {
    "local_registration": _local_registration,
    "local_partner": _local_partner,
    "registration": _registration,
    "min_local_content": _min_local_content,
    "reservation": _reservation,
    "local_employment": _local_employment,
}


def _applies(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, str]:
    t = ctx.tender.tender
    if g.categories and t.category not in g.categories:
        return False, f"not applicable to {t.category}"
    if g.when_restricted_item and not t.restricted_item:
        return False, "item not on the restricted list"
    if g.countries and o.bidder_country not in g.countries:
        return False, f"bidder country {o.bidder_country} not covered"
    if g.only_foreign and not g.countries and not _is_foreign(o, t.buyer_country):
        return False, "domestic or locally registered bidder"
    band = g.when_value_below
    if band is not None and band.value is not None:
        cur = band.currency or t.currency
        v = value_in(ctx.tender, cur)
        if v is None:
            return True, f"tender value in {cur} unknown: gate applied (give tender.value and tender.fx)"
        if v >= band.value:
            return False, f"tender value {v:,.0f} {cur} ≥ {band.value:,.0f}"
    return True, ""


def check_gate(g: GateSpec, offer: Offer, ctx: GateContext) -> GateResult:
    applies, why = _applies(g, offer, ctx)
    if not applies:
        return GateResult(g.name, True, f"not applicable: {why}", applies=False, confidence=g.confidence)
    ok, reason = CHECKERS[g.kind](g, offer, ctx)
    if why:
        reason = f"{reason} ({why})"
    return GateResult(g.name, ok, reason, confidence=g.confidence)
