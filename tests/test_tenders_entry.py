"""Offers costed by the entry planner."""

from __future__ import annotations

from pathlib import Path

import pytest

import chuhai.entry as entry
from chuhai.errors import ScenarioError
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
    f.write_text(LINKED.read_text(encoding="utf-8"), encoding="utf-8")  # relative path now dangles
    with pytest.raises(ScenarioError, match=r"offers\.0\.entry"):
        load_tender(f)
