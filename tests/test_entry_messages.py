"""Entry planner sentences are messages: JSON keeps the texts and adds code + params beside them."""

from __future__ import annotations

from pathlib import Path

from chuhai.entry import load_scenario, plan
from chuhai.entry.local_content import band, band_message
from chuhai.messages import catalog, render

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_plan_json_carries_codes_beside_texts() -> None:
    res = plan(load_scenario(EXAMPLES / "india-meters.toml"))
    d = res.to_dict()
    rec = d["recommendation"]
    assert rec["reason_message"]["text"] == rec["reason"] == res.recommendation[1]
    assert rec["reason_message"]["code"] == "entry.rec.reason"
    assert [m["text"] for m in d["warnings_messages"]] == d["warnings"] == list(res.warnings)
    for m, md in zip(res.modes, d["modes"], strict=True):
        assert {k: v["text"] for k, v in md["preference_band_messages"].items()} == md["preference_band"]
        assert [g["text"] for g in md["gates_messages"]] == md["gates"] == list(m.gates)
    gated = next(m for m in res.modes if m.gate_messages)
    assert gated.gate_messages[0].code.startswith("entry.gate.")
    assert all(w.code in catalog() for w in res.warning_messages)


def test_band_message_numbers_and_text() -> None:
    msg = band_message("in_mii", 0.30, 0.50)
    assert msg.code == "entry.band.in_mii.class_ii" and render(msg) == band("in_mii", 0.30, 0.50)
    assert band_message("us_baa", 0.70, 0.65).code == "entry.band.us.domestic"
