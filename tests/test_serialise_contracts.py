"""One serialiser, one schema: the plan and tender JSON come from ``chuhai.serialise.to_json``
over the result types, the API's response models are ``model_of`` those types, and the keys
are the recorded contract (recorded from ``chuhai plan|tender ... --json`` before the
results were serialised by ``to_json``)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from chuhai.entry import load_scenario, plan
from chuhai.entry.results import PlanResult
from chuhai.messages import Message, template
from chuhai.serialise import to_json
from chuhai.tenders import evaluate, load_tender, optimise, simulate
from chuhai.tenders.results import Evaluation, OptimiseResult, SimulationResult
from chuhai.web import Settings, create_app
from chuhai.web.api import entry as entry_api
from chuhai.web.api import tenders as tenders_api
from chuhai.web.api.schema import model_of
from test_tenders_support import offer, tender
from test_web_helpers import Client

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

PLAN = ["demo", "market", "market_name", "scenario", "share", "year", "horizon_years", "regimes",
        "tariffs", "modes", "recommendation", "tornado", "warnings", "warnings_messages",
        "evidence"]  # evidence (issue 11): the market's real awards, null without award data
MODE = ["mode", "label", "firm_npv_usd", "partner_npv_usd", "local_jobs", "local_value_added_usd",
        "host_taxes_usd", "local_content", "qualifies", "pareto", "preference_band",
        "preference_band_messages", "gates", "gates_messages", "tender_share", "firm_irr", "partner_irr",
        "firm_payback_years", "partner_payback_years", "price_usd", "landed_cost_usd", "unit_cost_usd",
        "local_value", "cash_flows", "sourcing", "kit", "montecarlo"]
REGIME = ["id", "name", "instrument", "clause", "threshold", "strict", "confidence", "sources", "note",
          "uncertain", "threshold_default", "threshold_basis", "threshold_source"]  # applied (issue 13)
IRR = ["value", "reason", "reason_message"]
LOCAL_VALUE = ["jobs", "jobs_by_year", "value_added_usd", "host_taxes_usd", "vat_on_sales_usd",
               "partner_earnings_usd", "local_wages_usd"]
MONTECARLO = ["draws", "seed", "p10", "p50", "p90", "mean", "prob_negative", "hist_counts", "hist_edges"]
KIT = ["mode", "regime", "kit_home_cost_usd", "kit_price_usd", "arm_length_min_usd", "arm_length_max_usd",
       "lc_cap_usd", "break_even_usd", "feasible_min_usd", "feasible_max_usd", "min_local_content",
       "local_content", "shortfall", "note", "note_messages"]
BAR = ["variable", "low_input", "high_input", "npv_low", "npv_high", "base_npv", "swing"]

EVALUATION = ["rulepack", "method", "mechanism", "currency", "quantity", "bids", "winner", "awards",
              "warnings", "warnings_messages", "demo"]
BID = ["bidder", "price", "evaluated_price", "score", "rank", "preferred", "eligible", "gates", "warnings",
       "warnings_messages", "local_content", "local_content_basis", "local_content_basis_message", "class",
       "origin", "share", "own", "duty_rate", "profit_if_awarded", "steps", "steps_messages", "why_lost",
       "why_lost_message"]
GATE = ["name", "passed", "reason", "reason_message", "applies", "confidence"]
AWARD = ["bidder", "share", "quantity", "unit_price"]
SIMULATION = [*EVALUATION, "runs", "seed", "own", "win_probability", "expected_share", "expected_profit",
              "expected_profit_usd", "alternatives"]
ALTERNATIVE = ["bidder", "win_probability", "expected_share", "expected_profit", "expected_profit_usd",
               "preferred", "eligible"]
OPTIMISE = ["rulepack", "best", "expected_profit_usd", "constraint", "frontier", "evaluated_points", "runs",
            "seed", "warnings", "warnings_messages", "demo"]
FRONTIER = ["pareto", "mode", "price", "kit_price", "partner_share", "local_content", "preferred",
            "eligible", "win_probability", "expected_profit", "margin"]


def _json(d: dict[str, Any]) -> Any:
    return json.loads(json.dumps(d))


def test_api_response_models_are_derived_from_the_result_types() -> None:
    assert entry_api.PlanOut is model_of(PlanResult, "PlanOut")
    assert tenders_api.EvaluationOut is model_of(Evaluation, "EvaluationOut")
    assert tenders_api.SimulationOut is model_of(SimulationResult, "SimulationOut")
    assert tenders_api.OptimiseOut is model_of(OptimiseResult, "OptimiseOut")
    assert list(entry_api.PlanOut.model_fields) == PLAN
    assert list(tenders_api.EvaluationOut.model_fields) == [*EVALUATION, "lots"]  # lots: when there are
    assert list(tenders_api.SimulationOut.model_fields) == [*EVALUATION, "lots", *SIMULATION[len(EVALUATION):],
                                                            "calibration"]  # calibration: when asked
    assert list(tenders_api.OptimiseOut.model_fields) == OPTIMISE


def test_plan_json_keys_are_the_recorded_contract() -> None:
    res = plan(load_scenario(EXAMPLES / "mozambique-water-meters.toml"))
    d = res.to_dict()
    assert d == to_json(res)
    assert list(d) == PLAN and d["evidence"] is None  # no warehouse given
    assert [list(r) for r in d["regimes"]] == [REGIME] * len(res.regimes)
    assert all(list(t) == ["rate", "source"] for t in d["tariffs"].values())
    assert d["tariffs"]["cbu"]["rate"] == res.tariffs["cbu"]
    assert list(d["recommendation"]) == ["mode", "reason", "reason_message"]
    assert d["recommendation"]["mode"] == res.recommendation[0]
    assert list(d["tornado"]) == ["mode", "bars"] and list(d["tornado"]["bars"][0]) == BAR
    bar = res.tornado[0]
    assert d["tornado"]["bars"][0]["swing"] == abs(bar.npv_high - bar.npv_low)
    kits = [m["kit"] for m in d["modes"] if m["kit"] is not None]
    assert kits and all(list(k) == KIT for k in kits)
    for m, r in zip(d["modes"], res.modes, strict=True):
        assert list(m) == MODE and list(m["firm_irr"]) == IRR and list(m["local_value"]) == LOCAL_VALUE
        assert list(m["montecarlo"]) == MONTECARLO
        assert (m["local_jobs"], m["host_taxes_usd"]) == (r.value.jobs, r.value.host_taxes_usd)
        assert m["preference_band"] == r.bands and m["gates"] == list(r.gates)
        if r.firm_irr.reason_message is None:  # no reason: "" and null, as before
            assert (m["firm_irr"]["reason"], m["firm_irr"]["reason_message"]) == ("", None)
    entry_api.PlanOut.model_validate(_json(d))


def test_tender_json_keys_are_the_recorded_contract() -> None:
    t = load_tender(EXAMPLES / "tenders" / "mozambique-water-meters.toml")
    ev = evaluate(t)
    d = ev.to_dict()
    assert list(d) == EVALUATION and all(list(b) == BID for b in d["bids"])
    assert all(list(a) == AWARD for a in d["awards"])
    gates = [g for b in d["bids"] for g in b["gates"]]
    assert gates and all(list(g) == GATE for g in gates)
    b0, r0 = d["bids"][0], ev.bids[0]
    assert b0["price"] == round(r0.price, 6) and b0["steps"] == list(r0.steps)
    tenders_api.EvaluationOut.model_validate(_json(d))

    sim = simulate(t, runs=300, seed=3)
    s = sim.to_dict()
    assert list(s) == SIMULATION and all(list(a) == ALTERNATIVE for a in s["alternatives"])
    assert s["warnings"] == list(sim.warnings)  # the simulation's, in the evaluation's place
    assert s["win_probability"] == {k: round(v, 6) for k, v in sim.win_probability.items()}
    tenders_api.SimulationOut.model_validate(_json(s))

    opt = optimise(t, runs=200, seed=3)
    o = opt.to_dict()
    assert list(o) == OPTIMISE and list(o["best"]) == FRONTIER
    assert all(list(p) == FRONTIER for p in o["frontier"])
    assert o["expected_profit_usd"] == (None if opt.best_profit_usd is None else round(opt.best_profit_usd, 2))
    tenders_api.OptimiseOut.model_validate(_json(o))


def test_lots_are_the_lot_id_then_the_evaluation_keys() -> None:
    t = tender("wb-goods", "MOZ", [offer("A", 100, "CHN", lots=["north"]), offer("C", 95, "CHN")],
               lots=[{"id": "north", "quantity": 10}])
    d = evaluate(t).to_dict()
    assert list(d) == [*EVALUATION, "lots"] and list(d["lots"][0]) == ["lot", *EVALUATION]
    tenders_api.EvaluationOut.model_validate(_json(d))
    single = evaluate(tender("wb-goods", "MOZ", [offer("A", 100, "CHN")])).to_dict()
    assert "lots" not in single  # left out when there are none, as before


# -- the serialiser's field metadata ------------------------------------------------------------
NOTE = template("test.contract.note", "note {n}")
JOINED = template("test.contract.joined", "{notes:semi}")


@dataclasses.dataclass(frozen=True)
class _Inner:
    a: int
    b: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Row:
    inner: _Inner = dataclasses.field(metadata={"json_flatten": True})
    b: str = "replaced"  # a later field of the same name replaces the flattened one in place
    x: float = dataclasses.field(default=1 / 3, metadata={"round": 2})
    ys: dict[str, float] = dataclasses.field(default_factory=lambda: {"k": 2, "m": 0.123456},
                                             metadata={"round": 3})
    none: Message | None = dataclasses.field(
        default=None, metadata={"json_name": "why", "json_always": True, "json_none": ""})
    empty: tuple[Message, ...] = dataclasses.field(default=(), metadata={"json_always": True})
    loose: tuple[Message, ...] = ()
    bands: dict[str, Message] = dataclasses.field(default_factory=dict, metadata={"json_always": True})
    notes: tuple[Message, ...] = dataclasses.field(
        default=(), metadata={"json_text": lambda ns: JOINED(notes=ns)})
    lots: tuple[int, ...] = dataclasses.field(default=(), metadata={"json_omit_empty": True})


def test_serialiser_metadata_and_model_of_agree() -> None:
    row = _Row(inner=_Inner(1, "b"), bands={"r": NOTE(n=1)}, notes=(NOTE(n=1), NOTE(n=2)))
    out = to_json(row)
    assert out == {
        "a": 1, "b": "replaced", "x": 0.33, "ys": {"k": 2.0, "m": 0.123}, "why": "", "why_message": None,
        "empty": [], "empty_messages": [], "loose": [],
        "bands": {"r": "note 1"},
        "bands_messages": {"r": {"code": "test.contract.note", "params": {"n": 1}, "text": "note 1"}},
        "notes": "note 1; note 2",
        "notes_messages": [{"code": "test.contract.note", "params": {"n": 1}, "text": "note 1"},
                           {"code": "test.contract.note", "params": {"n": 2}, "text": "note 2"}]}
    assert type(out["ys"]["k"]) is float  # rounded numbers are floats, as round(float(x), n)
    model = model_of(_Row)
    keys = list(out)
    assert list(model.model_fields) == [*keys[:9], "loose_messages", *keys[9:], "lots"]
    assert model.model_validate(out).model_dump(exclude_unset=True) == out
    with_lots = to_json(dataclasses.replace(row, lots=(1,)))
    assert with_lots["lots"] == [1]
    model.model_validate(with_lots)
    with pytest.raises(ValueError):
        model.model_validate({**out, "empty_messages": None})


def test_api_writes_exactly_the_serialisers_json(tmp_path: Path) -> None:
    """The response model validates the result's JSON and adds no key (exclude_unset)."""
    client = Client(create_app(Settings(warehouse=tmp_path)))
    sc = EXAMPLES / "mozambique-water-meters.toml"
    got = client.post("/api/v1/plan", json={"scenario": sc.read_text(encoding="utf-8")}).json()
    want = _json(plan(load_scenario(sc)).to_dict())
    assert list(got) == list(want) and got == want
    tf = EXAMPLES / "tenders" / "south-africa-meters.toml"
    got = client.post("/api/v1/tenders/simulate",
                      json={"tender": tf.read_text(encoding="utf-8"), "runs": 300, "seed": 3}).json()
    want = _json(simulate(load_tender(tf), runs=300, seed=3).to_dict())
    assert list(got) == list(want) and got == want
