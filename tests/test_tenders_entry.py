"""Offers costed by the entry planner."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import chuhai.entry as entry
from chuhai.entry.examples import example_path
from chuhai.errors import ScenarioError
from chuhai.i18n.catalogs import message_text, translations
from chuhai.tenders import evaluate, load_tender

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LINKED = EXAMPLES / "tenders" / "mozambique-entry-linked.toml"


def test_entry_linked_offers_take_price_cost_and_build_up() -> None:
    t = load_tender(LINKED)
    oc = entry.offer_costs(entry.load_scenario(EXAMPLES / "mozambique-water-meters.toml"), "ckd_assembly")
    ckd = next(o for o in t.offers if o.bidder.startswith("CKD"))
    assert ckd.price == pytest.approx(oc.price_usd) and ckd.unit_cost == pytest.approx(oc.unit_cost_usd)
    assert ckd.cost is not None and ckd.cost.import_duty == pytest.approx(oc.build_up["duty_usd"])
    assert ckd.registered_in == ("MOZ",)  # the partner bids: a locally registered entity
    res = evaluate(t)
    assert not res.bid("Direct export from Dongguan").eligible  # registration gate, as in the story
    assert res.winner == "CKD assembly with a Maputo partner"


def test_explicit_offer_fields_win(tmp_path: Path) -> None:
    text = LINKED.read_text(encoding="utf-8").replace(
        'entry = { scenario = "../mozambique-water-meters.toml", mode = "ckd_assembly" }',
        'price = 60.0\nentry = { scenario = "../mozambique-water-meters.toml", mode = "ckd_assembly" }')
    text = text.replace("../mozambique-water-meters.toml", str(EXAMPLES / "mozambique-water-meters.toml"))
    f = tmp_path / "t.toml"
    f.write_text(text, encoding="utf-8")
    assert next(o for o in load_tender(f).offers if o.bidder.startswith("CKD")).price == 60.0


def test_bad_entry_reference_names_the_offer(tmp_path: Path) -> None:
    text = LINKED.read_text(encoding="utf-8").replace('mode = "direct_export"', 'mode = "teleport"')
    f = tmp_path / "t.toml"
    f.write_text(text.replace("../mozambique-water-meters.toml", str(EXAMPLES / "mozambique-water-meters.toml")),
                 encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        load_tender(f)
    assert "offers.0.entry" in str(exc.value) and "teleport" in str(exc.value) and "t.toml" in str(exc.value)


def test_missing_scenario_file_names_the_offer(tmp_path: Path) -> None:
    f = tmp_path / "t.toml"
    f.write_text(LINKED.read_text(encoding="utf-8").replace("../mozambique-water-meters.toml",
                                                            "../no-such-scenario.toml"), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"offers\.0\.entry\.scenario") as exc:
        load_tender(f)
    assert "no-such-scenario" in str(exc.value) and "mozambique-water-meters" in str(exc.value)
    assert "Errno" not in str(exc.value)


def test_a_dangling_relative_path_falls_back_to_the_shipped_example(tmp_path: Path) -> None:
    f = tmp_path / "t.toml"  # nothing beside it: ../mozambique-water-meters.toml is the example
    f.write_text(LINKED.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_tender(f).offers[0].price == load_tender(LINKED).offers[0].price


@pytest.mark.parametrize("name", ["../mozambique-water-meters.toml", "mozambique-water-meters",
                                  "mozambique-water-meters.toml"])
def test_a_tender_without_a_location_names_a_shipped_example(name: str) -> None:
    data = tomllib.loads(LINKED.read_text(encoding="utf-8").replace("../mozambique-water-meters.toml", name))
    assert load_tender(data).offers[0].price == load_tender(LINKED).offers[0].price


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "../tenders/mozambique-entry-linked.toml",
                                  str(EXAMPLES / "mozambique-water-meters.toml"), "C:x.toml", ""])
def test_a_tender_without_a_location_reads_no_other_file(name: str) -> None:
    data = tomllib.loads(LINKED.read_text(encoding="utf-8"))
    data["offers"][0]["entry"]["scenario"] = name
    with pytest.raises(ScenarioError) as exc:
        load_tender(data)
    err = exc.value
    assert err.path == "offers.0.entry.scenario" and err.msg is not None
    assert err.msg.code == "tenders.entry.examples_only"
    assert "mozambique-water-meters" in err.msg.params["examples"]
    assert not any("/" in e for e in err.msg.params["examples"])  # names, never server paths
    zh = message_text(err.msg, "zh")
    assert "自带的示例情景" in zh and "Errno" not in zh and "No such file" not in str(err)


@pytest.mark.parametrize("name", ["..\\mozambique-water-meters.toml", "sub/mozambique-water-meters.toml",
                                  "/mozambique-water-meters.toml", "D:mozambique-water-meters.toml", "  "])
def test_the_example_resolver_takes_only_a_name(name: str) -> None:
    assert example_path(name) is None
    assert example_path("../../mozambique-water-meters.toml") == EXAMPLES / "mozambique-water-meters.toml"


def test_a_tender_in_another_currency_asks_for_its_rate_in_both_languages() -> None:
    data = tomllib.loads(LINKED.read_text(encoding="utf-8"))
    data["tender"]["currency"] = "MZN"
    data["tender"].pop("fx", None)
    with pytest.raises(ScenarioError) as exc:
        load_tender(data)
    err = exc.value
    assert err.msg is not None and err.msg.code == "tenders.entry.fx"
    assert err.msg.params == {"field": "tender.fx.MZN", "currency": "MZN"}
    assert err.path is not None and err.path.startswith("offers.") and err.path.endswith(".entry")
    assert "give `tender.fx.MZN` (units of MZN per USD)" in str(err)
    zh = err.text("zh", translations("zh").gettext)
    assert "请填写 `tender.fx.MZN`" in zh and "1 美元折合多少MZN" in zh and "units" not in zh
    data["tender"]["fx"] = {"MZN": 63.9}  # with the rate the offers are priced in MZN
    assert load_tender(data).offers[0].price == pytest.approx(63.9 * load_tender(LINKED).offers[0].price)
