"""Numbers as a reader of each language reads them: money, percentages, people, prices.

One formatter for every renderer: message parameter kinds (:mod:`chuhai.messages`), the
pages' and reports' :class:`chuhai.i18n.formatting.Formatter` and the charts' axis and hover
texts (:mod:`chuhai.charts.style`) all call these functions, so a figure reads the same in a
sentence, a table and a chart.

Chinese (``lang="zh"``) counts in 万 (10⁴) and 亿 (10⁸)::

    money(65_709_500, "zh")   -> "US$6,570.95万"     (≥ 1万: 万 with two decimals)
    money(354_000_000, "zh")  -> "3.54亿美元"         (≥ 1亿: 亿 and the currency's name)
    money(9_500, "zh")        -> "US$9,500.00"       (below 1万: the currency's precision)

English keeps the outputs of the JSON and CLI contracts: the message kinds ``usd``
(``US$6.6 M``, ``US$1.2 bn``) and ``usdk`` (``US$5.4 T``), and the pages' compact money
(``$1.2M``). Percentages are fractions (0.123 → ``12.3%``); a change carries its sign
(``+4.0%``); English message texts keep their space before ``%`` (``12.3 %``). People are
whole numbers (``1,234人`` in Chinese). Missing values (``None``, NaN, ±inf) show as an en
dash everywhere. Only the standard library: this module is in the base layer.
"""

from __future__ import annotations

import math
from typing import Literal

__all__ = ["MISSING", "MoneyStyle", "currency_digits", "missing", "money", "money_tick", "number",
           "people", "percent", "price", "symbol"]

#: What a missing value shows as.
MISSING = "–"

#: English money styles: ``compact`` (pages: ``$1.2M``), ``usd`` (messages: ``US$6.6 M``,
#: ``US$1.2 bn``), ``usdk`` (messages: ``US$5.4 T``), ``full`` (``$1,234,567.00``).
MoneyStyle = Literal["compact", "usd", "usdk", "full"]

