"""Per row: who wins the public contracts of each ranked market for the row's products,
where the warehouse's award data (#9) covers the market: the domestic-winner share with
its count and 95 % Wilson interval (the read side's :func:`domestic_rates_for`; the share
itself is :func:`chuhai.data.queries.shares.share`)."""

from __future__ import annotations

from collections.abc import Iterable

from chuhai.batch.results import DomesticWinners
from chuhai.data.queries.award_rates import domestic_rates_for
from chuhai.data.queries.shares import SMALL_SAMPLE
from chuhai.data.warehouse import Warehouse

__all__ = ["domestic_winners"]


def domestic_winners(wh: Warehouse, products: str,
                     importers: Iterable[str]) -> dict[str, DomesticWinners]:
    """Importer → its domestic winners for ``products`` (a row's spec, ``902820,8481``),
    for the importers with at least one award row with a known supplier country."""
    codes = tuple(c for c in products.split(",") if c)
    rates = domestic_rates_for(wh, codes)
    out = {}
    for iso in importers:
        rate = rates.get(iso)
        if rate is None or rate.share.n == 0:
            continue
        s = rate.share
        out[iso] = DomesticWinners(products=products, k=s.k, n=s.n, share=s.share, low=s.low,
                                   high=s.high, small_sample=s.n < SMALL_SAMPLE,
                                   sources=rate.sources, years=rate.years)
    return out
