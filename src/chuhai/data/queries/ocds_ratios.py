"""The read side of OCDS bid evidence for the tender simulator's calibration: each priced
bid against its tender's (or lot's) estimated value, and the number of tenderers per
contracting process.

A bid's estimate is the value of the lot it names (``tender.lots[].value`` of the newest
release holding the lot, same currency), else, for a bid naming no lot, ``tender.value``
(``tenders.amount``) when the currencies agree. A bid whose estimate is missing or zero,
in another currency, or whose ratio lies outside :data:`PLAUSIBLE` (an estimate of
0.01 AMD is a placeholder, not an estimate) is counted in ``unusable``, never in the
ratios. The number of tenderers of a process is ``tender.numberOfTenderers`` where it is
published, else the distinct tenderers (party id, else folded name) among its bids.

Only competitive processes count: methods in :data:`NOT_COMPETED` (a direct award to one
invited supplier) are left out of both. ``sector`` (an HS2/4/6 prefix) keeps the
processes one of whose awards matched the sector in ``contract_products`` (the same
prefix test as :mod:`~chuhai.data.queries.awards`).
"""

from __future__ import annotations

from dataclasses import dataclass

from chuhai.data.warehouse import Warehouse

__all__ = ["NOT_COMPETED", "PLAUSIBLE", "BidRatio", "BidSample", "TendererCount", "bid_sample"]

#: normalised methods (procurement_methods.toml) that are not a competition
NOT_COMPETED = ("direct",)
#: bid / estimate ratios outside this range say the estimate is a placeholder
PLAUSIBLE = (0.05, 20.0)


@dataclass(frozen=True, slots=True)
class BidRatio:
    """One priced bid against its estimate (same currency)."""

    ocid: str
    lot: str | None
    buyer_country: str | None
    method: str | None
    currency: str | None
    amount: float
    estimate: float
    estimate_from: str  # "lot" (tender.lots[].value) or "tender" (tender.value)

    @property
    def ratio(self) -> float:
        return self.amount / self.estimate


@dataclass(frozen=True, slots=True)
class TendererCount:
    """The number of tenderers of one contracting process, and where it was read."""

    ocid: str
    buyer_country: str | None
    method: str | None
    tenderers: int
    counted_from: str  # "numberOfTenderers" or "bids" (distinct tenderers among the bids)


@dataclass(frozen=True, slots=True)
class BidSample:
    ratios: tuple[BidRatio, ...]
    counts: tuple[TendererCount, ...]
    unusable: int  # priced bids without a usable estimate (missing, zero, other currency, implausible)


_SCOPE = """
scope AS (
  SELECT t.* FROM tenders t
  WHERE (t.method IS NULL OR t.method NOT IN (SELECT unnest(?::VARCHAR[])))
    AND (?::VARCHAR IS NULL OR t.buyer_country = ?)
    AND (?::VARCHAR IS NULL OR t.ocid IN (
      SELECT a.ocid FROM contract_awards a JOIN contract_products p USING (source, contract_id)
      WHERE a.source = 'ocds' AND a.ocid IS NOT NULL
        AND (starts_with(p.hs, ?) OR (length(p.hs) >= 4 AND starts_with(?, p.hs)))))
)"""

_RATIOS = f"""
WITH {_SCOPE},
lots AS (
  SELECT ocid, lot, arg_max(amount, release_date) AS amount, arg_max(currency, release_date) AS currency
  FROM (SELECT ocid, release_date, l->>'$.id' AS lot,
               TRY_CAST(l->>'$.value.amount' AS DOUBLE) AS amount, upper(l->>'$.value.currency') AS currency
        FROM (SELECT ocid, release_date, unnest(CAST(json_extract(body, '$.tender.lots') AS JSON[])) AS l
              FROM ocds_releases WHERE ocid IN (SELECT ocid FROM scope)))
  WHERE lot IS NOT NULL AND amount IS NOT NULL
  GROUP BY ocid, lot
)
SELECT b.ocid, b.related_lot, s.buyer_country, s.method, b.currency, b.amount,
       CASE WHEN b.related_lot IS NOT NULL THEN l.amount ELSE s.amount END AS estimate,
       CASE WHEN b.related_lot IS NOT NULL THEN l.currency ELSE s.currency END AS est_currency,
       CASE WHEN b.related_lot IS NOT NULL THEN 'lot' ELSE 'tender' END AS estimate_from
FROM bids b JOIN scope s USING (ocid)
LEFT JOIN lots l ON l.ocid = b.ocid AND l.lot = b.related_lot
WHERE b.amount IS NOT NULL AND b.amount > 0
ORDER BY b.ocid, b.related_lot NULLS FIRST, b.amount, b.bid_id
"""

_COUNTS = f"""
WITH {_SCOPE}
SELECT s.ocid, s.buyer_country, s.method, s.number_of_tenderers,
       count(DISTINCT coalesce(b.tenderer_id, lower(trim(b.tenderer)))) AS bidders
FROM scope s LEFT JOIN bids b USING (ocid)
GROUP BY ALL
ORDER BY s.ocid
"""


def _plausible(amount: float, estimate: float | None) -> bool:
    return estimate is not None and estimate > 0 and PLAUSIBLE[0] <= amount / estimate <= PLAUSIBLE[1]


def bid_sample(wh: Warehouse, *, buyer: str | None = None, sector: str | None = None) -> BidSample:
    """The priced bids with their estimates and the tenderer counts of the competitive OCDS
    processes of ``buyer`` (ISO3; every buyer when None) in ``sector`` (HS prefix; every
    product when None)."""
    params = [list(NOT_COMPETED), buyer, buyer, sector, sector, sector]
    with wh.connect() as con:
        if not {"tenders", "bids", "ocds_releases"} <= {r[0] for r in con.execute(
                "SELECT table_name FROM information_schema.tables").fetchall()}:
            return BidSample((), (), 0)
        rows = con.execute(_RATIOS, params).fetchall()
        counts = con.execute(_COUNTS, params).fetchall()
    ratios, unusable = [], 0
    for ocid, lot, country, method, cur, amount, est, est_cur, est_from in rows:
        same = cur is None or est_cur is None or str(cur).upper() == str(est_cur).upper()
        if same and _plausible(float(amount), est):
            ratios.append(BidRatio(ocid=ocid, lot=lot, buyer_country=country, method=method,
                                   currency=cur or est_cur, amount=float(amount), estimate=float(est),
                                   estimate_from=est_from))
        else:
            unusable += 1
    tallies = []
    for ocid, country, method, published, bidders in counts:
        if published is not None and published > 0:
            tallies.append(TendererCount(ocid, country, method, int(published), "numberOfTenderers"))
        elif bidders:
            tallies.append(TendererCount(ocid, country, method, int(bidders), "bids"))
    return BidSample(tuple(ratios), tuple(tallies), unusable)
