"""Monte Carlo and optimiser: reproducibility, agreement with the scalar evaluator, infeasibility."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chuhai.errors import InfeasibleError, NotFoundError, ScenarioError
from chuhai.tenders import evaluate, load_tender, optimise, simulate
from chuhai.tenders.simulate import build_field, draw, rival_offer, run_field
from test_tenders_support import offer, tender

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "tenders"


def test_same_seed_same_probabilities_other_seed_differs() -> None:
    t = load_tender(EXAMPLES / "kyrgyzstan-meters.toml")
    a = simulate(t, runs=3000, seed=42).to_dict()
    b = simulate(t, runs=3000, seed=42).to_dict()
    c = simulate(t, runs=3000, seed=43).to_dict()
    assert a["win_probability"] == b["win_probability"]
    assert a["expected_profit_usd"] == b["expected_profit_usd"]
    assert a["win_probability"] != c["win_probability"]
    assert sum(a["expected_share"].values()) == pytest.approx(1.0)


@pytest.mark.parametrize("name", ["mozambique-water-meters.toml", "india-smart-meters.toml",
                                  "kyrgyzstan-meters.toml"])
def test_vectorised_rows_agree_with_the_scalar_evaluator(name: str) -> None:
    """Each simulated row, re-evaluated as an ordinary tender, gives the same awards."""
    t = load_tender(EXAMPLES / name)
    own = next(o for o in t.offers if o.own)
    f = build_field(t, own, reference_price=t.simulation.reference_price or own.price)
    rp, rt = draw(np.random.default_rng(9), f, 40)
    shares, _ = run_field(f, rp, rt, divisible=t.tender.divisible)
    rivals = [rival_offer(t, i, r)[0] for i, r in enumerate(t.rivals)]
    fixed = [own] + [o for o in t.offers if not o.own]
    for j in range(rp.shape[0]):
        drawn = [r.model_copy(update={"price": float(rp[j, k]), "technical_score": float(rt[j, k])})
                 for k, r in enumerate(rivals)]
        row = t.model_copy(update={"offers": tuple(fixed + drawn), "rivals": ()})
        res = evaluate(row)
        got = {b.bidder: b.share for b in res.bids}
        want = dict(zip(f.names, shares[j].tolist(), strict=True))
        assert got == pytest.approx(want), j


def test_expected_profit_matches_hand_calculation_when_deterministic() -> None:
    """No rivals: the JV always wins; E[profit] = Q·(P − c) exactly."""
    t = tender("mz-decree-5-2016", "MOZ",
               [offer("JV", 41, "MOZ", own=True, unit_cost=34.2), offer("Rival", 42.5, "ZAF", registered_in=["MOZ"])],
               info={"quantity": 20000})
    sim = simulate(t, runs=1000, seed=0)
    assert sim.win_probability["JV"] == 1.0
    assert sim.expected_profit == pytest.approx(20000 * (41 - 34.2))
    assert sim.expected_profit_usd == pytest.approx(sim.expected_profit)


def test_unknown_archetype_and_missing_neighbour() -> None:
    with pytest.raises(NotFoundError, match="low_cost_importer"):
        simulate(tender("wb-goods", "MOZ", [offer("A", 1, "CHN")],
                        rivals=[{"name": "X", "archetype": "pirate"}]), runs=10, seed=0)
    with pytest.raises(ScenarioError, match="neighbour_country"):
        simulate(tender("wb-goods", "MOZ", [offer("A", 1, "CHN")],
                        rivals=[{"name": "X", "archetype": "regional_neighbour"}]), runs=10, seed=0)


def test_optimise_finds_feasible_best_and_frontier() -> None:
    res = optimise(load_tender(EXAMPLES / "mozambique-water-meters.toml"), runs=3000, seed=1)
    b = res.best
    assert b.mode == "Dongguan–Maputo JV (local assembly)" and b.eligible
    assert b.win_probability >= 0.5 and (b.margin or 0) >= 0
    feas = [p for p in res.frontier if p.win_probability >= 0.5]
    assert b.expected_profit == pytest.approx(max(p.expected_profit for p in feas))
    assert any(p.pareto for p in res.frontier)
    d = res.to_dict()
    assert {"best", "frontier", "expected_profit_usd", "constraint"} <= set(d)


def test_optimise_kit_price_respects_local_content_threshold() -> None:
    """India: a high kit price drops the JV below Class-I; the optimiser keeps it preferred."""
    res = optimise(load_tender(EXAMPLES / "india-smart-meters.toml"), runs=2000, seed=2)
    assert res.best.preferred and res.best.local_content >= 0.5
    assert res.best.kit_price is not None and res.best.partner_share is not None


def test_optimise_infeasible_says_why() -> None:
    t = load_tender(EXAMPLES / "mozambique-water-meters.toml")
    with pytest.raises(InfeasibleError, match=r"win probability ≥ 100%.*highest win probability"):
        optimise(t, runs=500, seed=1, min_win_probability=1.0, min_margin=0.3)


def test_optimise_searches_declared_local_content() -> None:
    """WB goods: raising local content above 30 % (Group A) costs 0.05 per point but wins the margin."""
    t = tender("wb-goods", "MOZ",
               [offer("Us", 108, "MOZ", own=True, unit_cost=90, local_content=0.10),
                offer("Importer", 100, "CHN")],
               optimise={"price_min": 95, "price_max": 112, "price_steps": 18,
                         "local_contents": [0.10, 0.35], "local_content_cost": 0.05})
    res = optimise(t, runs=200, seed=0)
    assert res.best.local_content == pytest.approx(0.35) and res.best.preferred
    assert res.best.price > 100  # wins above the importer's price thanks to the 15 % margin
