"""`chuhai tender history` and chuhai.tenders.history over real World Bank award rows:
the issue's JSON contract, CSV, the zh/en table, small samples, no data, bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from tests.awards_fixture import awards_warehouse, fixture_rows
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.data.queries.shares import SMALL_SAMPLE, wilson
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError
from chuhai.tenders.history import history

runner = CliRunner()
CONTRACT_KEYS = {"contract_id", "fiscal_year", "supplier", "supplier_country", "amount_usd", "method",
                 "description", "match"}
SHARE_KEYS = {"domestic_share", "bloc_share", "chinese_share", "other_share", "n"}


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return awards_warehouse(tmp_path_factory.mktemp("hist"))


def _run(args: list[str]) -> str:
    res = runner.invoke(app, ["tender", "history", *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_json_contract(wh: Warehouse) -> None:
    d = json.loads(_run(["--country", "Kenya", "--product", "9028,8481", "--json", "-w", str(wh.home)]))
    assert {"demo", "country", "products", "contracts", "shares", "by_method"} <= set(d)
    assert d["country"] == "KEN" and d["products"] == ["9028", "8481"] and d["demo"] is False
    rows = [r for r in fixture_rows() if r["buyer_country"] == "KEN" and r["hs"][:4] in ("9028", "8481")]
    assert len(d["contracts"]) == len(rows) > 0
    for c in d["contracts"]:
        assert CONTRACT_KEYS <= set(c) and {"hs", "rule", "confidence"} == set(c["match"])
    assert SHARE_KEYS <= set(d["shares"])
    n = d["shares"]["n"]
    dom = sum(1 for r in rows if r["supplier_country"] == "KEN")
    assert d["shares"]["domestic_share"] == pytest.approx(dom / n, abs=1e-6)
    assert d["shares"]["intervals"]["domestic"] == pytest.approx(list(wilson(dom, n)), abs=1e-6)
    total = sum(d["shares"][k] for k in SHARE_KEYS - {"n"})
    assert total == pytest.approx(1.0, abs=1e-5)
    assert {m["method"] for m in d["by_method"]} == {r["method"] for r in rows}
    for m in d["by_method"]:
        assert SHARE_KEYS <= set(m) and "contracts" in m
    # the engine and the CLI agree
    assert history(wh, country="KEN", products=("9028", "8481")).to_dict() == d


def test_csv_and_years(wh: Warehouse, tmp_path: Path) -> None:
    out = tmp_path / "moz.csv"
    _run(["--country", "MOZ", "-p", "9028", "--years", "2017-2021", "--csv", str(out), "-w", str(wh.home)])
    got = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    ref = [r for r in fixture_rows() if r["buyer_country"] == "MOZ" and r["hs"].startswith("9028")
           and 2017 <= r["fiscal_year"] <= 2021]
    assert sorted(g["contract_id"] for g in got) == sorted(r["contract_id"] for r in ref)
    assert sum(float(g["amount_usd"]) for g in got) == pytest.approx(sum(r["amount_usd"] for r in ref))


@pytest.mark.parametrize(("lang", "title"), [("en", "Who wins"), ("zh", "谁在中标")])
def test_table_in_both_languages(wh: Warehouse, lang: str, title: str) -> None:
    out = _run(["--country", "MOZ", "-p", "9028", "--lang", lang, "-w", str(wh.home)])
    assert title in out and "SHENZEN CLOU" in out


def test_small_sample_said_only_when_small(wh: Warehouse) -> None:
    small = history(wh, country="MOZ", products=("9028",))
    big = history(wh, region="ECA", products=("90", "84"))
    assert small.shares.n < SMALL_SAMPLE and small.shares.small_sample
    assert any(m.code == "tenders.history.small_sample" for m in small.warning_messages)
    assert big.shares.n >= SMALL_SAMPLE and not big.shares.small_sample
    assert not any(m.code == "tenders.history.small_sample" for m in big.warning_messages)
    none = history(wh, country="MOZ", products=("8544",))
    assert none.contracts == () and none.shares.domestic_share is None
    assert [m.code for m in none.warning_messages] == ["tenders.history.none"]


def test_no_award_tables_and_bad_input(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "empty").create()
    res = history(wh, country="MOZ", products=("9028",))
    assert not res.available and [m.code for m in res.warning_messages] == ["tenders.history.no_tables"]
    with pytest.raises(InputError, match="HS2, HS4 or HS6"):
        history(wh, country="MOZ", products=("90282",))
    bad = runner.invoke(app, ["tender", "history", "--country", "MOZ", "-p", "9x", "-w", str(wh.home)])
    assert bad.exit_code == 1 and isinstance(bad.exception, InputError)
    both = runner.invoke(app, ["tender", "history", "--country", "MOZ", "--region", "AFE", "-w", str(wh.home)])
    assert both.exit_code == 2


@pytest.mark.parametrize("columns", ["200", "80"])
def test_tables_fit_the_terminal_in_chinese(wh: Warehouse, columns: str) -> None:
    """The tables go through commands/tables.py: at 80 columns nothing the user came for is
    cut ("ma…"), methods are named, and the count reads 份合同."""
    from rich.cells import cell_len

    from chuhai.data.reference.procurement_methods import load_methods
    from chuhai.i18n.latin import latin_words

    res = runner.invoke(app, ["--lang", "zh-CN", "tender", "history", "--country", "MOZ", "-p", "9028",
                              "-w", str(wh.home)], env={"COLUMNS": columns})
    assert res.exit_code == 0, res.output
    out = res.stdout
    result = history(wh, country="MOZ", products=("9028",))
    assert f"{result.n_contracts:,} 份合同" in out
    assert "…" not in out
    for m in result.by_method:
        assert load_methods()[m.method].label("zh") in out
    own = [w for c in result.contracts for w in (c.supplier or "", c.description or "")]
    own += [w.supplier for w in result.winners]
    leftover = latin_words(out, allow=[*own, "--json"])
    assert leftover == [], leftover
    assert max(cell_len(line) for line in out.splitlines()) <= int(columns)
