"""Locale-aware numbers, percentages, money and dates for pages and reports: numbers through
:mod:`chuhai.numbers` (the one formatter), dates through Babel."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime

from chuhai import numbers
from chuhai.i18n.languages import LANGUAGES

__all__ = ["Formatter"]


class Formatter:
    """Locale-aware formatting for templates and reports; ``None``/NaN shows as an en dash."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = Locale.parse(LANGUAGES[lang])

    @staticmethod
    def _missing(value: Any) -> bool:
        return numbers.missing(value)

    def number(self, value: Any, digits: int = 0) -> str:
        return numbers.number(value, digits)

    def percent(self, value: Any, digits: int = 1, change: bool = False) -> str:
        """``value`` is a fraction (0.125 -> 12.5%); ``change`` signs it (+4.0%)."""
        return numbers.percent(value, self.lang, digits, change=change)

    def money(self, value: Any, currency: str = "USD", compact: bool = True) -> str:
        """Money in ``currency``: 万/亿 in Chinese (US$6,570.95万, 3.54亿美元); in English
        large amounts compact (US$1.2M) unless ``compact`` is false."""
        return numbers.money(value, self.lang, currency, style="compact" if compact else "full")

    def people(self, value: Any) -> str:
        """Whole people (jobs, workers): 1,234 / 1,234人."""
        return numbers.people(value, self.lang)

    def price(self, value: Any, currency: str = "USD") -> str:
        """A unit price to the currency's precision (US$12.50, JP¥1,250)."""
        return numbers.price(value, self.lang, currency)

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
