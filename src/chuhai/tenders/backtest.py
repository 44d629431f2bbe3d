"""Back-test on real OCDS bids: evaluate each competition's real priced bids under the
matching rule pack and count how often the real winner ranks first.

The pack: the buyer country's own pack (``jurisdiction`` = its ISO2, the tender's
category in scope, in force on the tender date), else the World Bank pack of the category
(``wb-works`` for works, else ``wb-goods``) as the baseline — with bidders from the buyer
country (an unknown tenderer country is taken as the buyer's) no margin applies, so it is
the plain lowest evaluated price. Every bid is evaluated on its price (no technical
scores are published), so a competition awarded on ``bestProposal`` / ``ratedCriteria``
is counted apart. Two counts: all priced bids, and after qualification (bids whose status
says disqualified, invalid, withdrawn or unsuccessful left out; only competitions whose
winner passed).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import pycountry

from chuhai.data.queries.ocds_bids import Competition
from chuhai.rules.packs import RulePack, list_rulepacks
from chuhai.tenders.evaluate import evaluate
from chuhai.tenders.model import Tender

__all__ = ["BacktestResult", "CompetitionResult", "backtest", "pack_for"]

PRICE_CRITERIA = frozenset({"lowestcost", "priceonly", "lowestprice", ""})


@dataclass(frozen=True, slots=True)
class CompetitionResult:
    ocid: str
    lot: str | None
    pack: str
    bids: int
    qualified_bids: int
    winner_rank: int | None  # rank of the real winner among all priced bids
    winner_rank_qualified: int | None  # among qualified bids (None if the winner failed)
    award_criteria: str | None
    lowest_is_winner: bool  # the real winner quoted the lowest price


@dataclass(frozen=True, slots=True)
class BacktestResult:
    competitions: int  # with >= 2 priced bids
    with_winner: int  # the real winner is one of the bids
    first_all: int
    qualified: int  # competitions whose winner passed qualification (>= 2 qualified bids)
    first_qualified: int
    price_criteria: int  # of with_winner: awarded on price (lowestCost or not stated)
    first_price_criteria: int
    packs: dict[str, int] = field(default_factory=dict)
    rows: tuple[CompetitionResult, ...] = ()


def _iso2(iso3: str | None) -> str | None:
    if not iso3:
        return None
    c = pycountry.countries.get(alpha_3=iso3)
    return c.alpha_2 if c is not None else None


def pack_for(buyer_country: str | None, category: str | None, day: date | None) -> RulePack:
    """The buyer country's pack for the category on ``day``, else the WB baseline."""
    cat = category if category in ("goods", "works", "services") else "goods"
    iso2 = _iso2(buyer_country)
    candidates = [p for p in list_rulepacks() if iso2 and p.jurisdiction == iso2
                  and cat in p.scope.categories and "government" in p.scope.funding
                  and (day is None or (p.effective_from <= day
                                       and (p.effective_to is None or day <= p.effective_to)))]
    if candidates:
        return max(candidates, key=lambda p: p.effective_from)
    base = "wb-works" if cat == "works" else "wb-goods"
    return next(p for p in list_rulepacks() if p.id == base)


#: Codes for what a competition does not state: ISO 3166's user-assigned "XXX" for an
#: unknown buyer country and ISO 4217's "XXX" (no currency); only prices are compared,
#: so neither changes a rank.
UNKNOWN_COUNTRY = "XXX"
NO_CURRENCY = "XXX"


def _rank(comp: Competition, pack: RulePack, *, qualified_only: bool) -> int | None:
    bids = [b for b in comp.bids if b.qualified or not qualified_only]
    if len(bids) < 2 or not any(b.won for b in bids):
        return None
    country = comp.buyer_country or UNKNOWN_COUNTRY
    offers = []
    for i, b in enumerate(bids):
        c = b.tenderer_country or country
        offers.append({"bidder": f"{i + 1}. {b.tenderer}", "price": b.amount,
                       "bidder_country": c, "origin": c, "registered_in": [c]})
    category = comp.category if comp.category in ("goods", "works", "services") else "goods"
    funding = "world_bank" if pack.jurisdiction == "WB" else "government"
    tender = Tender.model_validate({
        "tender": {"name": comp.ocid, "rulepack": pack.id, "buyer_country": country,
                   "category": category, "funding": funding,
                   "currency": bids[0].currency or NO_CURRENCY, "date": comp.tender_date},
        "offers": offers})
    ev = evaluate(tender)
    ranks = {r.bidder: r.rank for r in ev.bids}
    won = [ranks.get(str(o["bidder"])) for o, b in zip(offers, bids, strict=True) if b.won]
    known = [r for r in won if r is not None]
    return min(known) if known else None


def backtest(comps: tuple[Competition, ...] | list[Competition]) -> BacktestResult:
    rows = []
    packs: Counter[str] = Counter()
    for comp in comps:
        pack = pack_for(comp.buyer_country, comp.category, comp.tender_date)
        packs[pack.id] += 1
        lowest = min(b.amount for b in comp.bids)
        rows.append(CompetitionResult(
            ocid=comp.ocid, lot=comp.lot, pack=pack.id, bids=len(comp.bids),
            qualified_bids=sum(b.qualified for b in comp.bids),
            winner_rank=_rank(comp, pack, qualified_only=False),
            winner_rank_qualified=_rank(comp, pack, qualified_only=True),
            award_criteria=comp.award_criteria,
            lowest_is_winner=any(b.won and b.amount == lowest for b in comp.bids)))
    won = [r for r in rows if r.winner_rank is not None]
    qual = [r for r in rows if r.winner_rank_qualified is not None]
    price = [r for r in won if (r.award_criteria or "").casefold() in PRICE_CRITERIA]
    return BacktestResult(
        competitions=len(rows), with_winner=len(won),
        first_all=sum(r.winner_rank == 1 for r in won), qualified=len(qual),
        first_qualified=sum(r.winner_rank_qualified == 1 for r in qual),
        price_criteria=len(price), first_price_criteria=sum(r.winner_rank == 1 for r in price),
        packs=dict(packs), rows=tuple(rows))
