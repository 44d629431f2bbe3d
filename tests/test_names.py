"""Names as data: every id the code, the rule packs and the examples use has a zh and an en
label (ids collected from the real choice lists, not a hand list); the lookup and the
pinyin sort key."""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Literal, get_args, get_origin, get_type_hints

import pytest

from chuhai.data.demo.build import demo_files
from chuhai.data.info import GENERATED_SOURCES, table_counts
from chuhai.data.reference import country_table, load_blocs
from chuhai.data.reference.ensure import REFERENCE_FILE
from chuhai.data.reference.names import LABEL_KINDS, label, labels, sort_key
from chuhai.data.sources import SOURCES
from chuhai.data.sources.bri import AGREEMENT
from chuhai.entry.modes import BUILTIN_MODES, ImportForm, Mode
from chuhai.errors import NotFoundError
from chuhai.markets import screens as screens_module
from chuhai.markets.localisation import PART_WEIGHTS
from chuhai.markets.params import ScanParams, Weights
from chuhai.markets.types import Localisation, Posture, PriceBand, Terms
from chuhai.rules.laws import LC_METHODS
from chuhai.rules.packs import Confidence, get_rulepack, list_rulepacks
from chuhai.rules.regimes import REGIMES
from chuhai.rules.vocabulary import GATE_KINDS, MECHANISMS
from chuhai.tenders.scoring import METHODS
from chuhai.tenders.simulate import ARCHETYPES

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _screen_names() -> set[str]:
    """The first argument of every Screen / _screen / _unknown call in markets/screens.py."""
    tree = ast.parse(Path(screens_module.__file__).read_text("utf-8"))
    out = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("Screen", "_screen", "_unknown") and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            out.add(node.args[0].value)
    return out


