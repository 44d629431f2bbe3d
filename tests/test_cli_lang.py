"""The CLI's language (--lang, CHUHAI_LANG, the locale), its catalog, tables that fit the
terminal, and the flags of issue 10 (--version, countries --warehouse, serve on a busy port,
--product words, --exporter names)."""

from __future__ import annotations

import json
import os
import re
import socket
import string
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.commands.lang import LangError, choose, parse_lang, use
from chuhai.errors import NotFoundError, WarehouseError
from test_markets_support import build, world

ROOT = Path(__file__).resolve().parents[1]
CLI_PO = ROOT / "src" / "chuhai" / "i18n" / "locale" / "zh_CN" / "LC_MESSAGES" / "cli.po"
runner = CliRunner()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-lang")
    build(path, demo=True, **world(seed=11))
    return path


@pytest.mark.parametrize(("option", "env", "expected"), [
    ("zh-CN", {"CHUHAI_LANG": "en"}, "zh"),               # the option first
    ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
    (None, {"CHUHAI_LANG": "zh_CN", "LANG": "en_US.UTF-8"}, "zh"),  # then CHUHAI_LANG
    (None, {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),  # then the locale, LC_ALL first
    (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
    (None, {"LANG": "C.UTF-8"}, "en"),
    (None, {}, "en"),
])
def test_language_choice(option: str | None, env: dict[str, str], expected: str) -> None:
    assert choose(option, env) == expected


def test_language_spellings_and_unknown() -> None:
    use("en")  # the language a previous command in this process chose stays until the next
    assert {parse_lang(x) for x in ("zh-CN", "zh_CN", "zh", "ZH-Hans", "zh_CN.UTF-8")} == {"zh"}
    assert {parse_lang(x) for x in ("en", "en-GB", "en_US")} == {"en"}
    with pytest.raises(LangError, match="zh-CN or en"):
        parse_lang("fr")
    res = runner.invoke(app, ["--lang", "fr", "countries", "KG"])
    assert res.exit_code == 1 and isinstance(res.exception, NotFoundError)


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def test_cli_catalog_complete_with_the_same_placeholders() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import cli_catalog
    finally:
        sys.path.pop(0)
    with CLI_PO.open("rb") as fh:
        po = {m.id: m.string for m in read_po(fh) if m.id}
    wanted = cli_catalog.msgids()
    assert len(wanted) > 200  # the extraction found the t() calls and the help texts
    # t('...') inside an f-string too (commands/markets.py prints f"{t('note:')} ...")
    assert "note:" in wanted
    missing = [m for m in wanted if not po.get(m)]
    assert not missing, f"untranslated in cli.po (run scripts/cli_catalog.py, then translate): {missing}"
    for msgid in wanted:
        assert _fields(po[msgid]) == _fields(msgid), msgid


def test_countries_table_in_both_languages() -> None:
    zh = runner.invoke(app, ["--lang", "zh-CN", "countries", "Mozambique"], env={"COLUMNS": "200"})
    assert zh.exit_code == 0, zh.output
    assert "中文名" in zh.stdout and "莫桑比克" in zh.stdout and "撒哈拉以南非洲" in zh.stdout
    en = runner.invoke(app, ["countries", "Mozambique"], env={"COLUMNS": "200", "CHUHAI_LANG": "en"})
    assert "English name" in en.stdout and "Sub-Saharan Africa" in en.stdout
    assert en.stdout.index("English name") < en.stdout.index("Chinese name")
    assert zh.stdout.index("中文名") < zh.stdout.index("英文名")


def test_help_in_chinese() -> None:
    res = runner.invoke(app, ["--lang", "zh", "markets", "--help"], env={"COLUMNS": "120"})
    assert res.exit_code == 0
    assert "出口国" in res.stdout and "显示本帮助后退出" in res.stdout and "选项" in res.stdout, res.stdout
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LANG": "zh_CN.UTF-8", "COLUMNS": "120"}
    env.pop("CHUHAI_LANG", None)
    proc = subprocess.run([sys.executable, "-m", "chuhai", "--help"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and "卖到哪里" in proc.stdout and "命令" in proc.stdout


def test_version() -> None:
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout.strip() == f"chuhai {version('chuhai')}"


def test_countries_takes_warehouse(home: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["countries", "KGZ", "--warehouse", str(home), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["resolved"] == "KGZ"
    missing = runner.invoke(app, ["countries", "KGZ", "--warehouse", str(tmp_path / "none")])
    assert missing.exit_code == 1 and isinstance(missing.exception, WarehouseError)


def _markets(home: Path, *extra: str, env: dict[str, str] | None = None) -> str:
    res = runner.invoke(app, [*extra, "markets", "--product", "902820", "--exporter", "CHN",
                              "--years", "2019-2023", "--warehouse", str(home)], env=env)
    assert res.exit_code == 0, res.output
    return res.stdout


def _table_lines(out: str) -> list[str]:
    lines = out.splitlines()
    rule = next(i for i, ln in enumerate(lines) if set(ln.strip()) == {"─"})
    return lines[rule - 1: rule + 11]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tables_fit_80_columns_and_never_cut_the_figures(home: Path, lang: str) -> None:
    scan = json.loads(runner.invoke(app, ["markets", "--product", "902820", "--exporter", "CHN",
                                          "--years", "2019-2023", "--warehouse", str(home),
                                          "--json"]).stdout)
    narrow = _markets(home, "--lang", lang, env={"COLUMNS": "80"})
    table = _table_lines(narrow)
    assert max(len(ln.rstrip()) for ln in table) <= 80, "\n".join(table)
    assert "…" not in "\n".join(table)
    for m in scan["markets"][:5]:  # rank, market code and score of every row are there, whole
        row = next(ln for ln in table if re.search(rf"\b{m['importer']}\b", ln))
        assert re.match(rf"\s*{m['rank']}\s", row) and f" {m['score']:.0f} " in f"{row} "
    hidden = "not shown at 80 columns" if lang == "en" else "终端宽 80 列，未显示"
    assert hidden in narrow
    wide = _markets(home, "--lang", lang, env={"COLUMNS": "200"})
    assert "not shown at" not in wide and "未显示" not in wide
    assert ("avg tariff" if lang == "en" else "平均关税") in wide


def test_piped_output_fits_80_columns(home: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LANG": "C.UTF-8"}
    env.pop("COLUMNS", None)
    proc = subprocess.run([sys.executable, "-m", "chuhai", "--lang", "zh-CN", "markets", "--product",
                           "902820", "--exporter", "中国", "--years", "2019-2023", "--warehouse",
                           str(home)], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    table = _table_lines(proc.stdout)
    assert max(len(ln.rstrip()) for ln in table) <= 80 and "…" not in "\n".join(table)
    assert "市场" in proc.stdout and "演示数据" in proc.stderr


def test_exporter_names_resolve_and_unknown_is_refused(home: Path) -> None:
    for name in ("中国", "CHINA", "cn"):
        res = runner.invoke(app, ["markets", "--product", "902820", "--exporter", name, "--years",
                                  "2019-2023", "--warehouse", str(home), "--json"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout)["exporter"] == "CHN"
    bad = runner.invoke(app, ["markets", "--product", "902820", "--exporter", "XXX", "--warehouse",
                              str(home)])
    assert bad.exit_code == 1 and isinstance(bad.exception, NotFoundError)
    assert "XXX" in str(bad.exception)


def test_product_words_point_to_products_search(home: Path) -> None:
    res = runner.invoke(app, ["markets", "--product", "water meter", "--exporter", "CHN",
                              "--warehouse", str(home)])
    assert res.exit_code == 1 and isinstance(res.exception, NotFoundError)
    text = str(res.exception)
    assert 'chuhai products search "water meter"' in text and "902820" in text


def test_serve_on_a_busy_port_is_one_line_exit_3(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CHUHAI_HOME": str(tmp_path)}
        proc = subprocess.run([sys.executable, "-m", "chuhai", "serve", "--port", str(port)], env=env,
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0] and "--port" in lines[0]
    assert "Traceback" not in proc.stderr


def test_markets_html_in_the_chosen_language(home: Path, tmp_path: Path) -> None:
    zh, en = tmp_path / "zh.html", tmp_path / "en.html"
    for lang, page in (("zh-CN", zh), ("en", en)):
        res = runner.invoke(app, ["--lang", lang, "markets", "--product", "902820", "--exporter", "CHN",
                                  "--years", "2019-2023", "--warehouse", str(home), "--html", str(page)])
        assert res.exit_code == 0, res.output
    zh_text, en_text = zh.read_text("utf-8"), en.read_text("utf-8")
    assert "<html lang='zh-CN'>" in zh_text and "各市场及其理由" in zh_text and "前六名基准" in zh_text
    assert "Every market, with its reasons" not in zh_text
    assert "Every market, with its reasons" in en_text and "各市场及其理由" not in en_text
