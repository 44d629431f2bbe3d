"""OCDS award rows carry their buyer's World Bank lending region, as the WB rows do, so
``chuhai tender history --region`` finds them."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.data.demo.awards import AWARDS_FILE
from chuhai.data.importer import import_paths
from chuhai.data.reference.countries import lending_region
from chuhai.data.warehouse import Warehouse
from chuhai.tenders.history import history

ARMENIA = "ocds-sample-armenia-armeps/releases/6.json"
MOLDOVA = "ocds-sample-moldova-ppa"


def test_lending_region_agrees_with_every_world_bank_row() -> None:
    """The reference table against the Bank's own Region column of the shipped awards."""
    path = Path(__file__).parents[1] / "src" / "chuhai" / "data" / "demo" / AWARDS_FILE
    t = pq.read_table(path, columns=["buyer_country", "region"]).to_pylist()
    pairs = {(r["buyer_country"], r["region"]) for r in t if r["buyer_country"]}
    assert len(pairs) >= 140
    wrong = sorted((b, r, lending_region(b)) for b, r in pairs if lending_region(b) != r)
    assert wrong == []
    assert lending_region("USA") is None and lending_region(None) is None
    assert lending_region("nam") == "AFE" and lending_region("GNQ") == "AFW"


def test_ocds_rows_answer_a_region_query(shared_data: Path, tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh").create()
    files = [shared_data / ARMENIA, *sorted((shared_data / MOLDOVA).rglob("*.json"))[:3]]
    import_paths(wh, files)
    with wh.connect() as con:
        rows = con.execute("SELECT buyer_country, region, count(*) FROM contract_awards "
                           "GROUP BY ALL ORDER BY 1").fetchall()
    assert {b for b, _, _ in rows} >= {"ARM"}
    assert all(r == "ECA" for b, r, _ in rows if b in ("ARM", "MDA"))
    res = history(wh, region="ECA")
    n_arm = sum(n for b, _, n in rows if b == "ARM")
    assert sum(1 for c in res.contracts if c.buyer_country == "ARM") == n_arm > 0
    assert history(wh, region="AFE").contracts == ()
    out = CliRunner().invoke(app, ["tender", "history", "--region", "eca", "--json", "-w", str(wh.home)])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc["region"] == "ECA" and len(doc["contracts"]) == sum(n for *_, n in rows)
    assert {c["source"] for c in doc["contracts"]} == {"ocds"}


def test_amounts_in_their_currency_in_the_table_and_csv(shared_data: Path, tmp_path: Path) -> None:
    """Armenian awards in AMD with no stored rate: the CSV keeps amount and currency beside the
    empty amount_usd and its flag, the table shows the AMD amount."""
    import csv
    import io

    wh = Warehouse(tmp_path / "wh").create()
    import_paths(wh, [shared_data / ARMENIA])
    out = tmp_path / "arm.csv"
    runner = CliRunner()
    res = runner.invoke(app, ["tender", "history", "--country", "ARM", "--csv", str(out), "-w", str(wh.home)],
                        env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    priced = [r for r in rows if r["amount"]]
    assert priced and all(r["currency"] == "AMD" and r["amount_usd"] == "" and r["usd_flag"] == "no_rate"
                          for r in priced)
    assert "AMD" in res.stdout
