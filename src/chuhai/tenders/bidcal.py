"""Rival prices and rival count from OCDS bids (:mod:`chuhai.data.queries.ocds_ratios`).

:func:`bid_evidence` measures, for a buyer country × sector (an HS prefix; the buyer's
every product when the sector holds fewer than :data:`MIN_BIDS` bids), three parameters
of the simulator's rivals, each with its source, sample size and a 95 % interval:

* ``price_ratio`` — the median priced bid / estimate (the tender's or lot's estimated
  value), with the distribution-free interval of the median from order statistics (its
  exact binomial coverage is stated; with few bids it is the range, below 95 %);
* ``price_sd`` — the standard deviation of log(bid / estimate), the rivals' lognormal
  log-sd, with the chi-square interval;
* ``tenderers`` — the median number of tenderers per contracting process
  (numberOfTenderers, else the distinct bidders), with the order-statistic interval.

Only the buyer's own tenders count: another country's bid-to-estimate ratios say nothing
about how this buyer sets its estimates, so a buyer without bids gets no bid evidence.
Bids of the same tender are not independent; the intervals treat them as if they were
and are too narrow by that much.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from statistics import median
from typing import TypeVar

from scipy.stats import binom, chi2

from chuhai.data.queries.ocds_ratios import BidSample, bid_sample
from chuhai.data.warehouse import Warehouse
from chuhai.messages import Message
from chuhai.tenders import messages as M
from chuhai.tenders.calibration_types import BidEvidence, CalibratedParameter, Calibration

__all__ = ["MIN_BIDS", "MIN_PROCESSES", "bid_evidence", "bid_notes", "evidence_of", "level_factor",
           "median_interval", "rival_count", "sd_interval", "spread"]

T = TypeVar("T", bound=str)
MIN_BIDS = 5
MIN_PROCESSES = 3
LEVEL = 0.95
SOURCE = "ocds"


def median_interval(values: list[float], level: float = LEVEL) -> tuple[float, float, float, float]:
    """``(median, low, high, coverage)``: the order statistics x(j) and x(n+1-j) with the
    largest j whose coverage P(j <= B <= n-j), B ~ Binomial(n, 1/2), is at least
    ``level``; j = 1 (the range) when no j reaches it."""
    xs = sorted(values)
    n = len(xs)
    if n == 0:
        raise ValueError("no values")
    best = 1
    for j in range(1, n // 2 + 1):
        if _coverage(n, j) >= level:
            best = j
    return float(median(xs)), xs[best - 1], xs[n - best], _coverage(n, best)


def _coverage(n: int, j: int) -> float:
    return float(binom.cdf(n - j, n, 0.5) - binom.cdf(j - 1, n, 0.5))


def sd_interval(values: list[float], level: float = LEVEL) -> tuple[float, float, float]:
    """``(sd, low, high)``: the sample standard deviation (n - 1) and its chi-square interval."""
    n = len(values)
    if n < 2:
        raise ValueError("an sd needs two values")
    mean = sum(values) / n
    ss = sum((v - mean) ** 2 for v in values)
    sd = math.sqrt(ss / (n - 1))
    a = (1 - level) / 2
    return sd, math.sqrt(ss / float(chi2.ppf(1 - a, n - 1))), math.sqrt(ss / float(chi2.ppf(a, n - 1)))


def evidence_of(sample: BidSample, *, buyer: str, sector: str | None, scope: str) -> BidEvidence:
    """The three parameters from a sample (those with too few observations left None)."""
    ratios = [r.ratio for r in sample.ratios]
    counts = [float(c.tenderers) for c in sample.counts]
    source = f"{SOURCE}:bids/estimate"
    ratio = sd = tenderers = None
    if len(ratios) >= MIN_BIDS:
        med, lo, hi, cov = median_interval(ratios)
        ratio = CalibratedParameter(name="price_ratio", value=med, low=lo, high=hi, coverage=cov,
                                    source=source, scope=scope, n=len(ratios))
        s, slo, shi = sd_interval([math.log(x) for x in ratios])
        sd = CalibratedParameter(name="price_sd", value=s, low=slo, high=shi, coverage=LEVEL,
                                 source=f"{SOURCE}:log(bids/estimate)", scope=scope, n=len(ratios))
    if len(counts) >= MIN_PROCESSES:
        med, lo, hi, cov = median_interval(counts)
        froms = sorted({c.counted_from for c in sample.counts})
        tenderers = CalibratedParameter(name="tenderers", value=med, low=lo, high=hi, coverage=cov,
                                        source=f"{SOURCE}:" + "+".join(froms), scope=scope, n=len(counts))
    found = ratio is not None or tenderers is not None
    return BidEvidence(buyer=buyer, sector=sector, scope=scope if found else "none", bids=len(ratios),
                       processes=len(counts), unusable=sample.unusable,
                       currencies=tuple(sorted({r.currency for r in sample.ratios if r.currency})),
                       price_ratio=ratio, price_sd=sd, tenderers=tenderers)


def bid_evidence(wh: Warehouse, *, buyer: str, sector: str | None) -> BidEvidence:
    """The buyer × sector's bid evidence; each parameter the sector's bids cannot measure
    from the buyer's bids over every product (its ``scope`` says which); else none."""
    wide = evidence_of(bid_sample(wh, buyer=buyer), buyer=buyer, sector=sector, scope=f"country:{buyer}")
    if not sector:
        return wide
    narrow = evidence_of(bid_sample(wh, buyer=buyer, sector=sector), buyer=buyer, sector=sector,
                         scope=f"country:{buyer}:HS{sector}")
    if not narrow.has_evidence:
        return wide
    return replace(narrow, price_ratio=narrow.price_ratio or wide.price_ratio,
                   price_sd=narrow.price_sd or wide.price_sd, tenderers=narrow.tenderers or wide.tenderers)


