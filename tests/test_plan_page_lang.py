"""`chuhai plan --html` writes the offline plan page in the CLI's language (issue 10): in
zh-CN no Latin word outside the allow-list and the scenario's own names; in English the
English words."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.i18n.latin import latin_words

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.toml"))


def _own(path: Path) -> list[str]:
    doc = tomllib.loads(path.read_text("utf-8"))
    names = [doc.get("name", "")] + [c.get("name", "") for c in doc.get("components", [])]
    return [n for n in names if n]


@pytest.mark.parametrize("scenario", EXAMPLES, ids=lambda p: p.stem)
def test_the_offline_plan_page_is_chinese_in_chinese(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    res = CliRunner().invoke(app, ["--lang", "zh-CN", "plan", str(scenario), "--html", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text("utf-8")
    assert "<html lang='zh-CN'>" in page and "各模式对比" in page and "图表" in page
    body = page.split("</script>", 1)[1]  # the inlined Plotly library is code, not prose
    assert latin_words(body, allow=_own(scenario)) == []


def test_the_offline_plan_page_in_english(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    res = CliRunner().invoke(app, ["--lang", "en", "plan", str(EXAMPLES[0]), "--html", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text("utf-8")
    assert "<html lang='en'>" in page and "Comparison" in page and "各模式对比" not in page
