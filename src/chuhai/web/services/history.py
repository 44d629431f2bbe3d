"""Who wins: the query parameters of the award evidence and its run, shared by
``GET /api/v1/tenders/history`` and the 谁在中标 / Who wins page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Query

from chuhai.data.codes import PRODUCT
from chuhai.data.reference import resolve_country
from chuhai.data.warehouse import Warehouse
from chuhai.data.years import parse_years
from chuhai.serialise import to_json
from chuhai.tenders import Tender
from chuhai.tenders.history import history

__all__ = ["HistoryQuery", "history_query", "run_history", "tender_evidence"]

PRODUCTS_INPUT = f"^((?:{PRODUCT})(,(?:{PRODUCT})){{0,19}})?$"
METHODS_INPUT = r"^([a-z][a-z0-9_]{1,30}(,[a-z][a-z0-9_]{1,30}){0,9})?$"


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    country: str | None = None
    region: str | None = None
    product: str = ""
    years: str | None = None
    method: str = ""

    @property
    def products(self) -> tuple[str, ...]:
        return tuple(p for p in self.product.split(",") if p)

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(m for m in self.method.split(",") if m)


def history_query(
    country: str | None = Query(None, min_length=1, max_length=60,
                                description="buyer country: ISO3, ISO2 or an English/Chinese name"),
    region: str | None = Query(None, pattern=r"^[A-Za-z0-9]{2,4}$",
                               description="World Bank region code, e.g. AFE, AFW, LCR"),
    product: str = Query("", pattern=PRODUCTS_INPUT, max_length=139,
                         description="HS2/HS4/HS6 codes, comma-separated (empty: every product)"),
    years: str | None = Query(None, pattern=r"^(\d{4}(-\d{4})?)?$",
                              description="fiscal years A-B with A <= B, at most 40 years"),
    method: str = Query("", pattern=METHODS_INPUT, max_length=330,
                        description="procurement method ids, comma-separated, e.g. icb,rfb"),
) -> HistoryQuery:
    return HistoryQuery(country or None, (region or "").upper() or None, product, years or None, method)


def run_history(wh: Warehouse, q: HistoryQuery, lang: str = "en", translate: Any = None) -> dict[str, Any]:
    """The ``chuhai tender history --json`` dict for ``q`` (texts in ``lang``)."""
    res = history(wh, country=None if q.country is None else resolve_country(q.country), region=q.region,
                  products=q.products, years=parse_years(q.years, max_span=40), methods=q.methods)
    out: dict[str, Any] = to_json(res, lang, translate)
    return out


def tender_evidence(wh: Warehouse | None, tender: Tender) -> dict[str, Any] | None:
    """The real awards of the tender's buyer for its ``tender.products`` (the ``evidence``
    key of ``chuhai tender simulate --json``), or None when the file names no products or
    the warehouse holds no award data."""
    products = tuple(tender.tender.products)
    if wh is None or not products or not wh.exists():
        return None
    res = history(wh, country=tender.tender.buyer_country, products=products)
    if not res.available:
        return None
    out: dict[str, Any] = to_json(res)
    return out
