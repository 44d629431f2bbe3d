"""`chuhai countries`: resolve and list, English and Chinese names."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.errors import NotFoundError

runner = CliRunner()


def test_resolve_chinese_name_json() -> None:
    res = runner.invoke(app, ["countries", "吉尔吉斯斯坦", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["resolved"] == "KGZ"
    (c,) = out["countries"]
    assert c["iso2"] == "KG" and c["iso_numeric"] == 417 and c["name_en"] == "Kyrgyzstan"
    assert c["name_zh"] == "吉尔吉斯斯坦" and c["capital"] == "Bishkek"


def test_numeric_and_list() -> None:
    assert json.loads(runner.invoke(app, ["countries", "417", "--json"]).stdout)["resolved"] == "KGZ"
    out = json.loads(runner.invoke(app, ["countries", "--region", "South Asia", "--json"]).stdout)
    assert out["resolved"] is None and len(out["countries"]) == 8
    sub = json.loads(runner.invoke(app, ["countries", "stan", "--json"]).stdout)
    assert {"KAZ", "KGZ", "UZB", "PAK"} <= {c["iso3"] for c in sub["countries"]}


def test_table_shows_both_languages() -> None:
    res = runner.invoke(app, ["countries", "Mozambique"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "MOZ" in res.stdout and "莫桑比克" in res.stdout


def test_unknown_country_exit_1_with_suggestion() -> None:
    res = runner.invoke(app, ["countries", "Kirgizstan"])
    assert res.exit_code == 1
    assert isinstance(res.exception, NotFoundError) and "KGZ" in str(res.exception)


def test_console_script_prints_error_without_traceback() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    proc = subprocess.run([sys.executable, "-m", "chuhai", "countries", "Atlantis"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "unknown country 'Atlantis'" in proc.stderr and "Traceback" not in proc.stderr
