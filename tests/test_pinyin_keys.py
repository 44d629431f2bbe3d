"""The shipped pinyin keys (scripts/derive_pinyin_keys.py) are pypinyin's, cover every
country, and spare the Chinese country look-up pypinyin's ~0.3 s import (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys

from chuhai.data.reference.countries import country_table
from chuhai.data.reference.names import _pinyin, pinyin_of, pinyin_table, sort_key


def test_every_shipped_key_is_pypinyins() -> None:
    table = pinyin_table()
    assert len(table) > 300
    wrong = {n: k for n, k in table.items() if k != pinyin_of(n)}
    assert not wrong, f"stale keys (run scripts/derive_pinyin_keys.py): {list(wrong)[:5]}"


def test_every_country_is_covered() -> None:
    missing = [c.name_zh for c in country_table() if c.name_zh and c.name_zh not in pinyin_table()]
    assert not missing, f"run scripts/derive_pinyin_keys.py: {missing[:5]}"


def test_a_name_not_in_the_table_falls_back_to_pypinyin() -> None:
    name = "东莞水表厂"  # the user's own name: not shipped
    assert name not in pinyin_table()
    assert _pinyin(name) == pinyin_of(name) == "dong1 guan3 shui3 biao3 chang3"
    # order as a Chinese reader expects: 阿 (a) < 巴 (ba) < 中 (zhong)
    assert sorted(["中国", "巴西", "阿根廷"], key=lambda n: sort_key(n, "zh")) == ["阿根廷", "巴西", "中国"]


def test_the_chinese_country_lookup_does_not_import_pypinyin() -> None:
    env = {**os.environ, "COLUMNS": "120"}
    res = subprocess.run([sys.executable, "-X", "importtime", "-m", "chuhai", "--lang", "zh-CN",
                          "countries", "--region", "South Asia"],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    assert "印度" in res.stdout
    assert "pypinyin" not in res.stderr