def rival_count(ev: BidEvidence | None, named_bidders: int, floor: int) -> int | None:
    """Rivals for a field: the median tenderers (rounded half up) less the bidders the
    tender file names, at least ``floor``; None without a measured count."""
    if ev is None or ev.tenderers is None:
        return None
    return max(int(math.floor(ev.tenderers.value + 0.5)) - named_bidders, floor)


def spread(origins: list[T], counts: Mapping[T, int], k: int) -> list[T]:
    """``k`` rivals over ``origins`` (one each, the rest by largest remainder of
    ``counts``), in the order of ``origins``."""
    extra = k - len(origins)
    if extra <= 0:
        return list(origins)
    total = sum(counts[o] for o in origins)
    quota = {o: extra * counts[o] / total for o in origins}
    add = {o: int(math.floor(q)) for o, q in quota.items()}
    left = extra - sum(add.values())
    for o in sorted(origins, key=lambda o: (-(quota[o] - add[o]), origins.index(o)))[:left]:
        add[o] += 1
    return [o for o in origins for _ in range(1 + add[o])]


def level_factor(ev: BidEvidence | None, ratios: list[float], *, estimate_unit: float | None,
                 reference: float) -> float | None:
    """The factor that puts the rivals' median prices (their geometric mean) at the
    measured median bid / estimate × the estimate per unit; None when either is missing."""
    if ev is None or ev.price_ratio is None or estimate_unit is None or not ratios:
        return None
    geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    return ev.price_ratio.value * estimate_unit / (reference * geo)


def bid_notes(cal: Calibration, used: Mapping[str, CalibratedParameter], measured: Mapping[str, CalibratedParameter],
              *, rivals: int) -> list[Message]:
    """What the OCDS bids set (or could not) in a calibrated simulation."""
    if cal.bid_evidence is None:
        return []
    if not cal.bid_evidence.has_evidence:
        return [M.SIM_NO_BIDS(buyer=cal.buyer)]
    out = []
    if "tenderers" in used:
        p = used["tenderers"]
        out.append(M.SIM_BID_COUNT(median=p.value, n=p.n, rivals=rivals))
    if "price_ratio" in used:
        p = used["price_ratio"]
        parts = p.scope.split(":")  # country:<ISO3>[:HS<sector>]
        products = M.BID_SCOPE_SECTOR(sector=parts[2][2:]) if len(parts) > 2 else M.BID_SCOPE_ALL()
        out.append(M.SIM_BID_LEVEL(ratio=p.value, low=p.low, high=p.high, n=p.n, buyer=cal.buyer,
                                   products=products))
    elif "price_ratio" in measured:
        out.append(M.SIM_BID_NO_ESTIMATE(ratio=measured["price_ratio"].value))
    if "price_sd" in used:
        p = used["price_sd"]
        out.append(M.SIM_BID_SPREAD(sd=p.value, low=p.low, high=p.high, n=p.n))
    return out
