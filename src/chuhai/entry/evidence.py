"""The seed's story from real data: who won the market's real contracts for the firm's
product, beside the plan's tender outcome.

The rows are the read side's (:func:`chuhai.data.queries.awards.award_evidence`, buyer =
the plan's market, product = the firm's HS6: a contract matched to its HS4 "meters" counts
with its own lower confidence); this module keeps them as a typed result, counts the
winners by origin (domestic, same bloc, Chinese, other; each share with its count and 95 %
Wilson interval) and says in two sentences what they show and how they sit beside the
plan's tender gates. Amounts stay in their currency; ``amount_usd`` only where the
warehouse had the year's rate (``usd_flag`` says when not).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chuhai.data.queries.awards import AwardEvidence, AwardQuery, AwardRow, award_evidence
from chuhai.data.queries.shares import ORIGINS, SMALL_SAMPLE, Share
from chuhai.data.reference.procurement_methods import load_methods
from chuhai.data.warehouse import Warehouse
from chuhai.entry import messages as M
from chuhai.messages import Message

__all__ = ["OriginShare", "PlanEvidence", "RealContract", "plan_evidence"]

R2: Mapping[str, Any] = {"round": 2}
R6: Mapping[str, Any] = {"round": 6}
#: contracts listed in a plan's evidence (largest USD amount first); counts cover all rows
MAX_CONTRACTS = 25
#: procurement-method groups (procurement_methods.toml) open to foreign bidders by design
INTERNATIONAL = frozenset({"international"})


@dataclass(frozen=True, slots=True, kw_only=True)
class RealContract:
    """One real award × supplier of the market for the product."""

    contract_id: str
    fiscal_year: int | None
    award_date: str | None  # ISO date
    supplier: str | None
    supplier_country: str | None
    origin: str | None  # domestic, bloc, chinese, other; None when the country is unknown
    method: str | None  # normalised id of procurement_methods.toml (icb, ncb, rfb, ...)
    amount: float | None = field(metadata=R2)  # in ``currency``, as published
    currency: str | None
    amount_usd: float | None = field(metadata=R2)
    usd_flag: str | None
    description: str | None
    project_name: str | None
    match_hs: str | None
    match_rule: str | None
    match_confidence: float | None = field(metadata=R6)
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OriginShare:
    """``k`` of the ``n`` rows with a known supplier country won by ``origin``."""

    origin: str
    k: int
    n: int
    share: float | None = field(metadata=R6)
    low: float = field(metadata=R6)
    high: float = field(metadata=R6)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanEvidence:
    """What the award data says for the plan's market × product (``available`` False when
    the warehouse holds no award rows)."""

    country: str
    products: tuple[str, ...]
    available: bool
    sources: tuple[str, ...]
    years: tuple[int, int] | None
    n_contracts: int
    n: int  # award × supplier rows with a known supplier country
    unknown: int
    value_usd: float = field(metadata=R2)
    small_sample: bool
    shares: tuple[OriginShare, ...]
    foreign_international: int  # foreign winners under international procedures
    contracts: tuple[RealContract, ...]
    summary_message: Message = field(metadata={"json_name": "summary"})
    beside_message: Message | None = field(metadata={"json_name": "beside"})


def _contract(r: AwardRow) -> RealContract:
    return RealContract(
        contract_id=r.contract_id, fiscal_year=r.fiscal_year,
        award_date=None if r.award_date is None else r.award_date.isoformat(),
        supplier=r.supplier, supplier_country=r.supplier_country, origin=r.origin, method=r.method,
        amount=r.amount, currency=r.currency, amount_usd=r.amount_usd, usd_flag=r.usd_flag,
        description=r.description, project_name=r.project_name, match_hs=r.match_hs,
        match_rule=r.match_rule, match_confidence=r.match_confidence, source=r.source)


def _share(origin: str, s: Share) -> OriginShare:
    return OriginShare(origin=origin, k=s.k, n=s.n, share=s.share, low=s.low, high=s.high)


def _foreign_international(ev: AwardEvidence) -> int:
    groups = {m.id: m.group for m in load_methods().values()}
    return sum(1 for r in ev.rows if r.origin not in (None, "domestic")
               and groups.get(r.method or "") in INTERNATIONAL)


def _sentences(ev: AwardEvidence, products: tuple[str, ...], years: tuple[int, int] | None,
               gated: tuple[str, ...], foreign_intl: int) -> tuple[Message, Message | None]:
    if not ev.available:
        return M.EVIDENCE_NO_TABLES(), None
    if not ev.rows:
        return M.EVIDENCE_NONE(products=products), None
    s = ev.shares
    dom = s.domestic
    summary = M.EVIDENCE_SUMMARY(
        contracts=ev.contracts, products=products, y0=years[0] if years else 0,
        y1=years[1] if years else 0, k=dom.k, n=s.n, share=dom.share or 0.0, low=dom.low,
        high=dom.high, chinese=s.chinese.k, other=s.bloc.k + s.other.k)
    if s.n < SMALL_SAMPLE:
        summary = M.EVIDENCE_SMALL(summary=summary, n=s.n)
    foreign = s.n - dom.k
    if gated:
        beside = M.EVIDENCE_GATED(modes=gated, foreign=foreign, n=s.n, international=foreign_intl)
    else:
        beside = M.EVIDENCE_OPEN(foreign=foreign, n=s.n, international=foreign_intl)
    return summary, beside if s.n else None


def plan_evidence(wh: Warehouse | None, country: str, hs6: str, *,
                  gated: tuple[str, ...] = ()) -> PlanEvidence | None:
    """The real awards of ``country`` for ``hs6`` beside a plan whose tender gates close
    ``gated`` (mode ids); None without a warehouse."""
    if wh is None or not wh.exists():
        return None
    products = (hs6,)
    ev = award_evidence(wh, AwardQuery(country=country, products=products))
    fys = sorted(r.fiscal_year for r in ev.rows if r.fiscal_year is not None)
    years = (fys[0], fys[-1]) if fys else None
    intl = _foreign_international(ev)
    summary, beside = _sentences(ev, products, years, gated, intl)
    s = ev.shares
    return PlanEvidence(
        country=country, products=products, available=ev.available, sources=ev.sources, years=years,
        n_contracts=ev.contracts, n=s.n, unknown=s.unknown, value_usd=ev.value_usd,
        small_sample=s.n < SMALL_SAMPLE, shares=tuple(_share(o, s.get(o)) for o in ORIGINS),
        foreign_international=intl, contracts=tuple(_contract(r) for r in ev.rows[:MAX_CONTRACTS]),
        summary_message=summary, beside_message=beside)
