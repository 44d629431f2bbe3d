"""``/api/v1/products``, ``/countries``, ``/agreements``: find what the wizard needs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from chuhai.data.reference import list_countries, load_blocs, resolve_country, search_products
from chuhai.data.warehouse import Warehouse
from chuhai.web.deps import get_warehouse
from chuhai.web.errors import ERROR_RESPONSES

__all__ = ["router"]

router = APIRouter(tags=["search"], responses=ERROR_RESPONSES)


class Product(BaseModel):
    hs6: str
    hs_revision: str
    description: str
    score: float
    description_zh: str | None = None


class CountryOut(BaseModel):
    iso3: str
    iso_numeric: int
    iso2: str
    name_en: str
    name_zh: str | None = None
    region: str | None = None
    income_group: str | None = None
    capital: str | None = None
    lat: float | None = None
    lon: float | None = None


class Resolved(BaseModel):
    query: str
    iso3: str


class AgreementOut(BaseModel):
    id: str
    name: str
    type: str
    in_force: str
    members: list[str]


def _warehouse_or_none(wh: Warehouse) -> Warehouse | None:
    return wh if wh.exists() else None


@router.get("/products", response_model=list[Product])
def products(q: str = Query(min_length=1, max_length=100, description="HS code/prefix or words (English or 中文)"),
             limit: int = Query(20, ge=1, le=100),
             wh: Warehouse = Depends(get_warehouse)) -> Any:
    """HS6 products matching a code prefix or keywords, best first."""
    return [m.to_dict() for m in search_products(q, warehouse=_warehouse_or_none(wh), limit=limit)]


@router.get("/countries", response_model=list[CountryOut])
def countries(q: str | None = Query(None, max_length=100, description="code or English/Chinese name part"),
              region: str | None = Query(None, max_length=60),
              income_group: str | None = Query(None, pattern="^(L|LM|UM|H)$")) -> Any:
    """Countries with ISO codes, Chinese names, region and income group."""
    return [c.to_dict() for c in list_countries(q or None, region=region, income_group=income_group)]


@router.get("/countries/resolve", response_model=Resolved)
def resolve(text: str = Query(min_length=1, max_length=100, description="ISO2/ISO3/numeric or a name")) -> Any:
    """The ISO3 code of a country named in any common way (404 with suggestions if unknown)."""
    return {"query": text, "iso3": resolve_country(text)}


@router.get("/agreements", response_model=list[AgreementOut])
def agreements() -> Any:
    """Trade agreements and customs unions known to chuhai, with members."""
    return [{"id": a.id, "name": a.name, "type": a.type, "in_force": a.in_force.isoformat(),
             "members": list(a.members)} for a in load_blocs()]
