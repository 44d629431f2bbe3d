"""Money in millions in the entry planner's sentences reads as a Chinese reader reads it
(万/亿 through the one formatter), and jobs on the planner page are whole people (issue 10 §1)."""

from __future__ import annotations

from chuhai.entry.messages import USD_M
from chuhai.i18n.catalogs import message_text
from chuhai.numbers import money


def test_millions_in_chinese_use_wan_and_yi() -> None:
    for m in (8.1131, 354.2, 1.5, 0.75):
        assert message_text(USD_M(m=m), "zh") == money(m * 1e6, "zh", style="usd", small_digits=0)
    assert message_text(USD_M(m=8.1131), "zh") == "US$811.31万"
    assert message_text(USD_M(m=354.2), "zh") == "3.54亿美元"
    assert message_text(USD_M(m=8.1131), "en") == "$8.11 m"  # the English template unchanged
