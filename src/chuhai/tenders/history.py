"""Who wins: the award evidence for a buyer country (or region) × products × period ×
methods, as a typed result with its JSON contract (``chuhai tender history --json``).

The counting is the read side's (:mod:`chuhai.data.queries.awards`); this module adds the
sentences (no data, small samples, unknown supplier countries, the World Bank's scope) and
the result's shape: every share with its count ``n`` and its 95 % Wilson interval.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chuhai.data.codes import PRODUCT
from chuhai.data.queries.awards import (
    AwardEvidence,
    AwardQuery,
    AwardRow,
    OriginShares,
    award_evidence,
)
from chuhai.data.queries.identity import is_demo
from chuhai.data.queries.shares import ORIGINS, SMALL_SAMPLE
from chuhai.data.reference.procurement_methods import load_methods
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError, NotFoundError
from chuhai.messages import Message, render
from chuhai.serialise import to_json
from chuhai.tenders import messages as M

__all__ = ["ContractRow", "HistoryResult", "Match", "MethodRow", "ShareSummary", "check_methods", "check_products", "history", "summary_of"]

R6: Mapping[str, Any] = {"round": 6}
R2: Mapping[str, Any] = {"round": 2}


class _Json:
    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_json(self)
        return out


@dataclass(frozen=True, slots=True)
class Match(_Json):
    hs: str | None
    rule: str | None
    confidence: float | None = field(metadata=R6)


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractRow(_Json):
    """One award × supplier; the first eight keys are the issue's contract."""

    contract_id: str
    fiscal_year: int | None
    supplier: str | None
    supplier_country: str | None
    amount_usd: float | None = field(metadata=R2)
    method: str | None
    description: str | None
    match: Match | None
    origin: str | None
    bloc: str | None
    award_date: str | None  # ISO date
    buyer_country: str
    project_id: str | None
    project_name: str | None
    category: str | None
    source: str
    amount: float | None = field(default=None, metadata=R2)  # in ``currency``, as published
    currency: str | None = None
    usd_flag: str | None = None  # 'no_rate': no exchange rate for the year, amount_usd is null


@dataclass(frozen=True, slots=True, kw_only=True)
class ShareSummary(_Json):
    """Shares of the ``n`` awards with a known supplier country (None when n = 0)."""

    domestic_share: float | None = field(metadata=R6)
    bloc_share: float | None = field(metadata=R6)
    chinese_share: float | None = field(metadata=R6)
    other_share: float | None = field(metadata=R6)
    n: int
    counts: Mapping[str, int]
    intervals: Mapping[str, tuple[float, float]] = field(metadata=R6)
    unknown: int
    value_usd: float = field(metadata=R2)
    small_sample: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class MethodRow(_Json):
    method: str
    contracts: int
    shares: ShareSummary = field(metadata={"json_flatten": True})


@dataclass(frozen=True, slots=True, kw_only=True)
class Winner(_Json):
    supplier: str
    supplier_country: str | None
    origin: str | None
    awards: int
    amount_usd: float = field(metadata=R2)


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryResult(_Json):
    demo: bool
    country: str | None
    region: str | None
    products: tuple[str, ...]
    years: tuple[int, int] | None
    methods: tuple[str, ...]
    contracts: tuple[ContractRow, ...]
    shares: ShareSummary
    by_method: tuple[MethodRow, ...]
    winners: tuple[Winner, ...]
    n_contracts: int
    value_usd: float = field(metadata=R2)
    sources: tuple[str, ...]
    available: bool
    warning_messages: tuple[Message, ...] = field(metadata={"json_name": "warnings", "json_always": True})

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(render(m) for m in self.warning_messages)


def summary_of(s: OriginShares) -> ShareSummary:
    parts = {o: s.get(o) for o in ORIGINS}
    return ShareSummary(
        domestic_share=parts["domestic"].share, bloc_share=parts["bloc"].share,
        chinese_share=parts["chinese"].share, other_share=parts["other"].share, n=s.n,
        counts={o: p.k for o, p in parts.items()},
        intervals={o: (p.low, p.high) for o, p in parts.items()},
        unknown=s.unknown, value_usd=s.value_usd, small_sample=s.n < SMALL_SAMPLE)


