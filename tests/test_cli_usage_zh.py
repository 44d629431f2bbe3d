"""Click's usage errors in Chinese (issue 10): the bundled parser's English texts are read
back against chuhai.commands.usage.PATTERNS and written from the cli catalog; English stays
Click's own wording."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.commands.lang import t, use
from chuhai.commands.usage import MSGIDS, PATTERNS, translate
from chuhai.i18n.latin import latin_words

_TYPED = re.compile(r"--[a-z][a-z-]*|`[^`]*`|'[^']*'")


def _panel(output: str) -> str:
    """The error panel's text (the usage line above it is the command's syntax)."""
    return " ".join(line.strip("│ ") for line in output.splitlines() if line.startswith("│"))


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["markets", "--nope"], "没有这个选项", "No such option: --nope"),
    (["markets", "--top", "abc", "--product", "902820"], "整数", "integer"),
    (["markets", "--product"], "需要一个值", "requires an argument"),
    (["plan"], "缺少参数", "Missing argument"),
    (["markets", "--top", "0", "--product", "902820"], "不能小于 1", "greater than or equal to 1"),
])
def test_usage_errors_in_both_languages(args: list[str], zh: str, en: str) -> None:
    res = CliRunner().invoke(app, ["--lang", "zh-CN", *args], env={"COLUMNS": "200"})
    assert res.exit_code == 2
    panel = _panel(res.output)
    assert zh in panel, res.output
    assert latin_words(_TYPED.sub(" ", panel), allow=args) == [], panel
    res = CliRunner().invoke(app, ["--lang", "en", *args], env={"COLUMNS": "200"})
    assert res.exit_code == 2 and en in _panel(res.output), res.output


def test_every_pattern_is_a_catalog_entry_with_its_fields() -> None:
    use("zh")
    try:
        for pattern, msgid in PATTERNS:
            assert msgid in MSGIDS
            assert t(msgid) != msgid, msgid  # translated
            assert set(re.findall(r"\{(\w+)\}", msgid)) == set(pattern.groupindex), msgid
    finally:
        use("en")


def test_an_unknown_text_is_left_as_click_wrote_it() -> None:
    assert translate("Something Click says now", lambda s: "X") == "Something Click says now"
    # nested: the reason inside "Invalid value for" is translated too
    zh = {"Invalid value for {param}: {message}": "{param} 无效：{message}",
          "{value} is not a valid {kind}.": "{value} 不是{kind}", "int": "整数"}
    assert translate("Invalid value for '--top': 'x' is not a valid int.",
                     lambda s: zh.get(s, s)) == "'--top' 无效：'x' 不是整数"


@pytest.mark.parametrize("args", [["markets", "--top", "abc"], ["plan"], ["markets", "--help"]])
def test_the_usage_line_in_both_languages(args: list[str]) -> None:
    res = CliRunner().invoke(app, ["--lang", "zh-CN", *args], env={"COLUMNS": "200"})
    usage = next(line.strip() for line in res.output.splitlines() if "chuhai" in line)
    assert usage.startswith("用法：chuhai "), res.output
    assert "Usage" not in res.output and "[OPTIONS]" not in res.output and "[选项]" in usage
    # the command path and Typer's argument placeholders ({scenario}: a parameter's name) stay
    assert latin_words(re.sub(r"\{\w+\}|chuhai", " ", usage), allow=tuple(args)) == [], usage
    en = CliRunner().invoke(app, ["--lang", "en", *args], env={"COLUMNS": "200"})
    assert "Usage: chuhai " in en.output and "[OPTIONS]" in en.output and "用法" not in en.output
