"""The rules floor: one function per local-content law, one id each, regimes from the packs.

Expected figures are worked by hand from the literal build-ups below.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import chuhai.entry as entry
from chuhai.errors import NotFoundError
from chuhai.rules import ALIASES, LAWS, REGIMES, CostBuildUp, get_law, get_rulepack
from chuhai.rules.laws import kz_ct_kz, opec_value_added
from chuhai.rules.regimes import land_border_countries, threshold_for
from chuhai.rules.vocabulary import GATE_KINDS
from chuhai.tenders import evaluate
from chuhai.tenders.gates import CHECKERS
from test_tenders_support import offer, tender

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

B = CostBuildUp(imported_materials=40, import_duty=4, royalties_abroad=3, local_materials=20,
                local_labour=10, local_overhead=5, other_costs=7)
#: law -> LC of B at price 100, by hand
HAND = {
    "in_mii": (100 - 40 - 4 - 3) / 100,
    "wb_group_a": (20 + 10 + 5) / 100,
    "opec_value_added": (100 - 40 - 4) / 100,
    "kz_ct_kz": 1 - (40 + 4) / 100,
    "id_tkdn": (100 - 40) / 100,
    "vn_domestic_cost": 35 / (40 + 4 + 35),
    "us_baa": 20 / (20 + 40),
}


def test_every_law_by_hand() -> None:
    assert set(HAND) == set(LAWS)
    for law_id, want in HAND.items():
        assert LAWS[law_id](100, B) == pytest.approx(want, rel=1e-12), law_id
        assert LAWS[law_id](100, dataclasses.replace(B, manufactured_locally=False)) == 0


def test_ct_kz_divides_by_the_exw_value_and_counts_duty() -> None:
    """[S64] LC = 1 − C_foreign/C_EXW: at price 80 the same build-up gives 1 − 44/80, not
    1 − 40/(total cost 89) as the old tender formula did."""
    assert kz_ct_kz(80, B) == pytest.approx(1 - 44 / 80)
    assert kz_ct_kz(80, B) != pytest.approx(1 - 40 / B.total)
    assert kz_ct_kz(40, B) == 0.0  # foreign materials above the EXW value: clipped at 0
    assert opec_value_added(80, B) == pytest.approx(kz_ct_kz(80, B))  # same arithmetic, two laws


def test_older_ids_are_aliases() -> None:
    assert dict(ALIASES) == {"in_mii_2020": "in_mii", "wb_domestic_value": "wb_group_a",
                             "id_tkdn_goods": "id_tkdn"}
    assert get_law("in_mii_2020") is LAWS["in_mii"]
    with pytest.raises(NotFoundError):
        get_law("nope")


def test_regime_thresholds_come_from_the_rule_packs() -> None:
    india = REGIMES["in_mii"]
    assert india.threshold == get_rulepack("in-ppp-mii-2020").preference.lc_threshold.value == 0.50
    assert not india.strict and india.threshold_source == "S19 S21"
    assert REGIMES["wb_group_a"].strict is get_rulepack("wb-goods").preference.lc_strict is True
    us = get_rulepack("us-buy-american")
    assert [threshold_for("us_baa", y) for y in (2022, 2023, 2024, 2028, 2029)] == [
        us.params["lc_threshold_2022"].value, 0.60, 0.65, 0.65, us.params["lc_threshold_2029"].value]
    assert threshold_for("us_baa", 2029) == 0.75
    assert REGIMES["kz_ct_kz"].threshold == 0.30 and REGIMES["kz_ct_kz"].confidence == "L"
    for r in REGIMES.values():  # every regime names a pack that measures with its law
        assert get_rulepack(r.pack).preference.lc_method in (r.id, *r.law.aliases)
    assert "CHN" in land_border_countries() and "VNM" not in land_border_countries()


def test_gate_checkers_cover_the_vocabulary() -> None:
    assert set(CHECKERS) == set(GATE_KINDS)


@pytest.mark.parametrize("mode", ["ckd_assembly", "skd_assembly", "full_local", "direct_export"])
def test_entry_planner_and_tender_evaluator_agree_under_every_law(mode: str) -> None:
    """The same build-up (an entry mode's, in USD) gives the same local content in both engines."""
    sc = entry.load_scenario(EXAMPLES / "mozambique-water-meters.toml")
    sc = sc.model_copy(update={"regimes": tuple(LAWS)})
    oc = entry.offer_costs(sc, mode)
    assert set(oc.local_content) == set(LAWS)
    for law_id, r in REGIMES.items():
        cost = dataclasses.asdict(oc.cost)
        t = tender(r.pack, "MOZ", [offer("Bidder", oc.price_usd, "MOZ", cost=cost)],
                   info={"value": 1e6, "currency": "USD"})
        lc = evaluate(t).bid("Bidder").local_content
        assert lc == pytest.approx(oc.local_content[law_id], rel=1e-12, abs=1e-15), (mode, law_id)
    if mode == "direct_export":  # a traded import: 0 under every law, in both engines
        assert not any(oc.local_content.values())
    else:
        assert oc.local_content["in_mii"] > 0


def test_band_cut_offs_come_from_the_packs() -> None:
    india, vn = get_rulepack("in-ppp-mii-2020"), get_rulepack("vn-decree-24-2024")
    class_ii = next(c for c in india.preference.classes if c.name == "Class-II")
    assert REGIMES["in_mii"].bands == {"class_ii": class_ii.min_lc, "margin": india.params["margin"].value}
    assert REGIMES["vn_domestic_cost"].bands["high"] == vn.params["preferred_low_below"].value == 0.50
    assert REGIMES["us_baa"].bands["fallback"] == get_rulepack("us-buy-american").params["lc_fallback"].value


def test_rules_import_nothing_above_them() -> None:
    """The rules floor imports only the base layer it needs (chuhai.errors, chuhai.messages:
    a text from data in both languages), chuhai.rules and third-party code."""
    import ast

    root = Path(__file__).resolve().parents[1] / "src" / "chuhai" / "rules"
    for py in root.glob("*.py"):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for n in names:
                if n.startswith("chuhai"):
                    assert n in ("chuhai.errors", "chuhai.messages") or n.startswith("chuhai.rules"), (py.name, n)


def test_every_regime_text_has_its_chinese_and_its_pack_citation() -> None:
    from chuhai.i18n.latin import latin_words

    for r in REGIMES.values():
        assert r.zh is not None and r.zh.cite and r.zh.cite_lang
        for name in ("name", "instrument", "clause", "note"):
            zh = r.text(name).in_language("zh")
            assert zh and zh != getattr(r, name) and latin_words(zh) == [], (r.id, name)
        assert bool(r.zh.uncertain) == bool(r.uncertain)