def _examples() -> tuple[set[str], set[str]]:
    components: set[str] = set()
    bidders: set[str] = set()
    for path in sorted((ROOT / "examples").glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        components |= {c["name"] for c in data.get("firm", {}).get("components", [])}
        if "name" in data.get("partner", {}):
            bidders.add(data["partner"]["name"])
    for path in sorted((ROOT / "examples" / "tenders").glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        for offer in data.get("offers", []):
            bidders.add(offer["bidder"])
            if "partner" in offer.get("consortium", {}):
                bidders.add(offer["consortium"]["partner"])
        bidders |= {r["name"] for r in data.get("rivals", [])}
    return components, bidders


def _calibration_scopes() -> set[str]:
    """The scopes chuhai.tenders.calibrate writes: country, none, region:<WB lending region>."""
    wb = tomllib.loads((ROOT / "src/chuhai/data/reference/worldbank.toml").read_text("utf-8"))
    regions = set(wb["lending_regions"].values()) | set(wb["lending_region_split"])
    return {"country", "none"} | {f"region:{r}" for r in regions}


def _used_ids(tmp_path: Path) -> dict[str, set[str]]:
    from chuhai.data.warehouse import Warehouse

    wh = Warehouse(tmp_path / "wh")
    wh.create()
    countries = country_table()
    components, bidders = _examples()
    return {
        "modes": {m.key for m in BUILTIN_MODES},
        "rulepacks": {p.id for p in list_rulepacks()},
        "methods": set(METHODS),
        "regimes": set(REGIMES),
        "screens": _screen_names(),
        "postures": set(get_args(Posture)),
        "price_bands": set(get_args(PriceBand)),
        # a field X_zh is the Chinese text of its sibling X (shown in X's row), not a part
        "localisation_parts": set(PART_WEIGHTS) | {f.name for f in fields(Localisation)
                                                   if not f.name.endswith("_zh")} - {"weights"},
        "potential_terms": {f.name for f in fields(Terms)},
        "procurement_bases": set(get_args(get_args(get_type_hints(Localisation)["procurement_basis"])[0])),
        "ranking_factors": {f.name for f in fields(Weights)},
        "scan_params": {f.name for f in fields(ScanParams)},
        "scan_choices": {c for hint in get_type_hints(ScanParams).values() if get_origin(hint) is Literal
                         for c in get_args(hint)},
        "regions": {c.region for c in countries if c.region},
        "income_groups": {c.income_group for c in countries if c.income_group},
        "agreements": {a.id for a in load_blocs()} | {AGREEMENT["agreement_id"]},
        "sources": set(SOURCES) | set(GENERATED_SOURCES) | _row_sources(),
        "import_files": demo_files() | {REFERENCE_FILE},
        "tables": set(table_counts(wh)),
        "archetypes": set(ARCHETYPES),
        "components": components,
        "bidders": bidders,
        "calibration_scopes": _calibration_scopes(),
        "gates": {g.name for p in list_rulepacks() for g in get_rulepack(p.id).gates},
        "lc_classes": {c.name for p in list_rulepacks() for c in get_rulepack(p.id).preference.classes},
        "confidence": set(get_args(Confidence)),
        "mechanisms": set(MECHANISMS),
        "bid_signers": set(get_args(get_type_hints(Mode)["bidder"])),
        "import_forms": set(get_args(ImportForm)),
        "gate_kinds": set(GATE_KINDS),
        "lc_methods": set(LC_METHODS),
        "jurisdictions": {p.jurisdiction for p in list_rulepacks()},
        # the fixed outcomes of the basis CASE in data/queries/_scan_sql.py (the others name
        # an agreement: "customs union EAEU")
        "tariff_bases": _tariff_bases(),
    }


def _row_sources() -> set[str]:
    """The row sources the importers, the reference tables and the demo write as literals
    (``"source": "wb-oghist"``, ``const_column("geonames", n)``)."""
    found = re.compile(r'"source":\s*\[?"([a-z][a-z0-9-]*)"|const_column\("([a-z][a-z0-9-]*)"')
    return {a or b for path in (ROOT / "src/chuhai/data").rglob("*.py")
            for a, b in found.findall(path.read_text("utf-8"))}


def _tariff_bases() -> set[str]:
    sql = (Path(__file__).parents[1] / "src/chuhai/data/queries/_scan_sql.py").read_text("utf-8")
    return set(re.findall(r"(?:THEN|ELSE) '([a-z][a-z ()-]*)'(?!\s*\|\|)", sql))


def test_every_used_id_has_both_labels(tmp_path: Path) -> None:
    used = _used_ids(tmp_path)
    assert set(used) == set(LABEL_KINDS), "one labels/<kind>.toml per kind of id, and no other"
    missing = {kind: sorted(k for k in ids if set(labels(kind).get(k, {})) != {"en", "zh"})
               for kind, ids in used.items()}
    assert all(ids for ids in used.values()), "every choice list was found"
    assert {k: v for k, v in missing.items() if v} == {}


@pytest.mark.parametrize("kind", LABEL_KINDS)
def test_labels_are_written_in_their_language(kind: str) -> None:
    for key, entry in labels(kind).items():
        assert entry["en"].strip() and entry["zh"].strip(), (kind, key)
        assert CJK.search(entry["zh"]), f"{kind}.{key}: zh label has no Chinese: {entry['zh']!r}"
        assert not CJK.search(entry["en"]), f"{kind}.{key}: en label has Chinese"


def test_label_lookup() -> None:
    assert label("modes", "direct_export", "zh") == "直接出口"
    assert label("modes", "direct_export", "zh-CN") == "直接出口"
    assert label("modes", "direct_export", "en") == "Direct export"
    assert label("agreements", "RCEP", "zh") == "区域全面经济伙伴关系协定"
    assert label("agreements", "EAEU", "zh") == "欧亚经济联盟"
    assert label("agreements", "AfCFTA", "zh") == "非洲大陆自由贸易区"
    assert label("rulepacks", "mz-decree-5-2016", "zh").startswith("莫桑比克")
    # a user's own name is shown as written, or the default when one is given
    assert label("bidders", "My own bidder", "zh") == "My own bidder"
    assert label("bidders", "My own bidder", "zh", default="—") == "—"
    assert label("modes", None, "en") == ""
    with pytest.raises(NotFoundError, match="unknown label kind"):
        label("nonsense", "x", "en")


def test_labels_are_frozen() -> None:
    with pytest.raises(TypeError):
        labels("modes")["direct_export"] = {}  # type: ignore[index]


def test_sort_key_orders_chinese_names_by_pinyin() -> None:
    # pinyin by hand: a'erjiliya, aiji, baxi, hasakesitan, jierjisisitan, yindu, yuenan, zhongguo
    expected = ["阿尔及利亚", "埃及", "巴西", "哈萨克斯坦", "吉尔吉斯斯坦", "印度", "越南", "中国"]
    shuffled = ["中国", "越南", "巴西", "吉尔吉斯斯坦", "埃及", "印度", "哈萨克斯坦", "阿尔及利亚"]
    assert sorted(shuffled, key=lambda n: sort_key(n, "zh")) == expected
    # code-point order would differ (中 U+4E2D sorts before 印 U+5370): the key matters
    assert sorted(shuffled) != expected


def test_sort_key_in_english_ignores_accents_and_case() -> None:
    names = ["Zambia", "côte d'Ivoire", "Cuba", "Åland Islands", "Austria"]
    assert sorted(names, key=lambda n: sort_key(n, "en")) == [
        "Åland Islands", "Austria", "côte d'Ivoire", "Cuba", "Zambia"]


def test_label_filter_in_page_and_report_environments() -> None:
    from chuhai.report.plan_report import _env
    from chuhai.web.render import environment

    src = '{{ "direct_export"|label("modes") }}|{{ "mine"|label("bidders", "—") }}'
    for env in (environment("zh"), _env("zh")):
        assert env.from_string(src).render() == "直接出口|—"
    for env in (environment("en"), _env("en")):
        assert env.from_string(src).render() == "Direct export|—"


def test_cli_countries_table_in_pinyin_order() -> None:
    import pypinyin
    from typer.testing import CliRunner

    from chuhai.cli import app

    res = CliRunner().invoke(app, ["--lang", "zh-CN", "countries", "--income", "L"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    shown = re.findall(r"^([A-Z]{3})\s", res.stdout, re.M)
    low = {c.iso3: c.name_zh or c.name_en for c in country_table() if c.income_group == "L"}
    assert set(shown) == set(low)
    by_pinyin = sorted(low, key=lambda iso: ("".join(pypinyin.lazy_pinyin(low[iso])), low[iso]))
    assert shown[:5] == by_pinyin[:5]  # 阿富汗 afuhan, 埃塞俄比亚 aisai..., 布基纳法索 ...
    assert shown[0] == "AFG"


def test_report_names_modes_rule_pack_method_and_product(tmp_path: Path) -> None:
    from chuhai.data.reference.hs_zh import hs_zh
    from chuhai.data.warehouse import Warehouse
    from chuhai.report.plan_report import gather, render_html
    from test_web_helpers import small_warehouse

    wh = Warehouse(small_warehouse(tmp_path / "wh"))
    scenario = (ROOT / "examples" / "mozambique-water-meters.toml").read_text("utf-8")
    tender = (ROOT / "examples" / "tenders" / "mozambique-water-meters.toml").read_text("utf-8")
    zh = render_html(gather(wh, product="902820", exporter="CHN", market="MOZ", scenario=scenario,
                            tender=tender))
    own = hs_zh("902820")
    assert own is not None and own.zh in zh
    for kind, key in (("modes", "direct_export"), ("modes", "joint_venture"),
                      ("rulepacks", "mz-decree-5-2016"), ("methods", "lowest_price")):
        assert label(kind, key, "zh") in zh, (kind, key)
    for raw in ("direct_export", "joint_venture", "lowest_price"):
        assert f">{raw}<" not in zh and f" {raw} " not in zh, raw


def test_chinese_names_pass_the_latin_word_check() -> None:
    from chuhai.data.reference.hs_zh import hs_zh_entries
    from chuhai.i18n.latin import latin_words

    found = {f"{kind}.{key}": latin_words(e["zh"]) for kind in LABEL_KINDS for key, e in labels(kind).items()}
    found |= {f"hs.{code}": latin_words(e.zh) for code, e in hs_zh_entries().items()}
    assert {k: v for k, v in found.items() if v} == {}
