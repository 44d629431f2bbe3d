"""Locale-aware numbers, percentages, money and dates for pages and reports (Babel)."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_compact_decimal, format_currency, format_decimal, format_percent

from chuhai.i18n.languages import LANGUAGES

__all__ = ["Formatter"]


class Formatter:
    """Locale-aware formatting for templates and reports; ``None``/NaN shows as an en dash."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = Locale.parse(LANGUAGES[lang])

    @staticmethod
    def _missing(value: Any) -> bool:
        return value is None or (isinstance(value, float) and not math.isfinite(value))

    def number(self, value: Any, digits: int = 0) -> str:
        if self._missing(value):
            return "–"
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=fmt, locale=self.locale)

    def percent(self, value: Any, digits: int = 1) -> str:
        """``value`` is a fraction (0.125 -> 12.5 %)."""
        if self._missing(value):
            return "–"
        fmt = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return format_percent(value, format=fmt, locale=self.locale)

    def money(self, value: Any, currency: str = "USD", compact: bool = True) -> str:
        """Money in ``currency``; large amounts compact (US$1.2M / US$120万)."""
        if self._missing(value):
            return "–"
        if compact and abs(value) >= 100_000:
            num = format_compact_decimal(value, locale=self.locale, fraction_digits=1)
            symbol = self.locale.currency_symbols.get(currency, currency)
            return f"{symbol}{num}"
        return format_currency(value, currency, locale=self.locale)

    def date(self, value: Any) -> str:
        if self._missing(value):
            return "–"
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                return value
        if isinstance(value, datetime):
            return format_datetime(value, format="medium", locale=self.locale)
        if isinstance(value, date):
            return format_date(value, format="medium", locale=self.locale)
        return str(value)
