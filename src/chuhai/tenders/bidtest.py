"""Back-test of the rival prices and count measured from OCDS bids (:mod:`chuhai.tenders.bidcal`):
does the simulator, given them, say how likely each real bid was to win?

For every competition (:mod:`chuhai.data.queries.ocds_bids`) with at least two priced bids,
a known winner and a usable estimate (:mod:`chuhai.data.queries.ocds_ratios`), each real bid
is simulated as the own offer at its real price, under the competition's pack
(:func:`chuhai.tenders.backtest.pack_for`), lowest price, ``reference_price`` = the
estimate, against rivals of one of two models:

* ``archetypes`` — without OCDS parameters: the four shipped archetypes, their price ratios
  and spreads as in ``archetypes.toml`` (the regional neighbour's country unknown);
* ``ocds`` — with them: the buyer's bid evidence measured without the competition's own
  process (leave one process out), as the calibration would use it: rivals = the median
  tenderers less one (at least one), each a domestic rival (the local assembler's
  attributes) at the median bid / estimate with the measured log-sd;
* ``ocds_real_count`` — the same prices against the real number of other bids (an oracle
  for the count, to tell the price parameters' effect from the count's).

Each bid's outcome is 1 if it won. The Brier score over the bids compares the two with the
base rate 1 / (bids in the competition), which knows the real number of bids.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from chuhai.data.queries.ocds_bids import Competition, competitions
from chuhai.data.queries.ocds_ratios import BidSample, bid_sample
from chuhai.data.warehouse import Warehouse
from chuhai.tenders.backtest import NO_CURRENCY, UNKNOWN_COUNTRY, pack_for
from chuhai.tenders.bidcal import evidence_of, rival_count
from chuhai.tenders.calibration_types import BidEvidence
from chuhai.tenders.model import Tender, load_tender
from chuhai.tenders.simulate import ARCHETYPES, simulate

__all__ = ["BidOutcome", "PriceBacktest", "price_backtest"]

MODELS = ("archetypes", "ocds", "ocds_real_count", "base_rate")


@dataclass(frozen=True, slots=True)
class BidOutcome:
    ocid: str
    lot: str | None
    ratio: float  # bid / estimate
    won: bool
    bids: int  # priced bids in the competition
    p_archetypes: float
    p_ocds: float | None  # None: the buyer's other processes measure too little
    rivals_ocds: int | None
    p_ocds_real_count: float | None


@dataclass(frozen=True, slots=True)
class PriceBacktest:
    competitions: int
    outcomes: tuple[BidOutcome, ...]

    def brier(self, model: str) -> float | None:
        """Brier score of ``model`` over the bids the OCDS model could predict."""
        rows = [o for o in self.outcomes if o.p_ocds is not None]
        if not rows:
            return None
        p = np.array([_p(o, model) for o in rows])
        y = np.array([1.0 if o.won else 0.0 for o in rows])
        return float(np.mean((p - y) ** 2))

    def mean_p(self, model: str, *, won: bool) -> float | None:
        rows = [_p(o, model) for o in self.outcomes if o.p_ocds is not None and o.won == won]
        return float(np.mean(rows)) if rows else None


def _p(o: BidOutcome, model: str) -> float:
    if model == "archetypes":
        return o.p_archetypes
    if model == "ocds":
        return float(o.p_ocds or 0.0)
    if model == "ocds_real_count":
        return float(o.p_ocds_real_count or 0.0)
    return 1.0 / o.bids


def _tender(comp: Competition, amount: float, estimate: float, rivals: list[dict[str, object]]) -> Tender:
    pack = pack_for(comp.buyer_country, comp.category, comp.tender_date)
    country = comp.buyer_country or UNKNOWN_COUNTRY
    category = comp.category if comp.category in ("goods", "works", "services") else "goods"
    return load_tender({
        "tender": {"name": comp.ocid, "rulepack": pack.id, "buyer_country": country, "category": category,
                   "funding": "world_bank" if pack.jurisdiction == "WB" else "government",
                   "currency": comp.bids[0].currency or NO_CURRENCY, "date": comp.tender_date, "value": estimate},
        "evaluation": {"method": "lowest_price"},
        "offers": [{"bidder": "(real bid)", "price": amount, "bidder_country": country, "origin": country,
                    "registered_in": [country], "own": True}],
        "rivals": rivals,
        "simulation": {"reference_price": estimate, "neighbour_country": UNKNOWN_COUNTRY}})


def _ocds_rivals(ev: BidEvidence, k: int | None) -> list[dict[str, object]] | None:
    if ev.price_ratio is None or ev.price_sd is None or k is None:
        return None
    return [{"name": f"rival {i + 1}", "archetype": "local_assembler", "price_ratio": ev.price_ratio.value,
             "price_sd": ev.price_sd.value} for i in range(k)]


def _without(sample: BidSample, ocid: str) -> BidSample:
    return replace(sample, ratios=tuple(r for r in sample.ratios if r.ocid != ocid),
                   counts=tuple(c for c in sample.counts if c.ocid != ocid))


def price_backtest(wh: Warehouse, *, runs: int = 4000, seed: int = 1) -> PriceBacktest:
    """Every usable competition's bids under both models (see the module text)."""
    samples: dict[str, BidSample] = {}
    estimates: dict[tuple[str, str | None], float] = {}
    comps = [c for c in competitions(wh) if c.winner_known and c.buyer_country]
    for c in comps:
        buyer = c.buyer_country or ""
        if buyer not in samples:
            samples[buyer] = bid_sample(wh, buyer=buyer)
            estimates.update({(r.ocid, r.lot): r.estimate for r in samples[buyer].ratios})
    archetypes: list[dict[str, object]] = [{"name": a.replace("_", " "), "archetype": a} for a in ARCHETYPES]
    out, used = [], 0
    for c in comps:
        est = estimates.get((c.ocid, c.lot))
        if est is None:
            continue
        used += 1
        ev = evidence_of(_without(samples[c.buyer_country or ""], c.ocid), buyer=c.buyer_country or "",
                         sector=None, scope=f"country:{c.buyer_country}")
        rivals = _ocds_rivals(ev, rival_count(ev, 1, floor=1))
        real = _ocds_rivals(ev, len(c.bids) - 1)
        for b in c.bids:
            def p(rs: list[dict[str, object]] | None, comp: Competition = c, amount: float = b.amount,
                  estimate: float = est) -> float | None:
                if rs is None:
                    return None
                t = _tender(comp, amount, estimate, rs)
                return simulate(t, runs=runs, seed=seed).alternatives[0].win_probability

            out.append(BidOutcome(ocid=c.ocid, lot=c.lot, ratio=b.amount / est, won=b.won, bids=len(c.bids),
                                  p_archetypes=float(p(archetypes) or 0.0), p_ocds=p(rivals),
                                  rivals_ocds=None if rivals is None else len(rivals), p_ocds_real_count=p(real)))
    return PriceBacktest(competitions=used, outcomes=tuple(out))
