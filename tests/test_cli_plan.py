"""The `chuhai plan` CLI contract, through typer.testing.CliRunner on chuhai.cli.app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.errors import ScenarioError
from factories import make_warehouse

ROOT = Path(__file__).resolve().parents[1]
MOZ = ROOT / "examples" / "mozambique-water-meters.toml"
CONTRACT_MODE_KEYS = {"mode", "firm_npv_usd", "partner_npv_usd", "local_jobs",
                      "local_value_added_usd", "host_taxes_usd", "local_content", "qualifies",
                      "pareto"}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _json(runner: CliRunner, *args: str) -> dict:
    res = runner.invoke(app, ["plan", *args, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_json_contract(runner):
    d = _json(runner, str(MOZ))
    assert d["demo"] is False and d["market"] == "MOZ"
    assert len(d["modes"]) == 7
    for m in d["modes"]:
        assert CONTRACT_MODE_KEYS <= set(m)
        assert all(isinstance(m[k], float | int) for k in
                   ("firm_npv_usd", "partner_npv_usd", "local_jobs", "local_value_added_usd",
                    "host_taxes_usd"))
        assert set(m["local_content"]) == set(m["qualifies"]) == {"wb_group_a", "in_mii", "id_tkdn"}
        assert all(0.0 <= v <= 1.0 for v in m["local_content"].values())
        assert all(isinstance(v, bool) for v in m["qualifies"].values())
        assert isinstance(m["pareto"], bool)
    rec = d["recommendation"]
    assert rec["mode"] in {m["mode"] for m in d["modes"]} and rec["reason"]


def test_share_option_overrides_s(runner):
    lo = _json(runner, str(MOZ), "--share", "0.10")
    hi = _json(runner, str(MOZ), "--share", "0.20")
    assert lo["share"] == 0.10 and hi["share"] == 0.20
    ckd_lo = next(m for m in lo["modes"] if m["mode"] == "ckd_assembly")
    ckd_hi = next(m for m in hi["modes"] if m["mode"] == "ckd_assembly")
    assert ckd_hi["firm_npv_usd"] > ckd_lo["firm_npv_usd"]
    assert ckd_hi["partner_npv_usd"] < ckd_lo["partner_npv_usd"]


def test_warehouse_option_and_demo(runner, tmp_path):
    text = MOZ.read_text(encoding="utf-8")
    start = text.index("\n[market.tariffs]")
    end = text.index("\n[market.gates]")
    sc = tmp_path / "moz.toml"
    sc.write_text(text[:start] + text[end:], encoding="utf-8")
    rows = [{"importer": "MOZ", "partner": "MFN", "hs6": h, "year": 2024, "rate": r,
             "non_ad_valorem": False} for h, r in (("902820", 0.075), ("854231", 0.0))]
    wh = make_warehouse(tmp_path / "wh", demo=True, tariffs=rows)
    res = runner.invoke(app, ["plan", str(sc), "--warehouse", str(wh.home), "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["demo"] is True
    assert d["tariffs"]["cbu"]["rate"] == 0.075 and d["tariffs"]["components"]["rate"] == 0.0
    assert "DEMO" in res.stderr


def test_human_table_and_html(runner, tmp_path):
    page = tmp_path / "plan.html"
    res = runner.invoke(app, ["plan", str(MOZ), "--html", str(page)])
    assert res.exit_code == 0, res.output
    assert "Recommendation:" in res.stdout and "direct_export" in res.stdout
    html = page.read_text(encoding="utf-8")
    assert "<script src=" not in html  # plotly.js inlined: renders offline
    assert "Plotly.newPlot" in html and html.count("Plotly.newPlot") == 3
    assert "Pareto set" in html and "What moves the firm" in html and "Monte Carlo" in html


def test_bad_scenario_raises_scenario_error(runner, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(MOZ.read_text(encoding="utf-8").replace("share = 0.15", "share = 2"),
                   encoding="utf-8")
    res = runner.invoke(app, ["plan", str(bad), "--json"])
    assert res.exit_code != 0
    assert isinstance(res.exception, ScenarioError)
    assert "partner.share" in str(res.exception) and "bad.toml" in str(res.exception)


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.toml")), ids=lambda p: p.stem)
def test_every_example_through_the_cli(runner, path):
    d = _json(runner, str(path))
    assert d["modes"] and d["recommendation"]["mode"]


def test_default_warehouse_from_chuhai_home(runner, tmp_path, monkeypatch):
    text = MOZ.read_text(encoding="utf-8")
    sc = tmp_path / "moz.toml"
    sc.write_text(text.replace("\ncbu = 0.075", ""), encoding="utf-8")
    rows = [{"importer": "MOZ", "partner": "CHN", "hs6": "902820", "year": 2023, "rate": 0.01,
             "non_ad_valorem": False}]
    wh = make_warehouse(tmp_path / "home", demo=True, tariffs=rows)
    monkeypatch.setenv("CHUHAI_HOME", str(wh.home))
    d = _json(runner, str(sc))
    assert d["tariffs"]["cbu"]["rate"] == 0.01 and d["demo"] is True
    monkeypatch.setenv("CHUHAI_HOME", str(tmp_path / "empty"))
    d = _json(runner, str(sc))  # no warehouse there: the missing rate is warned, not an error
    assert d["tariffs"]["cbu"]["rate"] == 0.0 and d["demo"] is False
    assert any(w.startswith("tariff on cbu") for w in d["warnings"])
