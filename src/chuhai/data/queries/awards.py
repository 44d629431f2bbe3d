"""Who won: the award rows for a buyer country (or region) × products × years × methods,
their counts and USD value, the shares won by domestic, same-bloc, Chinese and other
suppliers (each with n and a Wilson interval), the same by method, and the largest winners.

Rows come from ``contract_awards`` (one per award × supplier) joined to
``contract_products`` (the product match per contract). A product code ``P`` (HS2/4/6)
matches a contract whose matched ``hs`` starts with ``P``, or is a prefix of ``P`` of at
least four digits (a contract matched only to "meters", 9028, counts for water meters,
902820, with its own lower confidence); of several matches the most confident one is
shown. Without products every contract of the country counts (no match). Shares count
award × supplier rows with a known supplier country (joint-venture members are separate
rows, as the World Bank lists them); a row's value is its ``amount_usd``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from chuhai.data.queries.identity import cached
from chuhai.data.queries.shares import ORIGINS, Origin, Share, origin_of, share
from chuhai.data.warehouse import Warehouse

__all__ = [
    "AwardEvidence", "AwardQuery", "AwardRow", "MethodShares", "OriginShares", "Winner",
    "award_evidence", "award_rows", "buyer_region", "has_awards", "summarise",
]

TABLES = ("contract_awards", "contract_products")
#: winners listed by award_evidence
TOP_WINNERS = 10


@dataclass(frozen=True, slots=True)
class AwardQuery:
    """What to look up; ``country`` (ISO3) or ``region`` (World Bank region code, e.g. AFE)."""

    country: str | None = None
    region: str | None = None
    products: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    methods: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AwardRow:
    """One award × supplier with its product match and its winner-origin class."""

    source: str
    contract_id: str
    fiscal_year: int | None
    award_date: date | None
    buyer_country: str
    project_id: str | None
    project_name: str | None
    description: str | None
    method: str | None
    category: str | None
    sector: str | None
    supplier: str | None
    supplier_country: str | None
    amount_usd: float | None
    origin: Origin | None
    bloc: str | None
    match_hs: str | None
    match_rule: str | None
    match_confidence: float | None
    product_class: str | None
    amount: float | None = None
    currency: str | None = None
    usd_flag: str | None = None


@dataclass(frozen=True, slots=True)
class OriginShares:
    """Shares of the rows with a known supplier country (``n``); ``unknown`` rows lack it."""

    n: int
    unknown: int
    value_usd: float
    domestic: Share
    bloc: Share
    chinese: Share
    other: Share

    def get(self, origin: Origin) -> Share:
        out: Share = getattr(self, origin)
        return out


@dataclass(frozen=True, slots=True)
class MethodShares:
    method: str
    contracts: int
    value_usd: float
    shares: OriginShares


@dataclass(frozen=True, slots=True)
class Winner:
    supplier: str
    supplier_country: str | None
    origin: Origin | None
    awards: int
    amount_usd: float


@dataclass(frozen=True, slots=True)
class AwardEvidence:
    """Everything ``award_evidence`` found; ``available`` is False when the warehouse holds
    no award rows (nothing imported)."""

    query: AwardQuery
    available: bool
    rows: tuple[AwardRow, ...]
    contracts: int
    value_usd: float
    shares: OriginShares
    by_method: tuple[MethodShares, ...]
    winners: tuple[Winner, ...]
    sources: tuple[str, ...]


def has_awards(wh: Warehouse) -> bool:
    """True when the warehouse has the award tables and holds at least one award row
    (cached per warehouse state: every plan and scan asks)."""
    if not wh.exists():
        return False
    return cached(wh, ("has_awards",), lambda: _has_awards(wh))


def _has_awards(wh: Warehouse) -> bool:
    with wh.connect() as con:
        found = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name IN (?, ?)",
            list(TABLES)).fetchall()}
        if found != set(TABLES):
            return False
        return con.execute("SELECT 1 FROM contract_awards LIMIT 1").fetchone() is not None


def _where(q: AwardQuery) -> tuple[str, list[Any]]:
    conds: list[str] = ["TRUE"]
    args: list[Any] = []
    if q.country:
        conds.append("a.buyer_country = ?")
        args.append(q.country)
    if q.region:
        conds.append("a.region = ?")
        args.append(q.region)
    if q.years:
        conds.append("a.fiscal_year BETWEEN ? AND ?")
        args += [q.years[0], q.years[1]]
    if q.methods:
        conds.append(f"a.method IN ({', '.join('?' * len(q.methods))})")
        args += list(q.methods)
    if q.sources:
        conds.append(f"a.source IN ({', '.join('?' * len(q.sources))})")
        args += list(q.sources)
    return " AND ".join(conds), args


def _product_join(products: tuple[str, ...]) -> tuple[str, list[Any]]:
    if not products:
        return ("LEFT JOIN (SELECT NULL::VARCHAR AS source, NULL::VARCHAR AS contract_id, "
                "NULL::VARCHAR AS hs, NULL::VARCHAR AS rule, NULL::DOUBLE AS confidence, "
                "NULL::VARCHAR AS product_class) p ON FALSE", [])
    conds, args = [], []
    for code in products:
        conds.append("(starts_with(hs, ?) OR (length(hs) >= 4 AND starts_with(?, hs)))")
        args += [code, code]
    sql = (
        "JOIN (SELECT source, contract_id, hs, rule, confidence, product_class, "
        "row_number() OVER (PARTITION BY source, contract_id "
        "ORDER BY confidence DESC, length(hs) DESC, hs) AS rn "
        f"FROM contract_products WHERE {' OR '.join(conds)}) p "
        "ON p.source = a.source AND p.contract_id = a.contract_id AND p.rn = 1")
    return sql, args


_COLUMNS = ("a.source, a.contract_id, a.fiscal_year, a.award_date, a.buyer_country, a.project_id, "
            "a.project_name, a.description, a.method, a.category, a.sector, a.supplier, "
            "a.supplier_country, a.amount_usd, p.hs, p.rule, p.confidence, p.product_class, "
            "a.amount, a.currency, a.usd_flag")


def award_rows(wh: Warehouse, q: AwardQuery) -> tuple[AwardRow, ...]:
    """The matching award × supplier rows, largest USD amount first."""
    join, jargs = _product_join(q.products)
    where, wargs = _where(q)
    sql = (f"SELECT {_COLUMNS} FROM contract_awards a {join} WHERE {where} "
           "ORDER BY a.amount_usd DESC NULLS LAST, a.fiscal_year, a.contract_id, a.supplier")
    with wh.connect() as con:
        raw = con.execute(sql, jargs + wargs).fetchall()
    return tuple(_row(r) for r in raw)


def _row(r: tuple[Any, ...]) -> AwardRow:
    (source, cid, fy, day, buyer, pid, pname, desc, method, cat, sector, supplier,
     scountry, usd, hs, rule, conf, pclass, amount, currency, flag) = r
    when = day if isinstance(day, date) else date(int(fy) if fy else 2000, 1, 1)
    origin, bloc = origin_of(buyer, scountry, when)
    return AwardRow(source=source, contract_id=str(cid), fiscal_year=None if fy is None else int(fy),
                    award_date=day, buyer_country=buyer, project_id=pid, project_name=pname,
                    description=desc, method=method, category=cat, sector=sector, supplier=supplier,
                    supplier_country=scountry or None,
                    amount_usd=None if usd is None else float(usd), origin=origin, bloc=bloc,
                    match_hs=hs, match_rule=rule,
                    match_confidence=None if conf is None else float(conf), product_class=pclass,
                    amount=None if amount is None else float(amount), currency=currency, usd_flag=flag)


def _origin_shares(rows: Iterable[AwardRow]) -> OriginShares:
    rows = list(rows)
    counts = Counter(r.origin for r in rows if r.origin is not None)
    n = sum(counts.values())
    parts = {o: share(counts.get(o, 0), n) for o in ORIGINS}
    return OriginShares(n=n, unknown=len(rows) - n,
                        value_usd=sum(r.amount_usd or 0.0 for r in rows), **parts)


def _contracts(rows: Iterable[AwardRow]) -> int:
    return len({(r.source, r.contract_id) for r in rows})


def summarise(q: AwardQuery, rows: tuple[AwardRow, ...], *, available: bool = True) -> AwardEvidence:
    """Counts, shares, shares by method and the largest winners of ``rows``."""
    by_method: dict[str, list[AwardRow]] = defaultdict(list)
    for r in rows:
        by_method[r.method or "other"].append(r)
    methods = tuple(sorted(
        (MethodShares(method=m, contracts=_contracts(rs), value_usd=sum(r.amount_usd or 0.0 for r in rs),
                      shares=_origin_shares(rs)) for m, rs in by_method.items()),
        key=lambda ms: (-ms.shares.n - ms.shares.unknown, ms.method)))
    won: dict[tuple[str, str | None], list[AwardRow]] = defaultdict(list)
    for r in rows:
        if r.supplier:
            won[(r.supplier, r.supplier_country)].append(r)
    winners = sorted(
        (Winner(supplier=s, supplier_country=c, origin=rs[0].origin, awards=len(rs),
                amount_usd=sum(r.amount_usd or 0.0 for r in rs)) for (s, c), rs in won.items()),
        key=lambda w: (-w.amount_usd, w.supplier))[:TOP_WINNERS]
    return AwardEvidence(
        query=q, available=available, rows=rows, contracts=_contracts(rows),
        value_usd=sum(r.amount_usd or 0.0 for r in rows), shares=_origin_shares(rows),
        by_method=methods, winners=tuple(winners), sources=tuple(sorted({r.source for r in rows})))


def buyer_region(wh: Warehouse, buyer: str) -> str | None:
    """The region code the award rows give ``buyer`` most often (None without rows)."""
    if not has_awards(wh):
        return None
    with wh.connect() as con:
        row = con.execute("SELECT region FROM contract_awards WHERE buyer_country = ? AND region IS NOT NULL "
                          "GROUP BY region ORDER BY count(*) DESC, region LIMIT 1", [buyer]).fetchone()
    return None if row is None else str(row[0])


def award_evidence(wh: Warehouse, q: AwardQuery) -> AwardEvidence:
    """What the warehouse's award data says for ``q`` (empty, ``available=False``, when it
    holds no award rows)."""
    if not has_awards(wh):
        return summarise(q, (), available=False)
    # cached per warehouse state: the planner asks the same question on every request
    return cached(wh, ("award_evidence", q), lambda: summarise(q, award_rows(wh, q)))
