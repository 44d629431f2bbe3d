"""Tender sentences are messages: JSON keeps the texts and adds code + params beside them."""

from __future__ import annotations

from pathlib import Path

from chuhai.messages import catalog, render
from chuhai.tenders import evaluate, load_tender, simulate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "tenders"


def test_evaluation_json_carries_codes_beside_texts() -> None:
    res = evaluate(load_tender(EXAMPLES / "mozambique-water-meters.toml"))
    out = res.to_dict()
    assert out["warnings"] and len(out["warnings"]) == len(out["warnings_messages"])
    for b, bd in zip(res.bids, out["bids"], strict=True):
        assert [m["text"] for m in bd["steps_messages"]] == bd["steps"] == list(b.steps)
        assert bd["local_content_basis_message"]["text"] == bd["local_content_basis"]
        for g in bd["gates"]:
            assert g["reason_message"]["text"] == g["reason"]
            assert g["reason_message"]["code"].startswith("tenders.gate.")
        if bd["why_lost"] is not None:
            assert bd["why_lost_message"]["text"] == bd["why_lost"]
    lost = next(b for b in out["bids"] if b["why_lost"] and "excluded by gate" in b["why_lost"])
    assert lost["why_lost_message"]["code"] == "tenders.lost.gate"


def test_numbers_stay_numbers_in_params() -> None:
    res = evaluate(load_tender(EXAMPLES / "india-smart-meters.toml"))
    steps = [m for b in res.bids for m in b.step_messages if m.code == "tenders.step.score"]
    assert steps and all(isinstance(m.params["score"], float) for m in steps)
    assert all(render(m) == f"score {m.params['score']:.2f} ({m.params['method']})" for m in steps)


def test_simulation_warnings_are_messages() -> None:
    sim = simulate(load_tender(EXAMPLES / "mozambique-water-meters.toml"), runs=200, seed=1)
    codes = [m.code for m in sim.warning_messages]
    assert "tenders.sim.archetypes" in codes
    assert list(sim.warnings) == sim.to_dict()["warnings"]
    assert all(c in catalog() for c in codes)
