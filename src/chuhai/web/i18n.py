"""Languages: Babel catalogs for UI strings, locale-aware numbers, money and dates.

Catalogs live in ``chuhai/web/locale/<locale>/LC_MESSAGES/messages.po``; the
compiled ``.mo`` files are committed beside them (``python -m chuhai.web.i18n
compile`` rebuilds them), so a fresh install works without a build step.
"""

from __future__ import annotations

import math
import sys
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_compact_decimal, format_currency, format_decimal, format_percent
from babel.support import Translations
from starlette.requests import Request

from chuhai.errors import ChuhaiError
from chuhai.web.settings import LANGUAGES

__all__ = ["LANG_COOKIE", "LOCALE_DIR", "Formatter", "compile_catalogs", "pick_language", "translations"]

LOCALE_DIR = Path(__file__).parent / "locale"
LANG_COOKIE = "lang"


@cache
def translations(lang: str) -> Translations:
    """The compiled catalog for ``lang`` ("zh" or "en")."""
    loaded = Translations.load(str(LOCALE_DIR), [LANGUAGES[lang]], domain="messages")
    if not isinstance(loaded, Translations):  # catalog missing: a broken install, say so
        raise ChuhaiError(f"UI catalog for {lang} not found under {LOCALE_DIR}; reinstall chuhai")
    return loaded


def pick_language(request: Request, default: str) -> str:
    """``?lang=`` beats the ``lang`` cookie beats ``Accept-Language`` beats the default."""
    for cand in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if cand in LANGUAGES:
            return cand
    accept = request.headers.get("accept-language", "").lower()
    if accept.startswith("en"):
        return "en"
    if accept.startswith("zh"):
        return "zh"
    return default


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


def compile_catalogs() -> list[Path]:
    """Compile every ``messages.po`` under :data:`LOCALE_DIR` to ``messages.mo``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = []
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")):
        with open(po, "rb") as fh:
            catalog = read_po(fh)
        mo = po.with_suffix(".mo")
        with open(mo, "wb") as fh:
            write_mo(fh, catalog)
        out.append(mo)
    translations.cache_clear()
    return out


if __name__ == "__main__":  # pragma: no cover - maintenance command
    if sys.argv[1:] == ["compile"]:
        for path in compile_catalogs():
            print(path)
