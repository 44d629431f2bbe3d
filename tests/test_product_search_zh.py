"""Product search in Chinese and without spaces, HS descriptions in Chinese (hs_zh.toml)
checked against the HS 2022 nomenclature, and no mineral waters or perfumes for "water
meter"."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from chuhai.data.reference import hs_descriptions, search_products, zh_description
from chuhai.data.reference.hs_zh import hs_zh, hs_zh_entries
from factories import make_warehouse

CJK = re.compile(r"[\u4e00-\u9fff]")
WATERS = ("2201", "2202", "3303")  # mineral and aerated waters, waters with sugar, perfumes and toilet waters


def _codes(query: str, **kw: object) -> list[str]:
    return [m.hs6 for m in search_products(query, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["水錶", "水表", "智能水表", "智能水錶", "watermeter", "WaterMeter",
                                   "water-meter", "smartwatermeter", "water meter"])
def test_water_meter_in_any_spelling(query: str) -> None:
    assert _codes(query)[0] == "902820"


@pytest.mark.parametrize(("query", "prefix"), [
    ("变压器", "8504"), ("變壓器", "8504"), ("电缆", "8544"), ("電纜", "8544"), ("阀门", "8481"),
    ("閥門", "8481"), ("水泵", "8413"), ("电表", "902830"), ("電錶", "902830"), ("法兰", "7307"),
    ("断路器", "853620"), ("配电柜", "8537"), ("光缆", "854470"), ("电机", "8501"),
])
def test_chinese_keywords(query: str, prefix: str) -> None:
    hits = _codes(query)
    assert hits and hits[0].startswith(prefix), (query, hits)


def test_transformer_finds_every_transformer_subheading() -> None:
    expected = {c for c in hs_descriptions() if c[:5] in ("85042", "85043")}
    assert len(expected) == 7
    best = [m.hs6 for m in search_products("变压器", limit=100) if m.score == 1.0]
    assert set(best) == expected
    assert _codes("变压器")[:7] == sorted(expected)


def test_chinese_descriptions_are_searched() -> None:
    # 液量计 appears only in the Chinese text of 902820 (and its heading's parts), not in a term
    assert "902820" in _codes("液量计")
    assert _codes("计量仪表")[:4] == ["902810", "902820", "902830", "902890"]


def test_no_waters_or_perfumes_for_water_meter_packaged() -> None:
    for query in ("water meter", "water meters", "watermeter", "水表"):
        hits = _codes(query, limit=100)
        assert hits and not [h for h in hits if h.startswith(WATERS)], (query, hits)
    # the words still find those products on their own
    assert _codes("mineral water")[0].startswith("2201")
    assert _codes("perfume")[0].startswith("3303")


def test_no_waters_or_perfumes_for_water_meter_in_a_warehouse(tmp_path: Path) -> None:
    wh = make_warehouse(tmp_path, products=[
        {"hs6": "220110", "hs_revision": "HS17", "description": "Waters; mineral and aerated, not sweetened"},
        {"hs6": "330300", "hs_revision": "HS17", "description": "Perfumes and toilet waters"},
        {"hs6": "902820", "hs_revision": "HS17", "description": "Meters; liquid supply or production meters"},
        {"hs6": "902830", "hs_revision": "HS17", "description": "Meters; electricity supply or production meters"},
        {"hs6": "902610", "hs_revision": "HS17", "description": "Instruments; for measuring the flow of liquids"},
    ])
    assert _codes("water meter", warehouse=wh) == ["902820"]
    assert _codes("水錶", warehouse=wh) == ["902820"]
    assert _codes("water", warehouse=wh)[:2] == ["220110", "330300"]  # one word: every product with it


@pytest.mark.shared
def test_no_waters_or_perfumes_over_the_real_baci_product_list(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "baci-v202501-hs22" / "product_codes_HS22_V202501.csv"
    with path.open(encoding="utf-8") as f:
        rows = [{"hs6": r["code"].zfill(6), "hs_revision": "HS22", "description": r["description"]}
                for r in csv.DictReader(f)]
    wh = make_warehouse(tmp_path, products=rows)
    hits = _codes("water meter", warehouse=wh, limit=100)
    assert hits[0] == "902820" and not [h for h in hits if h.startswith(WATERS)]
    assert _codes("智能水表", warehouse=wh)[0] == "902820"


def test_hs_zh_covers_chapters_headings_and_subheadings() -> None:
    hs22 = hs_descriptions()
    chapters = {f"{i:02d}" for i in range(1, 98)}
    headings = {c[:4] for c in hs22 if c[:2] in ("73", "84", "85", "90")}
    subheadings = {c for c in hs22 if c[:4] in ("8481", "9028", "8413", "8504", "8544", "7307")}
    assert len(headings) > 150 and len(subheadings) > 45
    have = set(hs_zh_entries())
    assert chapters - have == set()
    assert headings - have == set()
    assert subheadings - have == set()
    # nothing but those, and no code the HS 2022 nomenclature lacks
    stray = {c for c in have if len(c) > 2 and c not in headings | subheadings}
    assert stray == set()


def test_hs_zh_entries_are_chinese_with_a_confidence() -> None:
    for code, e in hs_zh_entries().items():
        assert e.confidence in ("H", "M", "L"), code
        # Latin only as the tariff has it: bracketed acronyms (发光二极管（LED）) and single
        # letters (U形钉, X射线)
        assert CJK.search(e.zh) and not re.search(r"[A-Za-z]{2,}", re.sub(r"（[A-Z]+）", "", e.zh)), (code, e.zh)


def test_zh_description_falls_back_to_heading_then_chapter() -> None:
    own = hs_zh("902820")
    assert own is not None and zh_description("902820") == own.zh
    heading = hs_zh("8471")
    assert heading is not None and zh_description("847130") == f"{heading.zh}（8471 项下）"
    chapter = hs_zh("01")
    assert chapter is not None and zh_description("010121") == f"{chapter.zh}（第 01 章）"
    assert search_products("902820")[0].description_zh == own.zh


def test_cli_products_table_shows_chinese_descriptions(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chuhai.cli import app

    none = str(tmp_path / "none")
    zh = CliRunner().invoke(app, ["--lang", "zh-CN", "products", "search", "水錶", "--warehouse", none],
                            env={"COLUMNS": "160"})
    assert zh.exit_code == 0, zh.output
    own = hs_zh("902820")
    assert own is not None and own.zh in zh.stdout and "liquid supply" not in zh.stdout
    en = CliRunner().invoke(app, ["--lang", "en", "products", "search", "水錶", "--warehouse", none],
                            env={"COLUMNS": "160"})
    assert en.exit_code == 0 and "liquid supply" in en.stdout

