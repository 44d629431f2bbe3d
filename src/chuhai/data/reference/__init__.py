"""Reference tables: countries, HS nomenclature, trade blocs; and ``ensure_reference``.

The names below load with their submodule on first use (PEP 562): a country or product
look-up then imports only what it needs, not ``ensure`` (PyArrow, DuckDB) — the CLI's
start-up. No submodule shares a name with them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chuhai.data.reference.blocs import Agreement, load_blocs
    from chuhai.data.reference.countries import Country, country_table, get_country, list_countries
    from chuhai.data.reference.ensure import ensure_reference, reference_sha256
    from chuhai.data.reference.hs import (
        HsMapping,
        convert_hs,
        hs_descriptions,
        hs_revision_for_year,
    )
    from chuhai.data.reference.hs_zh import zh_description
    from chuhai.data.reference.resolve import resolve_countries, resolve_country
    from chuhai.data.reference.search import ProductMatch, search_products

#: exported name -> the submodule that defines it
_HOME = {
    "Agreement": "blocs", "load_blocs": "blocs",
    "Country": "countries", "country_table": "countries", "get_country": "countries",
    "list_countries": "countries",
    "ensure_reference": "ensure", "reference_sha256": "ensure",
    "HsMapping": "hs", "convert_hs": "hs", "hs_descriptions": "hs", "hs_revision_for_year": "hs",
    "zh_description": "hs_zh",
    "resolve_countries": "resolve", "resolve_country": "resolve",
    "ProductMatch": "search", "search_products": "search",
}

__all__ = [
    "Agreement", "Country", "HsMapping", "ProductMatch", "convert_hs", "country_table",
    "ensure_reference", "get_country", "hs_descriptions", "hs_revision_for_year", "list_countries",
    "load_blocs", "reference_sha256", "resolve_countries", "resolve_country", "search_products",
    "zh_description",
]
assert sorted(__all__) == sorted(_HOME), "every exported name has its submodule"


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
