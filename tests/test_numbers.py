"""chuhai.numbers: money, percentages, people and prices against hand-computed texts, and
the English compact money and currency precisions against Babel (an independent reference)."""

from __future__ import annotations

import math

import pycountry
import pytest
from babel.numbers import format_compact_decimal, format_currency, get_currency_precision
from hypothesis import given
from hypothesis import strategies as st

from chuhai import numbers
from chuhai.i18n.formatting import Formatter
from chuhai.messages import Message, render, template


@pytest.mark.parametrize(("value", "text"), [
    (65_709_500, "US$6,570.95万"),        # 65,709,500 / 10^4 = 6,570.95
    (354_000_000, "3.54亿美元"),           # 354,000,000 / 10^8 = 3.54
    (100_000_000, "1.00亿美元"),
    (99_999_999, "1.00亿美元"),            # 9,999.9999万 would round to 10,000.00万: 亿
    (12_345, "US$1.23万"),                 # 1.2345 → 1.23
    (10_000, "US$1.00万"),
    (9_999.994, "US$9,999.99"),            # below 1万: cents
    (9_500, "US$9,500.00"),
    (-2_500_000, "-US$250.00万"),
    (1.5e12, "15,000.00亿美元"),
    (0, "US$0.00"),
])
def test_chinese_money_counts_in_wan_and_yi(value: float, text: str) -> None:
    assert numbers.money(value, "zh") == text


def test_chinese_money_in_other_currencies() -> None:
    assert numbers.money(2.5e8, "zh", "EUR") == "2.50亿欧元"
    assert numbers.money(5e6, "zh", "KES") == "KES500.00万"
    assert numbers.money(3e8, "zh", "MZN") == "3.00亿MZN"
    assert numbers.money(1250, "zh", "JPY") == "JP¥1,250"  # yen have no decimals


@pytest.mark.parametrize(("value", "text"), [
    (6_570_950, "US$6.6 M"), (1_234_000_000, "US$1.2 bn"), (999_999, "US$999,999"),
    (-3_200_000, "US$-3.2 M"), (512.4, "US$512"),
])
def test_english_message_money_keeps_the_json_contract(value: float, text: str) -> None:
    assert numbers.money(value, "en", style="usd", small_digits=0) == text


@pytest.mark.parametrize(("value", "text"), [
    (5.4e12, "US$5.4 T"), (2.25e9, "US$2.2 B"), (7.5e6, "US$7.5 M"), (5_400, "US$5.4 k"),
    (999, "US$999"),
])
def test_english_usdk_units(value: float, text: str) -> None:
    assert numbers.money(value, "en", style="usdk", small_digits=0) == text


@pytest.mark.parametrize("value", [100_000, 123_456, 999_949, 999_950, 1_000_000, 1.25e6,
                                   1.35e6, 12_345_678, 65_709_500, 3.54e8, 1e9, 2.5e12, 1e15])
def test_english_compact_money_matches_babel(value: float) -> None:
    expected = "$" + format_compact_decimal(value, locale="en", fraction_digits=1)
    assert numbers.money(value, "en") == expected
    assert numbers.money(-value, "en") == "-" + expected


@pytest.mark.parametrize(("value", "currency"), [(1234.5, "USD"), (1250, "JPY"), (1250.5, "KWD"),
                                                 (99_999, "USD"), (1234.5, "EUR"), (12, "GBP")])
def test_english_small_money_and_prices_match_babel(value: float, currency: str) -> None:
    assert numbers.money(value, "en", currency) == format_currency(value, currency, locale="en")
    assert numbers.price(value, "en", currency) == format_currency(value, currency, locale="en")
    assert numbers.price(value, "zh", currency) == format_currency(value, currency, locale="zh_CN")


def test_currency_precision_is_babels_for_every_iso_currency() -> None:
    for cur in pycountry.currencies:
        assert numbers.currency_digits(cur.alpha_3) == get_currency_precision(cur.alpha_3), cur.alpha_3


@pytest.mark.parametrize(("value", "kw", "zh", "en"), [
    (0.123, {}, "12.3%", "12.3%"),
    (0.04, {"change": True}, "+4.0%", "+4.0%"),
    (-0.025, {"change": True}, "-2.5%", "-2.5%"),
    (0.0, {"change": True}, "0.0%", "0.0%"),
    (0.0, {"change": True, "signed_zero": True}, "+0.0%", "+0.0%"),
    (0.12345, {"digits": 2}, "12.35%", "12.35%"),
])
def test_percentages(value: float, kw: dict, zh: str, en: str) -> None:
    digits = kw.pop("digits", 1)
    assert numbers.percent(value, "zh", digits, **kw) == zh
    assert numbers.percent(value, "en", digits, **kw) == en
    assert numbers.percent(value, "en", digits, unit_space=True, **kw) == en.replace("%", " %")
    assert numbers.percent(value, "zh", digits, unit_space=True, **kw) == zh  # never a space


def test_numbers_take_ints_and_decimals() -> None:
    from decimal import Decimal

    assert numbers.number(3, 2) == "3.00" and numbers.number(Decimal("1234.5"), 1) == "1,234.5"


def test_people_are_whole() -> None:
    assert numbers.people(1234.4, "zh") == "1,234人"
    assert numbers.people(1234.6, "en") == "1,235"
    assert numbers.people(0.4, "zh") == "0人"


@pytest.mark.parametrize("bad", [None, math.nan, math.inf, -math.inf])
def test_missing_values_are_a_dash_everywhere(bad: float | None) -> None:
    for lang in ("zh", "en"):
        assert numbers.money(bad, lang) == numbers.percent(bad, lang) == "–"
        assert numbers.people(bad, lang) == numbers.price(bad, lang) == numbers.number(bad) == "–"


@given(st.floats(min_value=-1e14, max_value=1e14, allow_nan=False))
def test_chinese_money_reads_back_to_the_amount(x: float) -> None:
    text = numbers.money(x, "zh")
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("-")
    if body.endswith("亿美元"):
        back, unit = float(body[:-3].replace(",", "")) * 1e8, 0.005e8
    elif body.endswith("万"):
        back, unit = float(body[3:-1].replace(",", "")) * 1e4, 0.005e4
    else:
        back, unit = float(body[3:].replace(",", "")), 0.005
    assert abs(sign * back - x) <= unit * 1.0001 + abs(x) * 1e-12


def test_message_kinds_format_through_the_language() -> None:
    tpl = template("test.numbers.kinds", "{a:usd} {b:usdk} {c:pct} {d:pct+} {e:people}")
    msg = tpl(a=65_709_500, b=3.54e8, c=0.5, d=-0.1, e=12.0)
    assert render(msg) == "US$65.7 M US$354.0 M 50.0 % -10.0 % 12"
    assert render(msg, "zh", lambda en: en) == "US$6,570.95万 3.54亿美元 50.0% -10.0% 12人"
    assert isinstance(msg, Message)


def test_the_page_formatter_delegates() -> None:
    zh, en = Formatter("zh"), Formatter("en")
    assert zh.money(354_000_000) == "3.54亿美元" and en.money(1.25e6) == "$1.2M"
    assert en.money(1.25e6, compact=False) == "$1,250,000.00"
    assert zh.percent(0.05, change=True) == "+5.0%" and zh.people(3) == "3人"
    assert zh.price(12.5) == "US$12.50" and en.number(1234567.891, 2) == "1,234,567.89"
