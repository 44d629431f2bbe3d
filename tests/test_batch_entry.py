"""`chuhai batch` per row: the entry mode from a scenario template (the template's own
market planned as the template; another market adapted as docs/batch.md says, checked
against a plan of a scenario rebuilt here from the TOML), and the domestic-winner share
from real World Bank award rows (counted here from the fixture CSV, Wilson interval
computed here); both in the JSON, Parquet and Excel outputs."""

from __future__ import annotations

import json
import math
import shutil
import tomllib
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow.parquet as pq
import pytest
from tests.awards_fixture import add_awards, fixture_rows
from typer.testing import CliRunner

from chuhai.batch.portfolio import load_portfolio
from chuhai.batch.results import decode, encode
from chuhai.batch.run import run_batch
from chuhai.batch.scenarios import EXAMPLES_DIR
from chuhai.cli import app
from chuhai.data.warehouse import Warehouse
from chuhai.entry import parse_scenario, plan
from chuhai.errors import InputError
from factories import make_warehouse

EXAMPLE = EXAMPLES_DIR / "mozambique-water-meters.toml"
MARKETS = ("MOZ", "KEN", "AGO", "TZA", "EGY")
TRADE = [
    {"year": y, "exporter": e, "importer": i, "hs6": "902820", "hs_revision": "HS17",
     "value_usd": v * (1 + 0.1 * (y - 2019)), "quantity_t": v / 5000}
    for y in range(2019, 2024)
    for e, i, v in (("CHN", "MOZ", 3e6), ("DEU", "MOZ", 3e5), ("CHN", "KEN", 2e6),
                    ("DEU", "KEN", 1e6), ("CHN", "AGO", 5e5), ("PRT", "AGO", 9e5),
                    ("CHN", "TZA", 4e5), ("ZAF", "TZA", 2e5), ("DEU", "EGY", 7e5),
                    ("CHN", "EGY", 1e5))
]
KEN_GDP = 2100.0  # GDP per head held for Kenya only: AGO keeps the template's wage


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    home: Path = tmp_path_factory.mktemp("batch-entry")
    indicators = [{"iso3": "KEN", "year": 2022, "indicator": "gdp_per_capita_usd", "value": KEN_GDP}]
    return add_awards(make_warehouse(home, trade=TRADE, indicators=indicators))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def wilson(k: int, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def measured(buyer: str, product: str) -> tuple[int, int]:
    """(domestic winners, award rows with a supplier country) of the fixture for a buyer and
    a product code: a contract counts when one of its matches starts with the code or is a
    prefix of it of at least four digits."""
    rows = fixture_rows()
    hit = {(r["source"], r["contract_id"]) for r in rows if r["hs"] and (
        r["hs"].startswith(product) or (len(r["hs"]) >= 4 and product.startswith(r["hs"])))}
    mine = [r for r in rows if r["buyer_country"] == buyer and r["supplier_country"]
            and (r["source"], r["contract_id"]) in hit]
    return sum(r["supplier_country"] == buyer for r in mine), len(mine)


def test_domestic_winners_per_market(wh: Warehouse, tmp_path: Path) -> None:
    pf = load_portfolio(write(tmp_path / "p.csv", "firm,home,products\nMeters Co,CHN,902820\n"))
    row = run_batch(wh, pf, out=tmp_path / "out", top=len(MARKETS)).rows[0]
    assert {m.importer for m in row.markets} >= {"MOZ", "KEN", "AGO"}
    covered = 0
    for m in row.markets:
        k, n = measured(m.importer, "902820")
        if n == 0:
            assert m.domestic_winners is None, m.importer
            continue
        covered += 1
        w = m.domestic_winners
        assert w is not None and (w.k, w.n) == (k, n), m.importer
        assert w.share == pytest.approx(k / n)
        assert (w.low, w.high) == pytest.approx(wilson(k, n), abs=1e-12)
        assert w.small_sample == (n < 20) and w.sources == ("wb-contracts",)
    assert covered >= 2  # the fixture covers several of these markets
    table = pq.read_table(tmp_path / "out" / "rows.parquet").to_pylist()
    for line in table:
        k, n = measured(line["importer"], "902820")
        assert (line["domestic_winners"], line["awards"]) == ((k, n) if n else (None, None))


def test_no_award_data_no_share(tmp_path: Path) -> None:
    plain = make_warehouse(tmp_path / "plain", trade=TRADE)
    pf = load_portfolio(write(tmp_path / "p.csv", "firm,home,products\nA,CHN,902820\n"))
    row = run_batch(plain, pf, out=tmp_path / "out", top=3).rows[0]
    assert row.markets and all(m.domestic_winners is None for m in row.markets)


def reference_plan(wh: Warehouse, market: str, name: str | None, firm: str) -> Any:
    """The template rebuilt by hand for ``market`` (docs/batch.md), then planned."""
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["firm"]["name"] = firm
    m = data["market"]
    if market != m["country"]:
        fx = m["fx_lcu_per_usd"]
        wage = round(0.4 * KEN_GDP / 2000, 2) if market == "KEN" else m["wage_lcu_per_hour"] / fx
        m.update(country=market, name=name or market, currency="USD", fx_lcu_per_usd=1.0,
                 price_lcu=m["price_lcu"] / fx, wage_lcu_per_hour=wage)
        for key in ("tariffs", "gates", "segments"):
            m.pop(key, None)
    return plan(parse_scenario(data), warehouse=wh)


def test_entry_mode_from_a_template(wh: Warehouse, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "moz.toml")
    pf = load_portfolio(write(tmp_path / "p.csv", "firm,home,products,scenario\n"
                              "Meters Co,CHN,902820,moz.toml\n"
                              "Other Co,CHN,902820,mozambique-water-meters\n"
                              "Plain Co,CHN,902820,\n"))
    assert pf.rows[0].scenario_toml == pf.rows[1].scenario_toml == EXAMPLE.read_text("utf-8")
    result = run_batch(wh, pf, out=tmp_path / "out", top=4, entry_top=4)
    first, second, plain = result.rows
    assert plain.entry == () and plain.scenario is None
    assert [e.importer for e in first.entry] == [m.importer for m in first.markets]
    by = {e.importer: e for e in first.entry}
    assert {"MOZ", "KEN", "AGO"} <= set(by)
    names = {m.importer: m.name for m in first.markets}
    for iso in ("MOZ", "KEN", "AGO"):
        ref = reference_plan(wh, iso, names[iso], "Meters Co")
        got = by[iso]
        best = next(r for r in ref.modes if r.mode == ref.advice.mode)
        assert got.error is None and got.mode == ref.advice.mode, iso
        assert got.firm_npv_usd == pytest.approx(best.firm_npv_usd, rel=1e-9), iso
        assert got.local_value_usd == pytest.approx(best.local_value_added_usd, rel=1e-9)
        assert got.local_jobs == pytest.approx(best.local_jobs, rel=1e-9)
        assert got.primary_regime == "wb_group_a" and got.reason == ref.advice.reason
        assert got.adapted == (iso != "MOZ") and got.template_market == "MOZ"
        codes = [w.code for w in got.warnings]
        if iso == "MOZ":
            assert "batch.entry.adapted" not in codes
        else:
            assert codes[0] == "batch.entry.adapted"
            assert codes[1] == ("batch.entry.wage" if iso == "KEN" else "batch.entry.wage_kept")
    assert [e.mode for e in second.entry] == [e.mode for e in first.entry]
    for row in result.rows:  # stored and read back whole (messages with bilingual texts too)
        assert decode(json.loads(json.dumps(encode(row), ensure_ascii=False))) == row
    entry = pq.read_table(tmp_path / "out" / "entry.parquet").to_pylist()
    assert [(e["line"], e["importer"], e["mode"]) for e in entry] == \
        [(r.line, e.importer, e.mode) for r in (first, second) for e in r.entry]
    rows = [r for r in pq.read_table(tmp_path / "out" / "rows.parquet").to_pylist()
            if r["line"] == 2]
    assert {r["importer"]: r["entry_mode"] for r in rows} == {e.importer: e.mode for e in first.entry}
    wb = openpyxl.load_workbook(tmp_path / "out" / "batch.xlsx")
    assert wb["entry"].max_row == len(entry) + 1


def test_one_top_market_by_default_and_json(wh: Warehouse, tmp_path: Path) -> None:
    pf = write(tmp_path / "p.csv", "firm,home,products,scenario\nA,CHN,902820,mozambique-water-meters\n")
    r = CliRunner().invoke(app, ["--lang", "zh", "batch", str(pf), "--out", str(tmp_path / "out"),
                                 "--top", "3", "--warehouse", str(wh.home), "--json"])
    assert r.exit_code == 0, r.output
    row = json.loads(r.stdout)["rows"][0]
    assert row["scenario"] == "mozambique-water-meters" and len(row["entry"]) == 1
    e = row["entry"][0]
    assert e["importer"] == row["markets"][0]["importer"] and e["mode"]
    assert e["reason_message"]["code"] == "entry.rec.reason" and e["reason"]
    assert any("domestic_winners" in m for m in row["markets"])
    r = CliRunner().invoke(app, ["batch", str(pf), "--out", str(tmp_path / "out2"), "--top", "3",
                                 "--entry-top", "2", "--warehouse", str(wh.home), "--json"])
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.stdout)["rows"][0]["entry"]) == 2


