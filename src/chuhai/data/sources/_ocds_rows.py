"""Rows for the warehouse from one compiled OCDS release: tenders, bids, parties and
contract awards (one row per award × supplier; see docs/data-model.md).

Countries: a party's ``address.countryName`` (ISO2, English, or a national name from
``ocds.toml``) through the country resolver; the buyer country falls back to the
publisher of the ocid prefix. Amounts stay in their currency (upper-cased: Moldova writes
"mdl"); ``amount_usd`` is the amount for USD, or the amount over the issuing country's
official rate for the award year when the caller has one (``rates``), else NULL with
``usd_flag`` 'no_rate'. A joint award lists each supplier with the award's whole value
(``amount`` = ``award_amount``; ``suppliers_in_award`` says how many share it), as the
shared contract_awards schema says (docs/data-model.md). ``region`` is the buyer country's
World Bank lending region (``worldbank.toml`` [lending_regions]), as the WB award rows
write it, so a region query covers both sources.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from chuhai.data.reference.countries import lending_region
from chuhai.data.reference.ocds import ocds_reference
from chuhai.data.reference.procurement_methods import ocds_method
from chuhai.data.reference.resolve import resolve_country
from chuhai.data.sources._ocds_check import amount_of, day_of
from chuhai.errors import ChuhaiError

__all__ = ["CATEGORIES", "Rows", "country_of", "process_rows"]

#: mainProcurementCategory -> contract_awards.category
CATEGORIES = {"goods": "goods", "works": "works", "services": "services",
              "consultingServices": "consulting"}

Rates = Callable[[str, int], float | None]  # (currency, year) -> units per USD


@dataclass
class Rows:
    """Accumulated rows per table, as lists of dicts keyed by column."""

    tenders: list[dict[str, Any]] = field(default_factory=list)
    bids: list[dict[str, Any]] = field(default_factory=list)
    ocds_parties: list[dict[str, Any]] = field(default_factory=list)
    contract_awards: list[dict[str, Any]] = field(default_factory=list)
    award_items: list[dict[str, Any]] = field(default_factory=list)


@cache
def country_of(name: str) -> str | None:
    """ISO3 of an address countryName, None if it is not a country the resolver knows."""
    text = name.strip()
    if not text:
        return None
    hit = ocds_reference().country_names.get(text.casefold())
    if hit:
        return hit
    try:
        return resolve_country(text)
    except ChuhaiError:
        return None


def _text(node: Any) -> str | None:
    if isinstance(node, str):
        return node.strip() or None
    if isinstance(node, int | float) and not isinstance(node, bool):
        return str(node)
    return None


def _obj(node: Any) -> dict[str, Any]:
    return node if isinstance(node, dict) else {}


def _list(node: Any) -> list[dict[str, Any]]:
    return [x for x in node if isinstance(x, dict)] if isinstance(node, list) else []


def _value(node: Any) -> tuple[float | None, str | None]:
    v = _obj(node)
    cur = _text(v.get("currency"))
    return amount_of(v.get("amount")), cur.upper() if cur else None


def _party_country(party: dict[str, Any]) -> tuple[str | None, str | None]:
    raw = _text(_obj(party.get("address")).get("countryName"))
    return (country_of(raw) if raw else None), raw


def _codes(items: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    """(scheme, id, item description) of every classification of ``items``, once each."""
    out: list[tuple[str, str, str | None]] = []
    seen: set[tuple[str, str]] = set()
    for item in items:
        for cl in [_obj(item.get("classification")), *_list(item.get("additionalClassifications"))]:
            scheme, cid = _text(cl.get("scheme")) or "?", _text(cl.get("id"))
            if cid and (scheme, cid) not in seen:
                seen.add((scheme, cid))
                out.append((scheme, cid, _text(item.get("description"))))
    return out


def _classifications(items: list[dict[str, Any]]) -> str | None:
    return "; ".join(f"{s}:{c}" for s, c, _ in _codes(items)) or None


def _usd(amount: float | None, currency: str | None, year: int | None,
         rates: Rates | None) -> tuple[float | None, str | None]:
    if amount is None:
        return None, None
    if currency == "USD":
        return amount, None
    if currency and year is not None and rates is not None:
        rate = rates(currency, year)
        if rate:
            return amount / rate, None
    return None, "no_rate"


def process_rows(release: dict[str, Any], ocid: str, out: Rows, *,
                 rates: Rates | None = None) -> None:
    """Append the rows of one compiled release to ``out``."""
    ref = ocds_reference()
    parties = {(_text(p.get("id")) or ""): p for p in _list(release.get("parties"))}
    tender = _obj(release.get("tender"))
    buyer_ref = _obj(release.get("buyer")) or _obj(tender.get("procuringEntity"))
    buyer = parties.get(_text(buyer_ref.get("id")) or "", buyer_ref)
    buyer_country = _party_country(buyer)[0] or _party_country(buyer_ref)[0]
    if buyer_country is None:
        for p in parties.values():
            roles = p.get("roles") or []
            if isinstance(roles, list) and ("buyer" in roles or "procuringEntity" in roles):
                buyer_country = _party_country(p)[0]
                if buyer_country:
                    break
    buyer_country = buyer_country or ref.publisher_country(ocid)
    method_raw = _text(tender.get("procurementMethod"))
    details = _text(tender.get("procurementMethodDetails")) or \
        _text(tender.get("procurementMethodType"))
    method = ocds_method(method_raw, details)
    category = CATEGORIES.get(_text(tender.get("mainProcurementCategory")) or "")
    t_amount, t_cur = _value(tender.get("value"))
    n = tender.get("numberOfTenderers")
    items = _list(tender.get("items"))
    period = _obj(tender.get("tenderPeriod"))
    budget = _obj(_obj(release.get("planning")).get("budget"))
    out.tenders.append({
        "ocid": ocid, "tender_id": _text(tender.get("id")), "title": _text(tender.get("title")),
        "buyer": _text(buyer.get("name")) or _text(buyer_ref.get("name")),
        "buyer_id": _text(buyer_ref.get("id")), "buyer_country": buyer_country,
        "method": method, "method_raw": method_raw, "method_details": details,
        "category": category, "amount": t_amount, "currency": t_cur,
        "number_of_tenderers": int(n) if isinstance(n, int | float) else None,
        "classifications": _classifications(items),
        "award_criteria": _text(tender.get("awardCriteria")),
        "status": _text(tender.get("status")),
        "tender_date": day_of(period.get("startDate")) or day_of(release.get("date")),
        "source": "ocds",
    })
    for p in parties.values():
        country, raw = _party_country(p)
        ident = _obj(p.get("identifier"))
        roles = p.get("roles")
        out.ocds_parties.append({
            "ocid": ocid, "party_id": _text(p.get("id")), "name": _text(p.get("name")),
            "roles": ",".join(r for r in roles if isinstance(r, str))
            if isinstance(roles, list) else None,
            "country": country, "country_raw": raw, "identifier_scheme": _text(ident.get("scheme")),
            "identifier_id": _text(ident.get("id")),
        })
    for bid in _list(_obj(release.get("bids")).get("details")):
        tenderers = _list(bid.get("tenderers"))
        names, ids, countries = [], [], []
        for t in tenderers:
            full = parties.get(_text(t.get("id")) or "", t)
            names.append(_text(t.get("name")) or _text(full.get("name")) or "")
            ids.append(_text(t.get("id")) or "")
            countries.append(_party_country(full)[0] or _party_country(t)[0])
        amount, cur = _value(bid.get("value"))
        known = {c for c in countries if c}
        out.bids.append({
            "ocid": ocid, "bid_id": _text(bid.get("id")),
            "tenderer": "; ".join(x for x in names if x) or None,
            "tenderer_id": "; ".join(x for x in ids if x) or None,
            "tenderer_country": known.pop() if len(known) == 1 else None,
            "tenderers": len(tenderers), "amount": amount, "currency": cur,
            "status": _text(bid.get("status")), "related_lot": _text(bid.get("relatedLot")),
            "bid_date": day_of(bid.get("date")),
        })
    for award in _list(release.get("awards")):
        _award_rows(award, release, ocid, out, parties=parties, buyer_country=buyer_country,
                    method=method, method_raw=details or method_raw, category=category,
                    tender_items=items, budget=budget, rates=rates)


def _award_rows(award: dict[str, Any], release: dict[str, Any], ocid: str, out: Rows, *,
                parties: dict[str, dict[str, Any]], buyer_country: str | None,
                method: str | None, method_raw: str | None, category: str | None,
                tender_items: list[dict[str, Any]], budget: dict[str, Any],
                rates: Rates | None) -> None:
    tender = _obj(release.get("tender"))
    amount, cur = _value(award.get("value"))
    day = day_of(award.get("date")) or _first_contract_day(release, award) or \
        day_of(release.get("date"))
    year = day.year if day else None
    suppliers = _list(award.get("suppliers")) or [{}]
    n = len(_list(award.get("suppliers")))
    lots = award.get("relatedLots")
    items = _list(award.get("items")) or tender_items
    description = _text(award.get("title")) or _text(award.get("description")) or \
        _text(tender.get("title")) or _text(tender.get("description"))
    if items and (desc := _text(items[0].get("description"))) and description != desc:
        description = f"{description}; {desc}" if description else desc
    usd, flag = _usd(amount, cur, year, rates)
    contract_id = f"{ocid}/{_text(award.get('id')) or '?'}"
    for scheme, code, what in _codes(items):
        out.award_items.append({"source": "ocds", "contract_id": contract_id, "ocid": ocid,
                                "classification_scheme": scheme, "classification_id": code,
                                "description": what})
    for s in suppliers:
        full = parties.get(_text(s.get("id")) or "", s)
        out.contract_awards.append({
            "source": "ocds", "contract_id": contract_id,
            "fiscal_year": year, "award_date": day, "buyer_country": buyer_country,
            "region": lending_region(buyer_country), "project_id": _text(budget.get("projectID")),
            "project_name": _text(budget.get("project")), "description": description,
            "method": method, "method_raw": method_raw, "category": category, "sector": None,
            "supplier": _text(s.get("name")) or _text(full.get("name")),
            "supplier_country": _party_country(full)[0] or _party_country(s)[0],
            "amount": amount, "currency": cur, "amount_usd": usd, "usd_flag": flag,
            "supplier_id": _text(s.get("id")), "award_amount": amount,
            "suppliers_in_award": n, "award_status": _text(award.get("status")),
            "ocid": ocid, "related_lots": _lots(lots),
        })


def _lots(lots: Any) -> str | None:
    """``relatedLots`` as comma-separated ids; Armenia writes ``[{"lotId": ...}]``."""
    if not isinstance(lots, list):
        return None
    ids = [_text(x.get("lotId") or x.get("id")) if isinstance(x, dict) else _text(x)
           for x in lots]
    return ",".join(i for i in ids if i) or None


def _first_contract_day(release: dict[str, Any], award: dict[str, Any]) -> Any:
    aid = award.get("id")
    for c in _list(release.get("contracts")):
        if c.get("awardID") == aid:
            return day_of(c.get("dateSigned"))
    return None
