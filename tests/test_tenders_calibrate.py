"""Rivals calibrated from real World Bank awards (chuhai.tenders.calibrate): the fitted
field reproduces the observed winner-origin mix under the rules the awards were made by;
every calibrated rival carries source and sample size; the archetype warning stays only
where no evidence exists."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tests.awards_fixture import awards_warehouse, fixture_rows
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.data.warehouse import Warehouse
from chuhai.tenders import load_tender, simulate
from chuhai.tenders.calibrate import (
    MIN_AWARDS,
    _as_awarded,
    calibrate,
    fit_ratios,
    simulate_calibrated,
)

MZ = Path(__file__).resolve().parents[1] / "examples" / "tenders" / "mozambique-water-meters.toml"


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return awards_warehouse(tmp_path_factory.mktemp("calib"))


def test_scope_country_then_region(wh: Warehouse) -> None:
    moz = calibrate(wh, buyer="MOZ", sector="9028")
    rows = [r for r in fixture_rows() if r["buyer_country"] == "MOZ" and r["hs"].startswith("9028")]
    assert moz.scope == "country" and moz.n == len(rows) >= MIN_AWARDS
    water = calibrate(wh, buyer="MOZ", sector="902820")  # one Mozambican water-meter award: too few
    afe = [r for r in fixture_rows() if r["region"] == "AFE" and r["hs"] == "902820" and r["supplier_country"]]
    assert water.scope == "region:AFE" and water.n == len(afe)
    assert water.neighbour is not None  # a same-bloc winner (e.g. South Africa in SADC) was seen
    none = calibrate(wh, buyer="MOZ", sector="8544")
    assert none.scope == "none" and not none.has_evidence


def test_fit_reproduces_the_observed_mix(wh: Warehouse) -> None:
    t = load_tender(MZ)
    cal = calibrate(wh, buyer="MOZ", sector="902820")
    origins = [o for o in ("domestic", "bloc", "chinese", "other") if cal.origin_mix.counts[o]]
    target = np.array([cal.origin_mix.counts[o] / cal.n for o in origins])
    t = t.model_copy(update={"simulation": t.simulation.model_copy(update={"neighbour_country": cal.neighbour})})
    ratios, reached = fit_ratios(_as_awarded(t, cal), origins, target, seed=3)
    assert reached.sum() == pytest.approx(1.0)
    assert np.max(np.abs(reached - target)) < 0.05
    assert all(0.4 <= r <= 2.5 for r in ratios)


def test_simulation_carries_the_calibration(wh: Warehouse) -> None:
    t = load_tender(MZ)
    res = simulate_calibrated(t, calibrate(wh, buyer="MOZ", sector="9028"), runs=4000, seed=1)
    d = res.to_dict()
    cal = d["calibration"]
    assert cal["scope"] == "country" and cal["n"] >= MIN_AWARDS
    assert {r["origin"] for r in cal["rivals"]} == {o for o, k in cal["origin_mix"]["counts"].items() if k}
    for r in cal["rivals"]:
        assert r["source"].startswith("awards:wb-contracts:country:HS9028") and r["n"] == cal["n"]
        assert abs(r["fitted_share"] - r["observed_share"]) < 0.06
    codes = [m["code"] for m in d["warnings_messages"]]
    assert "tenders.sim.calibrated" in codes and "tenders.sim.archetypes" not in codes
    assert set(d["win_probability"]) >= {r["name"] for r in cal["rivals"]}
    assert sum(d["expected_share"].values()) == pytest.approx(1.0, abs=1e-6)
    # without evidence: the file's archetypes and both warnings
    plain = simulate_calibrated(t, calibrate(wh, buyer="MOZ", sector="8544"), runs=2000, seed=1)
    pcodes = [m.code for m in plain.warning_messages]
    assert "tenders.sim.archetypes" in pcodes and "tenders.sim.no_evidence" in pcodes
    assert plain.win_probability == simulate(t, runs=2000, seed=1).win_probability


def test_cli_calibrate(wh: Warehouse) -> None:
    res = CliRunner().invoke(app, ["tender", "simulate", str(MZ), "--calibrate", "9028", "-n", "2000",
                                   "-w", str(wh.home), "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["calibration"]["n"] >= MIN_AWARDS and d["calibration"]["rivals"]
    plain = CliRunner().invoke(app, ["tender", "simulate", str(MZ), "-n", "2000", "--json"])
    assert "calibration" not in json.loads(plain.stdout)


def test_mozambique_example_shows_the_real_contracts(wh: Warehouse) -> None:
    """The seed's story from real data: the Mozambique tender names its goods (HS 9028), so the
    simulation prints and returns the real Mozambican meter awards beside it."""
    assert load_tender(MZ).tender.products == ("9028",)
    res = CliRunner().invoke(app, ["tender", "simulate", str(MZ), "-n", "1000", "-w", str(wh.home), "--json"])
    assert res.exit_code == 0, res.output
    ev = json.loads(res.stdout)["evidence"]
    rows = [r for r in fixture_rows() if r["buyer_country"] == "MOZ" and r["hs"].startswith("9028")]
    assert ev["country"] == "MOZ" and len(ev["contracts"]) == len(rows)
    assert {c["supplier"] for c in ev["contracts"]} == {r["supplier"] for r in rows}
    table = CliRunner().invoke(app, ["tender", "simulate", str(MZ), "-n", "1000", "-w", str(wh.home)],
                               env={"COLUMNS": "160"})
    assert "Real awards" in table.stdout and "AFRITOOL" in table.stdout
    plain = CliRunner().invoke(app, ["tender", "simulate", str(MZ), "-n", "1000", "--json"])
    assert "evidence" not in json.loads(plain.stdout)