@pytest.mark.parametrize(("cell", "examples_only", "words"), [
    ("nowhere.toml", False, "no scenario file 'nowhere.toml'"),
    ("broken.toml", False, "is not valid"),
    ("moz.toml", True, "only a shipped example"),
    ("/etc/passwd", True, "only a shipped example"),
    (str(EXAMPLE), True, "only a shipped example"),  # an absolute path: never opened on uploads
])
def test_scenario_errors_name_the_row(tmp_path: Path, cell: str, examples_only: bool,
                                      words: str) -> None:
    shutil.copy(EXAMPLE, tmp_path / "moz.toml")
    write(tmp_path / "broken.toml", "name = 'x'\n[firm]\nhs6 = 'abc'\n")
    path = write(tmp_path / "p.csv", f"firm,home,products,scenario\nA,CHN,902820,\nB,CHN,902820,{cell}\n")
    with pytest.raises(InputError) as info:
        load_portfolio(path, examples_only=examples_only)
    err = info.value
    assert (err.line, err.field) == (3, "scenario") and words in str(err)
    zh = err.text("zh", __import__("chuhai.i18n.catalogs", fromlist=["x"]).translations("zh").gettext)
    assert "第 3 行" in zh and "情景" in zh


def test_checkpoint_follows_the_template(wh: Warehouse, tmp_path: Path) -> None:
    tpl = tmp_path / "moz.toml"
    shutil.copy(EXAMPLE, tpl)
    path = write(tmp_path / "p.csv", "firm,home,products,scenario\nA,CHN,902820,moz.toml\n")
    out = tmp_path / "out"
    run_batch(wh, load_portfolio(path), out=out, top=3)
    assert run_batch(wh, load_portfolio(path), out=out, top=3).resumed == 1
    tpl.write_text(tpl.read_text("utf-8").replace("price_lcu = 3200", "price_lcu = 3300"), "utf-8")
    assert run_batch(wh, load_portfolio(path), out=out, top=3).resumed == 0


