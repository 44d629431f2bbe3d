"""A currency's official rate per US dollar for a year, from the rates a warehouse stores
per country (indicator ``fx_lcu_per_usd``, WDI PA.NUS.FCRF) and ``ocds.toml``: the one
country that issues it ([currencies]), the members of its monetary union ([currency_unions],
the median of their stored rates), or a fixed parity ([pegs]): a pegged currency's rate
gives its anchor's (EUR per USD = XOF per USD / 655.957) and the anchor's gives it. None
where no such rate is stored; callers flag the amount (``usd_flag`` 'no_rate')."""

from __future__ import annotations

import statistics
from collections.abc import Mapping

from chuhai.data.reference.ocds import ocds_reference

__all__ = ["UsdRates"]


class UsdRates:
    """``rate(currency, year)`` -> units of ``currency`` per USD, or None."""

    def __init__(self, by_country: Mapping[tuple[str, int], float]) -> None:
        ref = ocds_reference()
        self._table = dict(by_country)
        self._issuers = ref.currencies
        self._unions = ref.currency_unions
        self._pegs = ref.pegs

    def _direct(self, currency: str, year: int) -> float | None:
        iso3 = self._issuers.get(currency)
        if iso3 is not None:
            return self._table.get((iso3, year))
        members = self._unions.get(currency, ())
        found = [r for m in members if (r := self._table.get((m, year))) is not None]
        return statistics.median(found) if found else None

    def _anchor(self, anchor: str, year: int, skip: str | None = None) -> float | None:
        """Units of ``anchor`` per USD: its own rate, else a currency pegged to it."""
        own = self._direct(anchor, year)
        if own is not None:
            return own
        for cur, peg in sorted(self._pegs.items()):
            if cur != skip and peg.anchor == anchor and year >= peg.since:
                rate = self._direct(cur, year)
                if rate is not None:
                    return rate / peg.units
        return None

    def rate(self, currency: str, year: int) -> float | None:
        code = currency.upper()
        direct = self._direct(code, year)
        if direct is not None:
            return direct
        peg = self._pegs.get(code)
        if peg is not None and year >= peg.since:
            anchor = self._anchor(peg.anchor, year, skip=code)
            return None if anchor is None else anchor * peg.units
        if any(p.anchor == code for p in self._pegs.values()):
            return self._anchor(code, year)
        return None

    __call__ = rate
