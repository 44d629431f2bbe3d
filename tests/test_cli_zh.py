"""Every CLI command in zh-CN, over a demo warehouse and the shipped examples, shows no
Latin-letter word outside the allow-list (chuhai.i18n.latin) and the user's own input.

What counts as the user's own input: the names in the file they gave (scenario, firm,
components, bidders), the paths and file names they passed, the query they typed. Option
names (``--json``) and shell commands in backticks are what the user types, not prose.
``chuhai countries`` is a bilingual look-up: its English-name and capital columns are the
other language on purpose. No case is marked xfail: every command reads as Chinese.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.i18n.latin import latin_words
from test_markets_support import build, world

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TENDERS = sorted((EXAMPLES / "tenders").glob("*.toml"))
SCENARIOS = sorted(EXAMPLES.glob("*.toml"))
#: what the user types, stripped before the check: options and commands in backticks
_TYPED = re.compile(r"--[a-z][a-z-]*|`[^`]*`")

@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-zh")
    build(path, demo=True, **world(seed=11))
    return path


def _names(obj: Any) -> list[str]:
    """The user's own names in an input file: every name/bidder/label string."""
    if isinstance(obj, dict):
        return [v for k, v in obj.items() if k in ("name", "bidder", "label") and isinstance(v, str)] + \
            [n for v in obj.values() for n in _names(v)]
    if isinstance(obj, list):
        return [n for v in obj for n in _names(v)]
    return []


def _own(path: Path) -> list[str]:
    return _names(tomllib.loads(path.read_text("utf-8")))


def run_zh(*args: str, allow: list[str] | None = None) -> list[str]:
    res = CliRunner().invoke(app, ["--lang", "zh-CN", *args], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    return latin_words(_TYPED.sub(" ", res.output), allow=[*(allow or []), *args])


def test_countries_lookup() -> None:
    from chuhai.data.reference.countries import list_countries

    other = [w for c in list_countries(region="South Asia") for w in (c.name_en, c.capital or "")]
    assert run_zh("countries", "--region", "South Asia", allow=other) == []
    assert run_zh("countries", "吉尔吉斯斯坦", allow=["Kyrgyzstan", "Bishkek"]) == []


def test_products_search() -> None:
    assert run_zh("products", "search", "水表") == []
    assert run_zh("products", "search", "阀门", "-n", "5") == []


def _imports(home: Path) -> list[str]:
    """The user's own data: import ids, file and source names of the warehouse's imports."""
    from chuhai.data.warehouse import Warehouse

    return [f"{r['import_id']} {r['file']} {r['source']}" for r in Warehouse(home).provenance()]


def test_data_info(home: Path) -> None:
    assert run_zh("data", "info", "-w", str(home), allow=[str(home), *_imports(home)]) == []


def test_data_list(home: Path) -> None:
    assert run_zh("data", "list", "-w", str(home), allow=[str(home), *_imports(home)]) == []


def test_markets(home: Path) -> None:
    assert run_zh("markets", "--product", "902820", "--exporter", "中国", "-w", str(home)) == []


def test_products_adjacent(home: Path) -> None:
    assert run_zh("products", "adjacent", "-e", "CHN", "-w", str(home), "--top", "5") == []


def test_batch_and_world_summaries(home: Path, tmp_path: Path) -> None:
    portfolio = tmp_path / "portfolio.csv"
    portfolio.write_text("firm,home,products\n甲厂,CHN,902820\n", encoding="utf-8")
    assert run_zh("batch", str(portfolio), "-o", str(tmp_path / "out"), "-w", str(home)) == []
    world_dir = str(tmp_path / "world")
    assert run_zh("markets", "world", "-o", world_dir, "-w", str(home)) == []
    assert run_zh("markets", "--exporter", "CHN", "--diversify", "--world", world_dir,
                  "-w", str(home)) == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_plan(scenario: Path) -> None:
    assert run_zh("plan", str(scenario), allow=_own(scenario)) == []


def test_tender_rules() -> None:
    from chuhai.tenders import list_rulepacks

    assert run_zh("tender", "rules", allow=[p.id for p in list_rulepacks()]) == []


def test_tender_rule() -> None:
    assert run_zh("tender", "rule", "mz-decree-5-2016") == []


@pytest.mark.parametrize("tender", TENDERS, ids=lambda p: p.stem)
@pytest.mark.parametrize("command", ["evaluate", "simulate", "optimise"])
def test_tender(command: str, tender: Path) -> None:
    runs = [] if command == "evaluate" else ["--runs", "200"]
    assert run_zh("tender", command, str(tender), *runs, allow=_own(tender)) == []


def test_errors_in_chinese() -> None:
    res = CliRunner().invoke(app, ["--lang", "zh-CN", "markets", "--product", "water meter",
                                   "--exporter", "CHN"])
    assert res.exit_code == 1
    text = str(res.exception)
    assert "海关编码" in text and "902820" in text
    assert latin_words(_TYPED.sub(" ", text), allow=["water meter"]) == []


def test_report_with_the_mozambique_scenario_and_tender(tmp_path: Path) -> None:
    """The HTML report of the Mozambique story (plan + tender) in zh-CN: rule-pack texts,
    regimes and bidders in Chinese, over a demo warehouse."""
    from chuhai.data.demo import build_demo
    from chuhai.data.warehouse import Warehouse

    wh = tmp_path / "wh"
    build_demo(Warehouse(wh), chapters=("90",))
    out = tmp_path / "r.html"
    res = CliRunner().invoke(app, ["--lang", "zh-CN", "report", "--product", "902820", "--market", "MOZ",
                                   "--scenario", str(EXAMPLES / "mozambique-water-meters.toml"),
                                   "--tender", str(TENDERS[-2]), "--html", str(out), "-w", str(wh)])
    assert res.exit_code == 0, res.output
    assert TENDERS[-2].stem == "mozambique-water-meters"
    assert latin_words(out.read_text("utf-8")) == []
