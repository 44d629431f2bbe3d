"""Reference tables: countries, HS nomenclature, trade blocs; and ``ensure_reference``."""

from __future__ import annotations

from chuhai.data.reference.blocs import Agreement, load_blocs
from chuhai.data.reference.countries import Country, country_table, get_country, list_countries
from chuhai.data.reference.ensure import ensure_reference, reference_sha256
from chuhai.data.reference.hs import HsMapping, convert_hs, hs_descriptions, hs_revision_for_year
from chuhai.data.reference.hs_zh import zh_description
from chuhai.data.reference.resolve import resolve_countries, resolve_country
from chuhai.data.reference.search import ProductMatch, search_products

__all__ = [
    "Agreement",
    "Country",
    "HsMapping",
    "ProductMatch",
    "convert_hs",
    "country_table",
    "ensure_reference",
    "get_country",
    "hs_descriptions",
    "hs_revision_for_year",
    "list_countries",
    "load_blocs",
    "reference_sha256",
    "resolve_countries",
    "resolve_country",
    "search_products",
    "zh_description",
]
