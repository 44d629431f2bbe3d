"""Rule packs: every pack loads, every number has a source and a confidence; bad packs name the field."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from chuhai.errors import NotFoundError, ScenarioError
from chuhai.rules.laws import LC_METHODS
from chuhai.rules.packs import parse_rulepack
from chuhai.rules.vocabulary import GATE_KINDS, MECHANISMS
from chuhai.tenders import get_rulepack, list_rulepacks

REQUIRED = {
    "wb-goods", "wb-works", "adb-goods", "opec-fund-goods", "afdb-goods", "za-ppr-2022",
    "in-ppp-mii-2020", "id-perpres-16-2018", "vn-decree-24-2024", "br-lei-14133", "eaeu-kg",
    "eaeu-kz", "us-buy-american", "ke-ppada-2015", "ng-ppa-eo5", "mz-decree-5-2016", "mz-decree-79-2022",
}


def test_every_required_pack_ships() -> None:
    assert REQUIRED <= {p.id for p in list_rulepacks()}


@pytest.mark.parametrize("pack", list_rulepacks(), ids=lambda p: p.id)
def test_every_numeric_parameter_has_source_and_confidence(pack) -> None:  # type: ignore[no-untyped-def]
    refs = {s.ref for s in pack.sources}
    assert pack.sources and pack.confidence in "HML"
    assert pack.mechanism in MECHANISMS and pack.preference.lc_method in LC_METHODS
    for path, p in pack.all_params():
        assert p.confidence in ("H", "M", "L"), path
        cited = p.source.replace(",", " ").split()
        assert cited and set(cited) <= refs, f"{pack.id} {path} cites {cited}, listed {refs}"
        assert p.value is not None or not p.verified, path
    for g in pack.gates:
        assert g.kind in GATE_KINDS and g.source and g.confidence in "HML"


def test_uncertain_figures_are_marked() -> None:
    assert get_rulepack("afdb-goods").confidence == "L"
    mz = get_rulepack("mz-decree-5-2016")
    assert mz.params["margin"].value is None and not mz.params["margin"].verified
    assert {g.kind for g in mz.gates} == {"local_registration"}
    ke = get_rulepack("ke-ppada-2015")
    assert ke.params["margin"].value is None
    ind = get_rulepack("id-perpres-16-2018")
    assert ind.options["formula_uncertain"] is True
    assert any("HEA" in w for w in ind.warnings)
    assert any(g.name == "land_border_registration" and "DPIIT" in g.requires
               for g in get_rulepack("in-ppp-mii-2020").gates)


def test_published_figures() -> None:
    """The H-confidence numbers of research §1.1, exactly."""
    assert get_rulepack("wb-goods").params["margin"].value == 0.15
    assert get_rulepack("wb-works").params["margin"].value == 0.075
    assert get_rulepack("in-ppp-mii-2020").params["margin"].value == 0.20
    assert get_rulepack("in-ppp-mii-2020").params["split"].value == 0.5
    assert get_rulepack("us-buy-american").params["margin_small"].value == 0.30
    assert get_rulepack("br-lei-14133").params["cap"].value == 0.20
    assert get_rulepack("vn-decree-24-2024").params["preferred_low_margin"].value == 0.025
    sa = get_rulepack("za-ppr-2022")
    assert sa.scope.value_bands["points_80_20_max"].value == 50e6


def _wb_data() -> dict:  # type: ignore[type-arg]
    text = resources.files("chuhai.rules").joinpath("rulepacks/wb-goods.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_bad_pack_names_file_and_field() -> None:
    data = _wb_data()
    data["params"]["margin"]["confidence"] = "X"
    with pytest.raises(ScenarioError) as exc:
        parse_rulepack(data, file="rulepacks/bad.toml")
    assert "rulepacks/bad.toml" in str(exc.value) and "params.margin.confidence" in str(exc.value)


def test_param_citing_unlisted_source_is_rejected() -> None:
    data = _wb_data()
    data["params"]["margin"]["source"] = "S999"
    with pytest.raises(ScenarioError, match="S999"):
        parse_rulepack(data, file="x.toml")


def test_unknown_mechanism_lists_allowed_values() -> None:
    data = _wb_data()
    data["mechanism"] = "bribe"
    with pytest.raises(ScenarioError, match="additive_margin"):
        parse_rulepack(data, file="x.toml")


def test_unknown_pack() -> None:
    with pytest.raises(NotFoundError, match="wb-goods"):
        get_rulepack("nope")


def test_every_shipped_text_has_its_chinese_and_a_missing_one_is_refused() -> None:
    """The bilingual convention (chuhai.rules.bilingual): a text without its `_zh` sibling
    is refused naming the file, the field path and the field."""
    import tomllib
    from importlib import resources

    from chuhai.errors import ScenarioError
    from chuhai.rules.bilingual import missing_chinese
    from chuhai.rules.packs import parse_rulepack

    for pack in list_rulepacks():
        assert missing_chinese(pack) is None, pack.id
    src = resources.files("chuhai.rules").joinpath("rulepacks/mz-decree-5-2016.toml").read_text("utf-8")
    data = tomllib.loads(src)
    del data["params"]["margin"]["note_zh"]
    with pytest.raises(ScenarioError) as err:
        parse_rulepack(data, file="rulepacks/mz.toml")
    assert err.value.file == "rulepacks/mz.toml" and err.value.path == "params.margin.note_zh"
    assert "note has no Chinese text" in str(err.value)
    data = tomllib.loads(src)
    data["warnings_zh"] = data["warnings_zh"][:-1]
    with pytest.raises(ScenarioError, match="warnings has no Chinese"):
        parse_rulepack(data)
    data = tomllib.loads(src)
    data["sources"][0]["title_zh"] = " "
    with pytest.raises(ScenarioError) as err:
        parse_rulepack(data)
    assert err.value.path == "sources.S35.title_zh"


def test_a_packs_warnings_reach_the_reader_in_their_language() -> None:
    """Mozambique's unset margin: the pack's own warning and the parameter's note are shown
    in Chinese on a Chinese page and in English otherwise (a Text parameter)."""
    from chuhai.i18n.catalogs import message_text
    from chuhai.tenders.prepare import _uncertain

    pack = get_rulepack("mz-decree-5-2016")
    ws = _uncertain(pack)
    zh = [message_text(w, "zh") for w in ws]
    en = [message_text(w, "en") for w in ws]
    assert any(pack.warnings_zh[0] in z for z in zh) and any(pack.warnings[0] in e for e in en)
    assert any("资料中未查到优惠幅度百分比" in z for z in zh)
    assert not any(pack.warnings[0] in z for z in zh)
    row = next(p for p in (q.summary() for q in list_rulepacks()) if p["id"] == pack.id)
    assert row["cite"].startswith("Decreto") and row["cite_lang"] == "pt"
    assert row["warnings_zh"] == list(pack.warnings_zh) and row["name"] == pack.name
