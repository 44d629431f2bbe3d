"""CLI contracts of `chuhai data import|info|download` (issue 2 §6), via CliRunner."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from chuhai.cli import app

runner = CliRunner()
CSV = "t,i,j,k,v,q\n2023,156,398,902820,1.5,NA\n2023,156,417,90280,2.25,0.5\n2022,4,8,10111,3,1\n"


def _json(args: list[str]) -> dict:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_import_and_info_json_contract(tmp_path: Path) -> None:
    path = tmp_path / "BACI_HS22_Y2023_V202501.csv"
    path.write_text(CSV)
    home = str(tmp_path / "wh")
    out = _json(["data", "import", str(path), "--warehouse", home, "--json"])
    (item,) = out["imported"]
    assert {"source", "file", "sha256", "rows", "value_usd"} <= item.keys()
    assert item["source"] == "baci" and item["file"] == path.name and item["rows"] == 3
    assert item["value_usd"] == 1500 + 2250 + 3000 and len(item["sha256"]) == 64
    again = _json(["data", "import", str(path), "--warehouse", home, "--json"])
    assert again["imported"][0]["status"] == "unchanged"
    info = _json(["data", "info", "--warehouse", home, "--json"])
    assert info["demo"] is False
    trade = info["trade"]
    assert {"rows", "value_usd", "years", "exporters", "importers", "products"} <= trade.keys()
    assert trade["rows"] == 3 and trade["value_usd"] == 6750 and trade["years"] == [2022, 2023]
    assert trade["exporters"] == 2 and trade["importers"] == 3 and trade["products"] == 3
    (prov,) = [p for p in info["imports"] if p["source"] != "reference"]
    assert prov["sha256"] == item["sha256"] and prov["source"] == "baci"
    assert prov["release"] == "202501" and prov["rows"] == 3


def test_import_flags_and_usage_errors(tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    path.write_text(CSV)
    home = str(tmp_path / "wh")
    res = runner.invoke(app, ["data", "import", str(path), "--warehouse", home])
    assert res.exit_code == 1 and "hs-revision" in str(res.exception)
    out = _json(["data", "import", str(path), "--source", "baci", "--hs-revision", "hs17",
                 "--warehouse", home, "--json"])
    assert out["imported"][0]["rows"] == 3
    res = runner.invoke(app, ["data", "import", "--warehouse", home])
    assert res.exit_code == 2  # usage


def test_download_baci_from_local_file_and_import(tmp_path: Path) -> None:
    z = tmp_path / "mirror.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("BACI_HS22_Y2023_V202501.csv", CSV.replace("2022,", "2023,"))
    home = str(tmp_path / "wh")
    out = _json(["data", "download", "baci", "--release", "202501", "--hs", "HS22",
                 "--url", str(z), "--dest", str(tmp_path / "dl"), "--import",
                 "--warehouse", home, "--json"])
    (dl,) = out["downloaded"]
    assert dl["path"].endswith("BACI_HS22_V202501.zip") and len(dl["sha256"]) == 64
    assert out["imported"][0]["rows"] == 3


def test_download_comtrade_via_mock_transport(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chuhai.data import download

    record = {"typeCode": "C", "refYear": 2022, "reporterCode": 32, "reporterISO": "ARG",
              "flowCode": "X", "partnerCode": 398, "partnerISO": "KAZ", "partner2Code": 0,
              "classificationCode": "H6", "cmdCode": "848180", "customsCode": "C00",
              "motCode": 0, "netWgt": 10.0, "primaryValue": 99.0}
    seen: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        return httpx.Response(200, json={"count": 1, "data": [record], "error": ""})

    monkeypatch.setattr(download, "default_transport", lambda: httpx.MockTransport(handler))
    home = str(tmp_path / "wh")
    out = _json(["data", "download", "comtrade", "--reporter", "ARG", "--year", "2022",
                 "--dest", str(tmp_path), "--import", "--warehouse", home, "--json"])
    assert out["downloaded"][0]["path"].endswith("comtrade_ARG_X_2022.json")
    assert out["imported"][0]["value_usd"] == 99.0
    assert "preview" in str(seen[0].url)
