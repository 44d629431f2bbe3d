"""Domestic-winner rates per buyer country for one product sector (an HS prefix), for the
markets engine's localisation pressure: one SQL aggregate over every buyer, cached per
warehouse state.

A row counts when its contract matched the sector (``contract_products.hs`` starts with
the prefix, or is a ≥ 4-digit prefix of it, as in :mod:`~chuhai.data.queries.awards`)
and its supplier country is known; a contract × supplier row is one trial.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from chuhai.data.queries.awards import has_awards
from chuhai.data.queries.identity import cached
from chuhai.data.queries.shares import Share, share
from chuhai.data.warehouse import Warehouse

__all__ = ["DomesticRate", "domestic_rates", "domestic_rates_for"]


@dataclass(frozen=True, slots=True)
class DomesticRate:
    """Domestic winners among a buyer's awards in a sector, and where the rows came from."""

    buyer: str
    sector: str
    share: Share
    sources: tuple[str, ...]
    years: tuple[int, int] | None


_MATCH = "(starts_with(hs, ?) OR (length(hs) >= 4 AND starts_with(?, hs)))"
_SQL = """
WITH p AS (SELECT DISTINCT source, contract_id FROM contract_products WHERE {match})
SELECT a.buyer_country, count(*) AS n,
       count(*) FILTER (WHERE a.supplier_country = a.buyer_country) AS k,
       list(DISTINCT a.source ORDER BY a.source) AS sources,
       min(a.fiscal_year) AS y0, max(a.fiscal_year) AS y1
FROM contract_awards a JOIN p ON p.source = a.source AND p.contract_id = a.contract_id
WHERE a.supplier_country IS NOT NULL AND a.buyer_country IS NOT NULL
GROUP BY a.buyer_country
"""


def _rates(wh: Warehouse, codes: tuple[str, ...], sector: str) -> Mapping[str, DomesticRate]:
    if not has_awards(wh) or not codes:
        return MappingProxyType({})
    sql = _SQL.format(match=" OR ".join([_MATCH] * len(codes)))
    with wh.connect() as con:
        rows = con.execute(sql, [c for code in codes for c in (code, code)]).fetchall()
    return MappingProxyType({
        b: DomesticRate(buyer=b, sector=sector, share=share(int(k), int(n)), sources=tuple(src),
                        years=None if y0 is None else (int(y0), int(y1)))
        for b, n, k, src, y0, y1 in rows})


def domestic_rates(wh: Warehouse, sector: str) -> Mapping[str, DomesticRate]:
    """Buyer ISO3 → its domestic-winner rate for ``sector`` (an HS2/4/6 prefix); empty when
    the warehouse holds no award rows."""
    out: Mapping[str, DomesticRate] = cached(wh, ("domestic_rates", sector),
                                             lambda: _rates(wh, (sector,), sector))
    return out


def domestic_rates_for(wh: Warehouse, products: tuple[str, ...]) -> Mapping[str, DomesticRate]:
    """As :func:`domestic_rates` for contracts matching any of ``products`` (HS2/4/6 codes;
    a contract counts once however many codes it matches); ``sector`` is the codes joined
    by ``,``."""
    codes = tuple(dict.fromkeys(products))
    out: Mapping[str, DomesticRate] = cached(wh, ("domestic_rates_for", codes),
                                             lambda: _rates(wh, codes, ",".join(codes)))
    return out
