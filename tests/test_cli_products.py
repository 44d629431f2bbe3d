"""`chuhai products search`: JSON contract, warehouse vs packaged list, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.errors import NotFoundError
from factories import make_warehouse

runner = CliRunner()


def test_search_packaged_json(tmp_path: Path) -> None:
    res = runner.invoke(app, ["products", "search", "water meter", "--json", "--limit", "3",
                              "--warehouse", str(tmp_path / "none")])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["demo"] is False and out["source"] == "packaged HS 2022"
    assert out["matches"][0] == {
        "hs6": "902820", "hs_revision": "HS22",
        "description": "Meters; liquid supply or production meters, including calibrating meters thereof",
        "score": 1.0, "description_zh": "液量计（水表等），包括其校准仪表",
    }
    assert len(out["matches"]) <= 3


def test_search_prefix_table(tmp_path: Path) -> None:
    res = runner.invoke(app, ["products", "search", "8481", "--warehouse", str(tmp_path / "none")])
    assert res.exit_code == 0
    assert "848180" in res.stdout and "848190" in res.stdout


def test_search_demo_warehouse_says_demo(tmp_path: Path) -> None:
    wh = make_warehouse(tmp_path / "wh", demo=True, products=[
        {"hs6": "902830", "hs_revision": "HS17", "description": "Electricity supply or production meters"}])
    res = runner.invoke(app, ["products", "search", "electricity meter", "--json", "--warehouse", str(wh.home)])
    assert res.exit_code == 0
    out = json.loads(res.stdout)
    assert out["demo"] is True and out["source"] == "warehouse"
    assert [(m["hs6"], m["hs_revision"]) for m in out["matches"]] == [("902830", "HS17")]


def test_no_match_is_a_user_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["products", "search", "zzzqqq", "--warehouse", str(tmp_path / "none")])
    assert res.exit_code == 1
    assert isinstance(res.exception, NotFoundError)


def test_usage_error_exit_2() -> None:
    res = runner.invoke(app, ["products", "search"])
    assert res.exit_code == 2


def test_empty_warehouse_falls_back_to_packaged_list(tmp_path: Path) -> None:
    wh = make_warehouse(tmp_path / "wh", trade=[{
        "year": 2022, "exporter": "CHN", "importer": "KGZ", "hs6": "902830", "hs_revision": "HS22",
        "value_usd": 10.0}])
    res = runner.invoke(app, ["products", "search", "water meter", "--json", "--warehouse", str(wh.home)])
    out = json.loads(res.stdout)
    assert out["source"] == "packaged HS 2022" and out["matches"][0]["hs6"] == "902820"
