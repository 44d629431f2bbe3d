"""The read side of OCDS bids: competitions (a tender, or one lot of it, where bids are
per lot) with their priced bids and the real winner, for the back-test
(:mod:`chuhai.tenders.backtest`) and the tender simulator's calibration.

A competition is ``(ocid, lot)``: bids with a ``related_lot`` compete within that lot
(Armenia publishes bid values per lot while ``tender.value`` is the process total), bids
without one within the tender. The winners are the suppliers of the process's active (or
status-less) awards that cover the lot (``related_lots``; an award naming no lot covers
every lot); a bid is the winner's when its tenderer id, else its name (case- and
blank-folded), is a winner's. A bid fails qualification when its status says so
(:data:`DISQUALIFIED`) or when its tenderer's award for the lot is ``unsuccessful``
(ProZorro records a lowest bidder rejected at qualification that way, then awards the next).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from chuhai.data.warehouse import Warehouse

__all__ = ["Competition", "PricedBid", "competitions"]

_BLANKS = re.compile(r"\s+")
#: bid statuses that mean the bid did not pass qualification / responsiveness
DISQUALIFIED = frozenset({"disqualified", "not-qualified", "notqualified", "invalid",
                          "withdrawn", "unsuccessful"})


@dataclass(frozen=True, slots=True)
class PricedBid:
    bid_id: str | None
    tenderer: str
    tenderer_id: str | None
    tenderer_country: str | None
    amount: float
    currency: str | None
    status: str | None
    won: bool
    rejected: bool = False  # the tenderer's award for this lot is 'unsuccessful'

    @property
    def qualified(self) -> bool:
        return not self.rejected and (self.status or "").casefold() not in DISQUALIFIED


@dataclass(frozen=True, slots=True)
class Competition:
    ocid: str
    lot: str | None
    buyer_country: str | None
    method: str | None
    category: str | None
    award_criteria: str | None
    tender_date: date | None
    number_of_tenderers: int | None
    bids: tuple[PricedBid, ...]

    @property
    def winner_known(self) -> bool:
        return any(b.won for b in self.bids)


def _fold(name: str | None) -> str:
    return _BLANKS.sub(" ", (name or "").strip()).casefold()


_SQL = """
SELECT b.ocid, b.related_lot, b.bid_id, b.tenderer, b.tenderer_id, b.tenderer_country,
       b.amount, b.currency, b.status, t.buyer_country, t.method, t.category,
       t.award_criteria, t.tender_date, t.number_of_tenderers
FROM bids b JOIN tenders t USING (ocid)
WHERE b.amount IS NOT NULL AND b.amount > 0
ORDER BY b.ocid, b.related_lot NULLS FIRST, b.amount, b.bid_id
"""

_AWARDS = """
SELECT ocid, related_lots, supplier_id, supplier,
       award_status IS NULL OR lower(award_status) IN ('active', 'pending') AS won
FROM contract_awards
WHERE source = 'ocds' AND ocid IS NOT NULL
  AND (award_status IS NULL OR lower(award_status) IN ('active', 'pending', 'unsuccessful'))
"""


def competitions(warehouse: Warehouse, *, min_bids: int = 2) -> tuple[Competition, ...]:
    """Every competition with at least ``min_bids`` priced bids, in ocid and lot order."""
    with warehouse.connect() as con:
        rows = con.execute(_SQL).fetchall()
        awards = con.execute(_AWARDS).fetchall()
    decided: dict[str, list[tuple[set[str] | None, str | None, str, bool]]] = {}
    for ocid, lots, sid, name, won in awards:
        covered = {x for x in lots.split(",") if x} if lots else None
        decided.setdefault(ocid, []).append((covered, sid, _fold(name), bool(won)))
    groups: dict[tuple[str, str | None], list[tuple[Any, ...]]] = {}
    for row in rows:
        groups.setdefault((str(row[0]), row[1]), []).append(row)
    out = []
    for (ocid, lot), members in groups.items():
        if len(members) < min_bids:
            continue
        here = [(sid, name, won) for covered, sid, name, won in decided.get(ocid, [])
                if covered is None or lot is None or lot in covered]
        bids = []
        for r in members:
            tid = r[4]
            tid_parts = {p.strip() for p in str(tid).split(";")} if tid else set()
            name = _fold(str(r[3] or ""))
            mine = [won for sid, n, won in here if (sid and sid in tid_parts) or (n and n == name)]
            bids.append(PricedBid(
                bid_id=r[2], tenderer=str(r[3] or r[2] or "?"), tenderer_id=tid,
                tenderer_country=r[5], amount=float(r[6]), currency=r[7], status=r[8],
                won=any(mine), rejected=bool(mine) and not any(mine)))
        first = members[0]
        out.append(Competition(
            ocid=ocid, lot=lot, buyer_country=first[9], method=first[10], category=first[11],
            award_criteria=first[12], tender_date=first[13], number_of_tenderers=first[14],
            bids=tuple(bids)))
    return tuple(out)
