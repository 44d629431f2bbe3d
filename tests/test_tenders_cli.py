"""CLI contract tests (`chuhai tender ...`) through Typer's CliRunner on chuhai.cli.app."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.errors import ScenarioError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "tenders"
MZ = str(EXAMPLES / "mozambique-water-meters.toml")
runner = CliRunner()


def _json(args: list[str]) -> object:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_rules_json_contract() -> None:
    packs = _json(["tender", "rules", "--json"])
    assert isinstance(packs, list) and len(packs) >= 17
    for p in packs:
        assert {"id", "jurisdiction", "instrument", "mechanism", "confidence", "sources"} <= set(p)
        assert p["sources"] and all("ref" in s and "title" in s for s in p["sources"])
    assert {p["id"]: p["confidence"] for p in packs}["afdb-goods"] == "L"


def test_rule_detail_json() -> None:
    p = _json(["tender", "rule", "in-ppp-mii-2020", "--json"])
    assert p["params"]["margin"]["value"] == 0.2 and p["params"]["margin"]["source"]


def test_evaluate_json_contract() -> None:
    d = _json(["tender", "evaluate", MZ, "--json"])
    assert {"rulepack", "method", "bids", "winner"} <= set(d)  # type: ignore[arg-type]
    assert d["rulepack"] == "mz-decree-5-2016" and d["winner"] == "Dongguan–Maputo JV (local assembly)"  # type: ignore[index]
    for b in d["bids"]:  # type: ignore[index]
        assert {"bidder", "price", "evaluated_price", "score", "rank", "preferred", "gates", "warnings"} <= set(b)
        for g in b["gates"]:
            assert {"name", "passed", "reason"} <= set(g)
    assert d["demo"] is True  # type: ignore[index]


def test_simulate_json_contract_and_reproducible() -> None:
    args = ["tender", "simulate", MZ, "--runs", "2000", "--seed", "3", "--json"]
    a, b = _json(args), _json(args)
    assert {"rulepack", "method", "bids", "winner", "win_probability", "expected_profit_usd"} <= set(a)  # type: ignore[arg-type]
    assert a["win_probability"] == b["win_probability"]  # type: ignore[index]
    assert set(a["win_probability"]) >= {"Dongguan Meters (import only)", "Low-cost importer"}  # type: ignore[index]
    assert a["runs"] == 2000 and a["seed"] == 3  # type: ignore[index]


def test_simulate_named_offer() -> None:
    d = _json(["tender", "simulate", MZ, "--runs", "500", "--seed", "1", "--json",
               "--offer", "Dongguan–Maputo JV (local assembly)"])
    assert d["own"] == "Dongguan–Maputo JV (local assembly)"  # type: ignore[index]
    assert d["expected_profit_usd"] > 0  # type: ignore[index,operator]


def test_optimise_json() -> None:
    d = _json(["tender", "optimise", MZ, "--runs", "500", "--seed", "1", "--json"])
    assert d["best"]["eligible"] and d["frontier"]  # type: ignore[index]


def test_human_output_has_tables_and_banner() -> None:
    res = runner.invoke(app, ["tender", "evaluate", MZ])
    assert res.exit_code == 0
    assert "winner" in res.stdout and "DEMO TENDER" in res.output
    res = runner.invoke(app, ["tender", "rules"])
    assert "mz-decree-5-2016" in res.stdout


def test_bad_file_names_field(tmp_path: Path) -> None:
    bad = tmp_path / "t.toml"
    bad.write_text(Path(MZ).read_text(encoding="utf-8").replace("quantity = 20000", "quantity = -1"),
                   encoding="utf-8")
    res = runner.invoke(app, ["tender", "evaluate", str(bad), "--json"])
    assert res.exit_code != 0
    assert isinstance(res.exception, ScenarioError)
    assert "tender.quantity" in str(res.exception) and "t.toml" in str(res.exception)
