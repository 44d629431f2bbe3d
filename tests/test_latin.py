"""The Latin-word checker (chuhai.i18n.latin): what a Chinese text still shows in English."""

from __future__ import annotations

import re

import pytest

from chuhai.i18n.latin import ALLOW_FILE, allow_list, latin_words, visible_text


def test_plain_english_words_are_reported_once_in_order() -> None:
    assert latin_words("Ranked 1 of 105, strongest on demand; ranked again") == [
        "Ranked", "of", "strongest", "on", "demand", "ranked", "again"]


def test_chinese_with_codes_units_and_numbers_passes() -> None:
    text = "肯尼亚（KEN）HS12 902820 水表进口 US$6,570.95万，运距 1,200 km，重 3.5 t，FOB 价；数据：BACI、CEPII、DuckDB"
    assert latin_words(text) == []


@pytest.mark.parametrize("word", ["KE", "KEN", "CN", "CHN", "EUR", "MZN", "WLD"])
def test_iso_country_and_currency_codes_are_allowed(word: str) -> None:
    assert latin_words(f"国家 {word}") == []


def test_codes_are_case_sensitive() -> None:
    assert latin_words("ken Ken kg Kg") == ["ken", "Ken", "Kg"]


def test_markup_code_urls_and_entities_are_stripped() -> None:
    page = ('<!DOCTYPE html><html lang="zh"><head><style>body{font-family:sans}</style>'
            '<script>var chart = {"layout": "x"};</script></head>'
            '<body class="main"><a href="/markets?product=902820">市场</a>&nbsp;&amp;'
            '<code>chuhai plan scenario.toml</code> 见 `chuhai markets --json` 或 '
            'https://example.org/guide 与 help@example.org<!-- a comment --></body></html>')
    assert visible_text(page).split() == ["市场", "&", "见", "或", "与"]
    assert latin_words(page) == []


def test_visible_attributes_are_checked() -> None:
    page = '<input placeholder="Search products" name="q"><img alt="水表" src="a.png"><abbr title="Net present value">净现值</abbr>'
    assert latin_words(page) == ["Search", "products", "Net", "present", "value"]


def test_internal_ids_and_leaked_paths_are_reported() -> None:
    assert latin_words("模式 direct_export；未找到 /root/data/tariff.csv 中的关税行") == [
        "direct", "export", "root", "data", "tariff", "csv"]


def test_numbers_in_scientific_notation_leave_no_letter() -> None:
    assert latin_words("阈值 1e6，2.5E-3") == []


def test_hyphenated_words_pass_when_every_part_is_allowed() -> None:
    assert latin_words("CHN-KEN 双边，B-BBEE 等级") == []
    assert latin_words("direct-export") == ["direct-export"]


def test_the_users_own_input_is_allowed() -> None:
    assert latin_words("Acme Meters Ltd 中标，Beta 落选", allow=["Acme Meters Ltd"]) == ["Beta"]


def test_every_allow_group_says_why() -> None:
    lines = ALLOW_FILE.read_text(encoding="utf-8").splitlines()
    headers = [i for i, line in enumerate(lines) if re.fullmatch(r"\[[a-z_]+\]", line)]
    assert len(headers) >= 6
    for i in headers:
        assert lines[i + 1].startswith("# "), f"{lines[i]} has no comment saying why"


def test_allow_list_has_no_ordinary_english_words() -> None:
    allowed = allow_list()
    for word in ("the", "of", "and", "Ranked", "market", "export", "tariff", "price"):
        assert word not in allowed


def test_accented_letters_count_but_signs_do_not() -> None:
    assert latin_words("莫桑比克 Moçambique、Côte d’Ivoire，KEN × HS 9028，a ÷ b") == [
        "Moçambique", "Côte", "d’Ivoire", "a", "b"]


def test_a_cited_original_in_another_language_is_not_prose() -> None:
    page = ('<html lang="zh-CN"><p>莫桑比克第5/2016号法令 <cite lang="pt">Decreto n.º 5/2016</cite>'
            ' <span lang="zh">仍查 word</span> <cite>Lei 14.133</cite></p></html>')
    assert latin_words(page) == ["word", "Lei"]
    assert latin_words("第5/2016号法令（原文：Decreto n.º 5/2016 (8 Mar 2016)）与 Lei") == ["Lei"]
    assert latin_words("（原文 Decreto）") == ["Decreto"]  # only the marked form


def test_a_formula_passes_only_beside_its_chinese_name() -> None:
    named = '<th>相对距离（对数） <code class="formula">ln d_ij − mean ln d_jk</code></th>'
    assert latin_words(named) == []
    # the same expression as prose, or marked but with no Chinese name before it
    assert latin_words("相对距离 ln d_ij − mean ln d_jk") == ["ln", "d", "ij", "mean", "jk"]
    bare = '<table><tr><th><code class="formula">ln d_ij</code></th><td>0.05</td></tr></table>'
    assert latin_words(bare) == latin_words("ln d_ij") != []
    far = "相对距离" + "。" * 50 + ' <var class="formula">ln d</var>'
    assert latin_words(far) == ["ln", "d"]


def test_a_page_in_another_language_is_still_checked() -> None:
    assert latin_words('<html lang="en"><body lang="en"><p>guide</p></body></html>') == ["guide"]