def _contract(r: AwardRow) -> ContractRow:
    match = None if r.match_hs is None else Match(hs=r.match_hs, rule=r.match_rule, confidence=r.match_confidence)
    return ContractRow(contract_id=r.contract_id, fiscal_year=r.fiscal_year, supplier=r.supplier,
                       supplier_country=r.supplier_country, amount_usd=r.amount_usd, method=r.method,
                       description=r.description, match=match, origin=r.origin, bloc=r.bloc,
                       award_date=None if r.award_date is None else r.award_date.isoformat(), buyer_country=r.buyer_country, project_id=r.project_id,
                       project_name=r.project_name, category=r.category, source=r.source,
                       amount=r.amount, currency=r.currency, usd_flag=r.usd_flag)


def _scope(q: AwardQuery) -> str:
    parts = [q.country or q.region or "all buyers"]
    if q.products:
        parts.append("HS " + ", ".join(q.products))
    if q.years:
        parts.append(f"FY{q.years[0]}–{q.years[1]}")
    if q.methods:
        parts.append(", ".join(q.methods))
    return " × ".join(parts)


def _warnings(q: AwardQuery, ev: AwardEvidence) -> tuple[Message, ...]:
    if not ev.available:
        return (M.HIST_NO_TABLES(),)
    out: list[Message] = []
    if not ev.rows:
        out.append(M.HIST_NONE(scope=_scope(q)))
    elif ev.shares.n < SMALL_SAMPLE:
        out.append(M.HIST_SMALL(n=ev.shares.n))
    if ev.shares.unknown:
        out.append(M.HIST_UNKNOWN(n=ev.shares.unknown))
    held = sorted({ms.method for ms in ev.by_method})
    for m in q.methods:
        if m not in held and ev.rows:
            out.append(M.HIST_METHOD_ABSENT(method=m, held=tuple(held)))
    if "wb-contracts" in ev.sources:
        out.append(M.HIST_WB_SCOPE())
    return tuple(out)


def check_products(products: tuple[str, ...]) -> tuple[str, ...]:
    for p in products:
        if not re.fullmatch(PRODUCT, p):
            raise InputError(f"product {p!r}: expected an HS2, HS4 or HS6 code, e.g. 9028 or 902820",
                             field="product")
    return products


def check_methods(methods: tuple[str, ...]) -> tuple[str, ...]:
    """``methods`` if each is a normalised id of procurement_methods.toml, else NotFoundError."""
    known = load_methods()
    for m in methods:
        if m not in known:
            raise NotFoundError(f"unknown procurement method {m!r}; choose from {', '.join(known)}",
                                field="method")
    return methods


def history(wh: Warehouse, *, country: str | None = None, region: str | None = None,
            products: tuple[str, ...] = (), years: tuple[int, int] | None = None,
            methods: tuple[str, ...] = ()) -> HistoryResult:
    """Who won ``products`` in ``country`` (ISO3) and/or ``region`` (every buyer when both
    are None) over ``years`` (fiscal years, inclusive) under ``methods`` (normalised ids of
    procurement_methods.toml, e.g. icb, rfb)."""
    q = AwardQuery(country=country, region=region, products=check_products(tuple(products)),
                   years=years, methods=check_methods(tuple(methods)))
    ev = award_evidence(wh, q)
    return HistoryResult(
        demo=is_demo(wh), country=country, region=region, products=q.products, years=years,
        methods=q.methods, contracts=tuple(_contract(r) for r in ev.rows), shares=summary_of(ev.shares),
        by_method=tuple(MethodRow(method=m.method, contracts=m.contracts, shares=summary_of(m.shares))
                        for m in ev.by_method),
        winners=tuple(Winner(supplier=w.supplier, supplier_country=w.supplier_country, origin=w.origin,
                             awards=w.awards, amount_usd=w.amount_usd) for w in ev.winners),
        n_contracts=ev.contracts, value_usd=ev.value_usd, sources=ev.sources, available=ev.available,
        warning_messages=_warnings(q, ev))
