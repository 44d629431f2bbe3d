"""Scenario loading and validation, documentation coverage, warehouse tariff defaults,
plan-level behaviour (share override, Monte Carlo seed, examples)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chuhai.entry import load_scenario, parse_scenario, plan
from chuhai.entry import scenario as scenario_mod
from chuhai.entry.modes import Mode
from chuhai.errors import ScenarioError, WarehouseError
from factories import make_warehouse
from test_entry_support import hand_data, hand_scenario, with_path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))


# --- schema errors name the field ------------------------------------------------------
@pytest.mark.parametrize(("path", "value", "named"), [
    ("partner.share", 1.5, "partner.share"),
    ("market.corporate_tax", -0.1, "market.corporate_tax"),
    ("firm.components[1].cost_usd", "cheap", "firm.components[1].cost_usd"),
    ("market.tariffs.cbu", -1, "market.tariffs.cbu"),
    ("firm.hs6", "9028", "firm.hs6"),
    ("market.pricee", 3, "market.pricee"),
    ("modes[0].capex_share", 2.0, "modes[0].capex_share"),
    ("modes[0].profit_share", "x", "modes[0].profit_share"),
    ("modes[0].import_form", "crate", "modes[0].import_form"),
    ("horizon_years", 0, "horizon_years"),
    ("modes[0].local_entity", "none", "modes[0]"),
])
def test_schema_errors_name_the_field(path, value, named):
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(with_path(hand_data(), path, value), file="x.toml")
    msg = str(exc.value)
    assert msg.startswith("x.toml: ")
    assert named in msg
    assert exc.value.path is not None and exc.value.path.startswith(named.split("[")[0])


def test_missing_required_field_and_unknown_regime():
    d = hand_data()
    del d["market"]["price_lcu"]
    with pytest.raises(ScenarioError, match=r"market\.price_lcu: Field required"):
        parse_scenario(d)
    with pytest.raises(ScenarioError, match="unknown regime"):
        parse_scenario(hand_data(regimes=["xx"]))


def test_load_scenario_file_errors(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("name = \n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="bad.toml: invalid TOML"):
        load_scenario(bad)
    bad.write_text('[firm]\nhs6 = "902820"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"bad\.toml: firm\.components"):
        load_scenario(bad)


def test_models_are_frozen():
    sc = hand_scenario()
    with pytest.raises(Exception):  # noqa: B017 - pydantic ValidationError on frozen assignment
        sc.partner.share = 0.3  # type: ignore[misc]


# --- every model field is documented -----------------------------------------------------
def _sections(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for block in re.split(r"\n(?=## )", text):
        m = re.search(r"^## .*\((\w+)\)", block)
        if m:
            out[m.group(1)] = block
    return out


def test_every_model_field_is_documented():
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    sections = _sections(text)
    models = [getattr(scenario_mod, n) for n in scenario_mod.__all__
              if isinstance(getattr(scenario_mod, n), type)] + [Mode]
    missing = []
    for model in models:
        body = sections.get(model.__name__)
        if body is None:
            missing.append(f"section for {model.__name__}")
            continue
        missing += [f"{model.__name__}.{f}" for f in model.model_fields if f"`{f}`" not in body]
    assert not missing, f"undocumented in docs/scenario-format.md: {missing}"


# --- tariffs: scenario, warehouse, warning ----------------------------------------------
def _no_tariffs():
    d = hand_data()
    d["market"].pop("tariffs")
    return parse_scenario(d)


def _tariff_rows(rate_pref, rate_mfn):
    base = {"importer": "MOZ", "hs6": "902820", "non_ad_valorem": False}
    return [{**base, "partner": "MFN", "year": 2024, "rate": rate_mfn},
            {**base, "partner": "CHN", "year": 2023, "rate": rate_pref},
            {**base, "partner": "MFN", "year": 2030, "rate": 0.99}]  # after scenario year


def test_tariffs_default_to_warehouse_preferential(tmp_path):
    wh = make_warehouse(tmp_path / "wh", tariffs=_tariff_rows(0.02, 0.075))
    res = plan(_no_tariffs(), warehouse=wh.home)
    assert res.tariffs["cbu"] == pytest.approx(0.02)
    assert res.tariffs["ckd"] == pytest.approx(0.02)  # kits take the meter's heading
    assert "preferential" in res.tariff_sources["cbu"]
    assert res.demo is False
    # no component HS6 given -> the components rate is unknown: a warning, not a silent zero
    assert res.tariffs["components"] == 0.0
    assert any("tariff on components" in w for w in res.warnings)


def test_tariffs_mfn_and_demo_flag(tmp_path):
    rows = [r for r in _tariff_rows(0.02, 0.075) if r["partner"] == "MFN"]
    wh = make_warehouse(tmp_path / "wh", demo=True, tariffs=rows)
    res = plan(_no_tariffs(), warehouse=wh.home)
    assert res.tariffs["cbu"] == pytest.approx(0.075)
    assert res.demo is True and res.to_dict()["demo"] is True
    assert "DEMO" in res.warnings[0]


def test_scenario_tariffs_override_warehouse_and_no_demo(tmp_path):
    wh = make_warehouse(tmp_path / "wh", demo=True, tariffs=_tariff_rows(0.02, 0.075))
    res = plan(hand_scenario(), warehouse=wh.home)
    assert res.tariffs["cbu"] == 0.20 and res.demo is False


def test_no_tariffs_anywhere_warns_for_each_form():
    res = plan(_no_tariffs())
    warned = [w for w in res.warnings if w.startswith("tariff on ")]
    assert len(warned) == 4


def test_missing_warehouse_is_an_error(tmp_path):
    with pytest.raises(WarehouseError):
        plan(hand_scenario(), warehouse=tmp_path / "nowhere")


# --- plan-level behaviour ------------------------------------------------------------------
def test_share_override_and_range_warning():
    sc = hand_scenario()
    lo, hi = plan(sc, share=0.10), plan(sc, share=0.20)
    assert lo.share == 0.10 and hi.share == 0.20
    assert hi.mode("ckd_test").firm_npv_usd > lo.mode("ckd_test").firm_npv_usd
    assert hi.mode("ckd_test").partner_npv_usd < lo.mode("ckd_test").partner_npv_usd
    assert any("outside" in w for w in plan(sc, share=0.5).warnings)
    with pytest.raises(ScenarioError, match="partner.share"):
        plan(sc, share=1.5)


def test_monte_carlo_is_reproducible_with_the_same_seed():
    sc = hand_scenario()
    a, b = plan(sc), plan(sc)
    assert a.mode("ckd_test").montecarlo == b.mode("ckd_test").montecarlo
    other = sc.model_copy(update={"montecarlo": sc.montecarlo.model_copy(update={"seed": 7})})
    c = plan(other)
    assert c.mode("ckd_test").montecarlo.p50 != a.mode("ckd_test").montecarlo.p50
    mc = a.mode("ckd_test").montecarlo
    assert mc.p10 <= mc.p50 <= mc.p90 and sum(mc.hist_counts) == mc.draws


def test_tornado_covers_the_six_inputs():
    res = plan(hand_scenario(include_modes=["ckd_test", "direct_export"]))
    assert {b.variable for b in res.tornado} == {"volume", "price", "fx", "tariff", "wage", "share"}
    swings = [b.swing for b in res.tornado]
    assert swings == sorted(swings, reverse=True)


def test_include_modes_unknown_key():
    with pytest.raises(ScenarioError, match="unknown mode"):
        plan(hand_scenario(include_modes=["teleport"]))


def test_user_mode_replaces_builtin():
    mode = {"key": "direct_export", "label": "Export with agent", "fixed_cost_usd_per_year": 0}
    res = plan(hand_scenario(modes=[mode], include_modes=["direct_export"]))
    assert res.modes[0].label == "Export with agent"


def test_land_border_gate_in_india():
    d = hand_data()
    d["market"]["country"] = "IND"
    res = plan(parse_scenario(d))
    assert res.mode("direct_export").gates and res.mode("full_local").gates
    assert not res.mode("licensing").gates  # an Indian licensee bids
    assert res.mode("direct_export").tender_share == 0.0
    d["market"]["gates"] = {"land_border_registered": True}
    assert not plan(parse_scenario(d)).mode("direct_export").gates


# --- shipped examples -----------------------------------------------------------------------
def test_four_examples_are_shipped():
    names = {p.name for p in EXAMPLES}
    assert {"mozambique-water-meters.toml", "kyrgyzstan-kazakhstan-meters.toml",
            "indonesia-meters.toml", "india-meters.toml"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_runs(path):
    res = plan(load_scenario(path))
    d = res.to_dict()
    assert d["recommendation"]["mode"] in {m["mode"] for m in d["modes"]}
    assert any(m["pareto"] for m in d["modes"])
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("#") and "(A)" in text  # assumptions stated


def test_example_cases_tell_their_story():
    moz = plan(load_scenario(ROOT / "examples" / "mozambique-water-meters.toml"))
    assert moz.mode("direct_export").gates  # the lost tender: no local entity
    ind = plan(load_scenario(ROOT / "examples" / "india-meters.toml"))
    assert any("GFR r.144(xi)" in w for w in ind.warnings)
    kz = plan(load_scenario(ROOT / "examples" / "kyrgyzstan-kazakhstan-meters.toml"))
    assert any(w.startswith("kz_ct_kz: uncertain") for w in kz.warnings)
    assert kz.mode("ckd_assembly").qualifies["kz_ct_kz"]
    assert not kz.mode("distributor").qualifies["kz_ct_kz"]


def test_file_errors_give_the_line(tmp_path):
    text = (ROOT / "examples" / "india-meters.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("\nshare = 0.15", "\nshare = 1.7"), encoding="utf-8")
    line = 1 + bad.read_text(encoding="utf-8").splitlines().index("share = 1.7")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(bad)
    assert "partner.share" in str(exc.value) and f"(line {line})" in str(exc.value)
    assert exc.value.context["line"] == line


def test_share_override_fixes_s_in_the_monte_carlo():
    sc = hand_scenario(include_modes=["ckd_test"])
    lo, hi = plan(sc, share=0.10), plan(sc, share=0.20)
    assert hi.mode("ckd_test").montecarlo.p50 > lo.mode("ckd_test").montecarlo.p50


def test_sourcing_names_local_imported_and_critical_parts():
    d = plan(hand_scenario(include_modes=["ckd_test"])).to_dict()["modes"][0]["sourcing"]
    assert d == {"local": ["housing"], "imported": ["chip (CHN)", "board (CHN)"],
                 "critical": ["chip (CHN)"]}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_shipped_example_notes_have_their_chinese(path: Path) -> None:
    """A user's file may leave `note_zh` out; the shipped examples give it (docs/i18n.md)."""
    sc = load_scenario(path)
    notes = [sc.market.gates, *sc.market.segments]
    assert all(bool(n.note_zh) == bool(n.note) for n in notes)