@pytest.mark.parametrize(("cell", "parsed"), [
    ("SSA ECA", ("SSA", "ECA")),
    ("Sub-Saharan Africa; Europe & Central Asia", ("Sub-Saharan Africa", "Europe & Central Asia")),
    ("South Asia, EAP", ("South Asia", "EAP")),
    ("撒哈拉以南非洲、ECA", ("撒哈拉以南非洲", "ECA")),
])
def test_region_names_keep_their_spaces(tmp_path: Path, cell: str, parsed: tuple[str, ...]) -> None:
    pf = load_portfolio(write(tmp_path / "p.csv", f'firm,home,products,regions\nA,CHN,902820,"{cell}"\n'))
    assert pf.rows[0].regions == parsed


@pytest.mark.parametrize("cell", ["mozambique-water-meters", "mozambique-water-meters.toml",
                                  "../mozambique-water-meters.toml"])
def test_an_upload_names_a_shipped_example_as_a_tender_does(tmp_path: Path, cell: str) -> None:
    """The one resolver (chuhai.entry.examples): the names a tender's entry.scenario takes."""
    path = write(tmp_path / "p.csv", f"firm,home,products,scenario\nB,CHN,902820,{cell}\n")
    rows = load_portfolio(path, examples_only=True).rows
    assert rows[0].scenario_toml == EXAMPLE.read_text(encoding="utf-8")