#: ISO 4217 minor units that are not 2 (the rest have two decimals), as Babel/CLDR give them.
_DIGITS = {
    **dict.fromkeys(("AFN", "ALL", "BIF", "CLP", "COP", "DJF", "GNF", "HUF", "IDR", "IQD", "IRR",
                     "ISK", "JPY", "KMF", "KPW", "KRW", "LAK", "LBP", "MGA", "MMK", "PYG", "RWF",
                     "SOS", "SYP", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF", "YER"), 0),
    **dict.fromkeys(("BHD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    **dict.fromkeys(("CLF", "UYW"), 4),
}
#: Currency symbols: (English, Chinese); a currency not listed shows its ISO code.
_SYMBOLS = {"USD": ("$", "US$"), "EUR": ("€", "€"), "GBP": ("£", "£"), "JPY": ("¥", "JP¥"),
            "CNY": ("CN¥", "¥"), "INR": ("₹", "₹")}
#: Chinese currency names after 亿 (3.54亿美元); other currencies keep their code.
_ZH_NAMES = {"USD": "美元", "EUR": "欧元", "CNY": "元", "GBP": "英镑", "JPY": "日元",
             "INR": "印度卢比", "HKD": "港元"}
_WAN, _YI = 1e4, 1e8


def missing(value: object) -> bool:
    """``None``, NaN or an infinity: a figure that is not there."""
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def currency_digits(currency: str) -> int:
    """The number of decimals ``currency`` is quoted in (ISO 4217 minor units)."""
    return _DIGITS.get(currency.upper(), 2)


def symbol(currency: str, lang: str) -> str:
    """The sign of ``currency`` in ``lang`` (``US$`` in Chinese, ``$`` in English)."""
    pair = _SYMBOLS.get(currency.upper())
    if pair is None:
        return currency.upper()
    return pair[1] if lang == "zh" else pair[0]


def number(value: float | None, digits: int = 0) -> str:
    """``value`` with thousands separators and ``digits`` decimals (``1,234,567.89``)."""
    if missing(value):
        return MISSING
    assert value is not None
    return f"{float(value):,.{digits}f}"


def _signed(sign: str, text: str) -> str:
    return f"-{text}" if sign else text


def money(value: float | None, lang: str, currency: str = "USD", *,
          style: MoneyStyle = "compact", small_digits: int | None = None) -> str:
    """An amount of ``currency`` as ``lang`` reads it.

    Chinese: ≥ 1亿 → ``3.54亿美元``; ≥ 1万 → ``US$6,570.95万``; below, the currency's own
    precision (``small_digits`` overrides it: the message kinds show whole dollars).
    English: see :data:`MoneyStyle`; ``style`` has no effect in Chinese.
    """
    if missing(value):
        return MISSING
    assert value is not None
    x = float(value)
    sign, a = ("-" if x < 0 else ""), abs(x)
    sym = symbol(currency, lang)
    digits = currency_digits(currency) if small_digits is None else small_digits
    if lang == "zh":
        name = _ZH_NAMES.get(currency.upper(), currency.upper())
        if a >= _YI or round(a / _WAN, 2) >= _WAN:  # 9,999.995万 would round to 10,000.00万
            return _signed(sign, f"{a / _YI:,.2f}亿{name}")
        if a >= _WAN:
            return _signed(sign, f"{sym}{a / _WAN:,.2f}万")
        return _signed(sign, f"{sym}{a:,.{digits}f}")
    if style == "usd":
        return _units(x, ((1e9, " bn"), (1e6, " M")), small_digits or 0)
    if style == "usdk":
        return _units(x, ((1e12, " T"), (1e9, " B"), (1e6, " M"), (1e3, " k")), small_digits or 0)
    if style == "compact" and round(a, digits) >= 100_000:
        return sign + sym + _compact(a)
    return _signed(sign, f"{sym}{a:,.{digits}f}")


def _units(x: float, units: tuple[tuple[float, str], ...], small_digits: int) -> str:
    """The message texts' US$ with units; the sign after ``US$`` as the JSON contract has it."""
    for div, unit in units:
        if abs(x) >= div:
            return f"US${x / div:,.1f}{unit}"
    return f"US${x:,.{small_digits}f}"


def _compact(a: float) -> str:
    """CLDR's short English form with one decimal, trailing zero dropped (``1.2M``, ``100K``)."""
    units = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))
    for i, (div, unit) in enumerate(units):
        if a >= div:
            text = f"{a / div:.1f}"
            if float(text) >= 1000 and i > 0:  # 999,950 → 1M, not 1000K
                div, unit = units[i - 1]
                text = f"{a / div:.1f}"
            return text.removesuffix(".0") + unit
    return f"{a:.1f}".removesuffix(".0")


def money_tick(value: float, lang: str) -> str:
    """A money axis tick, short and without the currency (the axis title names it):
    ``1.5亿``, ``2,500万``, ``800`` in Chinese; ``1.2M``, ``250K`` in English."""
    x = float(value)
    sign, a = ("-" if x < 0 else ""), abs(x)
    if lang == "zh":
        for div, unit in ((_YI, "亿"), (_WAN, "万")):
            if a >= div:
                return sign + _trim(f"{a / div:,.2f}") + unit
        return sign + _trim(f"{a:,.2f}")
    if a >= 1_000:
        return sign + _compact(a)
    return sign + _trim(f"{a:,.2f}")


def _trim(text: str) -> str:
    """``2.50`` -> ``2.5``, ``3.00`` -> ``3``."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(value: float | None, lang: str, digits: int = 1, *, change: bool = False,
            signed_zero: bool = False, unit_space: bool = False) -> str:
    """A fraction as a percentage (0.123 → ``12.3%``).

    ``change``: a difference, signed (``+4.0%``, ``-2.5%``; exactly zero unsigned unless
    ``signed_zero``). ``unit_space``: ``12.3 %``, as the English message texts write it
    (never in Chinese).
    """
    if missing(value):
        return MISSING
    assert value is not None
    p = float(value) * 100
    unit = " %" if unit_space and lang != "zh" else "%"
    signed = change and (signed_zero or p != 0)
    return f"{p:+.{digits}f}{unit}" if signed else f"{p:.{digits}f}{unit}"


def people(value: float | None, lang: str) -> str:
    """A number of people (jobs, workers): whole, with separators; ``人`` in Chinese."""
    if missing(value):
        return MISSING
    assert value is not None
    text = f"{round(float(value)):,d}"
    return f"{text}人" if lang == "zh" else text


def price(value: float | None, lang: str, currency: str = "USD") -> str:
    """A unit price to the currency's precision (``US$12.50``, ``JP¥1,250``, ``KWD1.250``)."""
    if missing(value):
        return MISSING
    assert value is not None
    x = float(value)
    return _signed("-" if x < 0 else "",
                   f"{symbol(currency, lang)}{abs(x):,.{currency_digits(currency)}f}")
