"""Participation gates (mechanism 7) and reservations (mechanism 5): pass/fail per offer.

Each gate kind is one pure function ``(gate, offer, ctx) -> GateResult``. A gate that
does not apply to an offer (a domestic bidder, a value above the band) passes with the
reason saying why it did not apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from chuhai.messages import Message, render
from chuhai.rules.packs import GateSpec
from chuhai.serialise import to_json
from chuhai.tenders import messages as M
from chuhai.tenders.model import Offer, Tender

__all__ = ["CHECKERS", "GateContext", "GateResult", "check_gate", "value_in"]


@dataclass(frozen=True, slots=True)
class GateResult:
    name: str
    passed: bool
    reason_message: Message = field(metadata={"json_name": "reason"})
    applies: bool = True
    confidence: str = "H"

    @property
    def reason(self) -> str:
        """The reason in English (renderers use :func:`chuhai.messages.render`)."""
        return render(self.reason_message)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = to_json(self)
        return out


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


def _local_registration(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, Message]:
    buyer = ctx.tender.tender.buyer_country
    if buyer in o.registered_in or o.bidder_country == buyer:
        return True, M.GATE_REGISTERED(buyer=buyer)
    c = o.consortium
    if c and c.partner_country == buyer and c.partner_registered:
        return True, M.GATE_REGISTERED_PARTNER(kind=c.kind, partner=c.partner, buyer=buyer)
    return False, M.GATE_NOT_REGISTERED(buyer=buyer)


def _local_partner(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, Message]:
    buyer = ctx.tender.tender.buyer_country
    need = g.params.get("min_share")
    c = o.consortium
    if c is None or c.partner_country != buyer:
        return False, M.GATE_NO_PARTNER(buyer=buyer)
    if need is not None and need.value is not None and c.domestic_share < need.value:
        return False, M.GATE_PARTNER_SHARE_LOW(partner=c.partner, share=c.domestic_share, need=need.value)
    return True, M.GATE_PARTNER_OK(kind=c.kind, partner=c.partner, share=c.domestic_share)


def _registration(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, Message]:
    held = [r for r in g.requires if r in o.registrations]
    if held:
        return True, M.GATE_HOLDS_REGISTRATION(registration=held[0])
    return False, M.GATE_NEEDS_REGISTRATION(options=tuple(g.requires))


def _min_local_content(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, Message]:
    p = g.params["min_lc"]
    thr = p.value or 0.0
    ok = ctx.local_content > thr if g.strict else ctx.local_content >= thr
    op = ">" if g.strict else "≥"
    return ok, (M.GATE_LC_MEETS if ok else M.GATE_LC_FAILS)(lc=ctx.local_content, op=op, threshold=thr)


def _reservation(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, Message]:
    buyer = ctx.tender.tender.buyer_country
    p = g.params.get("min_ownership")
    own_ok = p is not None and p.value is not None and o.local_ownership >= p.value and (
        buyer in o.registered_in or o.bidder_country == buyer)
    reg_ok = bool(set(g.requires) & set(o.registrations))
    if own_ok:
        return True, M.GATE_RESERVED_OWNED(ownership=o.local_ownership, buyer=buyer)
    if reg_ok:
        return True, M.GATE_RESERVED_REGISTER()
    need: list[Message | str] = []
    if p is not None and p.value is not None:
        need.append(M.GATE_RESERVED_OWNED_NEED(ownership=p.value, buyer=buyer))
    need += g.requires
    return False, M.GATE_RESERVED_ONLY(needs=tuple(need))


def _local_employment(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, Message]:
    thr = g.params["min_share"].value or 0.0
    if o.local_staff_share is None:
        return False, M.GATE_NO_STAFFING(threshold=thr)
    ok = o.local_staff_share >= thr
    return ok, M.GATE_STAFF(share=o.local_staff_share, threshold=thr)


Checker = Callable[[GateSpec, Offer, GateContext], tuple[bool, Message]]

#: gate kind (declared in chuhai.rules.vocabulary.GATE_KINDS; a test checks both agree) -> checker.
CHECKERS: dict[str, Checker] = {
    "local_registration": _local_registration,
    "local_partner": _local_partner,
    "registration": _registration,
    "min_local_content": _min_local_content,
    "reservation": _reservation,
    "local_employment": _local_employment,
}


def _applies(g: GateSpec, o: Offer, ctx: GateContext) -> tuple[bool, Message | None]:
    t = ctx.tender.tender
    if g.categories and t.category not in g.categories:
        return False, M.GATE_NA_CATEGORY(category=t.category)
    if g.when_restricted_item and not t.restricted_item:
        return False, M.GATE_NA_RESTRICTED()
    if g.countries and o.bidder_country not in g.countries:
        return False, M.GATE_NA_COUNTRY(country=o.bidder_country)
    if g.only_foreign and not g.countries and not _is_foreign(o, t.buyer_country):
        return False, M.GATE_NA_DOMESTIC()
    band = g.when_value_below
    if band is not None and band.value is not None:
        cur = band.currency or t.currency
        v = value_in(ctx.tender, cur)
        if v is None:
            return True, M.GATE_VALUE_UNKNOWN(currency=cur)
        if v >= band.value:
            return False, M.GATE_NA_VALUE(value=v, currency=cur, band=band.value)
    return True, None


def check_gate(g: GateSpec, offer: Offer, ctx: GateContext) -> GateResult:
    applies, why = _applies(g, offer, ctx)
    if not applies:
        assert why is not None  # a gate that does not apply always says why
        return GateResult(g.name, True, M.GATE_NOT_APPLICABLE(why=why), applies=False,
                          confidence=g.confidence)
    ok, reason = CHECKERS[g.kind](g, offer, ctx)
    if why is not None:
        reason = M.GATE_WITH_CONDITION(reason=reason, why=why)
    return GateResult(g.name, ok, reason, confidence=g.confidence)
