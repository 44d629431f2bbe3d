"""`chuhai batch`: portfolio validation, rows equal single scans, resume after SIGKILL,
the views, the outputs (formula-safe Excel, HTML index) and the CLI JSON contract."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from chuhai.batch.portfolio import PortfolioRow, load_portfolio
from chuhai.batch.results import decode, encode
from chuhai.batch.row import row_filters
from chuhai.batch.run import run_batch
from chuhai.cli import app
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError
from chuhai.markets import scan
from chuhai.messages import Message
from test_markets_support import COUNTRIES, PRODUCTS, build, world

SRC = Path(__file__).resolve().parents[1] / "src"
#: Fields that change between two runs of the same batch (timing, resumption).
TIMING = ("seconds", "resumed")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("batch-wh")
    build(path, demo=True, **world(seed=11))
    return path


def same(a: Any, b: Any) -> bool:
    """Equal, floats at rel 1e-12 (DuckDB's parallel sums may differ in the last ulp)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-12, abs=1e-300)
    if isinstance(a, Message) and isinstance(b, Message):
        return a.code == b.code and same(dict(a.params), dict(b.params))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def error_of(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_portfolio(path)
    return info.value


# --- validation ---------------------------------------------------------------------------

def test_minimal_rows_and_product_phrases(tmp_path: Path) -> None:
    pf = load_portfolio(write(tmp_path / "p.csv", "firm,home,products\nA,China,902820\n"
                              'B,VN,"848180, 9028"\nC,中国,water meter\n\n'))
    assert [r.line for r in pf.rows] == [2, 3, 4]  # the blank line is skipped
    assert [r.home for r in pf.rows] == ["CHN", "VNM", "CHN"]
    assert pf.rows[1].products == "848180,9028" and pf.rows[1].product_query is None
    assert pf.rows[2].products.startswith("9028") and pf.rows[2].product_query == "water meter"


@pytest.mark.parametrize(("text", "line", "field", "words"), [
    ("firm,home\nA,CHN\n", 1, "products", "missing column"),
    ("firm,home,products,colour\nA,CHN,902820,red\n", 1, "colour", "unknown column"),
    ("firm,home,products\nA,CHN,902820\nB,Atlantis,902820\n", 3, "home", "Atlantis"),
    ("firm,home,products\nA,CHN,90282\n", 2, "products", "2, 4 or 6 digits"),
    ("firm,home,products\n ,CHN,902820\n", 2, "firm", "empty"),
    ("firm,home,products,exclude\nA,CHN,902820,DEU;Narnia\n", 2, "exclude", "Narnia"),
    ("firm,home,products\n", 2, None, "no rows"),
])
def test_errors_name_line_and_column(tmp_path: Path, text: str, line: int, field: str | None,
                                     words: str) -> None:
    err = error_of(write(tmp_path / "p.csv", text))
    assert err.line == line and err.field == field and err.file == str(tmp_path / "p.csv")
    assert words in str(err) and f"line {line}" in str(err)


def test_gbk_csv_with_chinese_headers(tmp_path: Path) -> None:
    text = "企业,国家,产品,地区\n深圳水表厂,中国,902820,ECA\n宁波阀门,中国,848180,\n"
    pf = load_portfolio(write(tmp_path / "gbk.csv", text, "gbk"))
    assert [(r.firm, r.home, r.products, r.regions) for r in pf.rows] == [
        ("深圳水表厂", "CHN", "902820", ("ECA",)), ("宁波阀门", "CHN", "848180", ())]
    err = error_of(write(tmp_path / "bad.csv", "企业,国家,产品\n宁波阀门,火星国,848180\n", "gbk"))
    assert (err.line, err.field) == (2, "home") and "火星国" in str(err)
    (tmp_path / "latin.csv").write_bytes(b"firm,home,products\n\xff\xfe\x81,CHN,902820\n")
    err = error_of(tmp_path / "latin.csv")
    assert "neither UTF-8 nor GBK" in str(err)


def test_xlsx_numbers_keep_leading_zeros_and_errors_name_the_cell(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Firm", "Home", "Products"])
    ws.append(["Horse traders", "KAZ", 10111])  # 010111 typed as a number
    ws.append(["Meters", "DEU", 902820])
    wb.save(tmp_path / "p.xlsx")
    pf = load_portfolio(tmp_path / "p.xlsx")
    assert [r.products for r in pf.rows] == ["010111", "902820"]
    ws.append(["Nobody", "ZZZ-land", 902820])
    wb.save(tmp_path / "bad.xlsx")
    err = error_of(tmp_path / "bad.xlsx")
    assert (err.line, err.field) == (4, "home")
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    assert "xlsx" in str(error_of(tmp_path / "fake.xlsx"))


# --- rows equal single scans ----------------------------------------------------------------

PORTFOLIO = ("firm,home,products,regions,exclude\n"
             "Acme,CHN,902820,,\nAcme,CHN,848180,ECA,\nBeta,DEU,902820,,KAZ\n"
             "Gamma,VNM,9028,,\nDelta,CHN,010111,SSA;EAP,\nEpsilon,KAZ,902820,,\n")


def test_rows_equal_single_scans(home: Path, tmp_path: Path) -> None:
    pf = load_portfolio(write(tmp_path / "p.csv", PORTFOLIO))
    result = run_batch(Warehouse(home), pf, out=tmp_path / "out", top=4)
    assert len(result.rows) == 6 and result.resumed == 0
    for row, got in zip(pf.rows, result.rows, strict=True):
        ref = scan(Warehouse(home), product=row.products, exporter=row.home, top=4,
                   filters=row_filters(row))
        assert got.error is None and got.hs6 == ref.hs6 and got.years == ref.years
        assert [m.importer for m in got.markets] == [m.importer for m in ref.markets]
        for g, r in zip(got.markets, ref.markets, strict=True):
            for name in ("rank", "score", "imports_usd", "potential_usd", "untapped_usd",
                         "benchmark_untapped_usd", "localisation_pressure", "posture",
                         "tariff_exporter", "explanation"):
                assert same(getattr(g, name), getattr(r, name)), name
    assert "KAZ" not in {m.importer for m in result.rows[2].markets}
    assert {m.importer for m in result.rows[1].markets} <= {"DEU", "KAZ", "KGZ", "RUS"}


def test_a_row_equals_the_markets_cli(home: Path, tmp_path: Path) -> None:
    pf = load_portfolio(write(tmp_path / "p.csv", "firm,home,products\nA,CHN,902820\n"))
    got = run_batch(Warehouse(home), pf, out=tmp_path / "out", top=5).rows[0]
    r = CliRunner().invoke(app, ["markets", "--product", "902820", "--exporter", "CHN",
                                 "--top", "5", "--warehouse", str(home), "--json"])
    assert r.exit_code == 0, r.output
    ref = json.loads(r.stdout)["markets"]
    mine = got.to_dict()["markets"]
    assert [m["importer"] for m in mine] == [m["importer"] for m in ref]
    for a, b in zip(mine, ref, strict=True):
        keys = [k for k in a if k in b and k not in ("screens", "explanation",
                                                     "explanation_message")]
        assert same({k: a[k] for k in keys}, {k: b[k] for k in keys})
        assert a["explanation_message"]["code"] == b["explanation_message"]["code"]


def test_failed_row_is_reported_not_fatal(home: Path, tmp_path: Path) -> None:
    pf = load_portfolio(write(tmp_path / "p.csv", "firm,home,products,agreements\n"
                              "A,CHN,902820,NOPE\nB,CHN,902820,\n"))
    result = run_batch(Warehouse(home), pf, out=tmp_path / "out", top=3)
    bad, good = result.rows
    assert bad.error is not None and bad.error.code == "batch.row.failed" and not bad.markets
    assert "NOPE" in str(bad.error) and good.error is None and len(good.markets) == 3


def test_encode_decode_round_trip(home: Path, tmp_path: Path) -> None:
    pf = load_portfolio(write(tmp_path / "p.csv", PORTFOLIO))
    for row in run_batch(Warehouse(home), pf, out=tmp_path / "out", top=3).rows:
        assert decode(json.loads(json.dumps(encode(row)))) == row


def test_a_text_parameter_survives_the_checkpoint() -> None:
    from types import MappingProxyType

    from chuhai.batch.results import message_from, message_to
    from chuhai.messages import Message, Text

    note = Text("the price base is L", "计价基础的可信度低")
    m = Message("entry.warning", MappingProxyType({"note": note, "more": (note, Message("x", MappingProxyType({})))}))
    back = message_from(json.loads(json.dumps(message_to(m))))
    assert back == m and isinstance(back.params["note"], Text) and back.params["note"].zh == note.zh


# --- views and outputs ---------------------------------------------------------------------

def test_views_count_firms_and_clusters(home: Path, tmp_path: Path) -> None:
    pf = load_portfolio(write(tmp_path / "p.csv", PORTFOLIO))
    result = run_batch(Warehouse(home), pf, out=tmp_path / "out", top=4)
    markets = pq.read_table(tmp_path / "out" / "markets.parquet").to_pylist()
    firms_by_market: dict[str, set[str]] = {}
    for r in result.rows:
        for m in r.markets:
            firms_by_market.setdefault(m.importer, set()).add(r.firm)
    assert {m["importer"]: m["firms"] for m in markets} == \
        {k: len(v) for k, v in firms_by_market.items()}
    assert [m["firms"] for m in markets] == sorted((m["firms"] for m in markets), reverse=True)
    clusters = pq.read_table(tmp_path / "out" / "clusters.parquet").to_pylist()
    assert {c["importer"] for c in clusters} == {k for k, v in firms_by_market.items() if len(v) > 1}
    for c in clusters:
        assert c["firms"] >= 2 and c["suggestion_code"].startswith("batch.view.shared")
    pressure = pq.read_table(tmp_path / "out" / "pressure.parquet").to_pylist()
    values = [p["localisation_pressure"] for p in pressure]
    assert values == sorted(values, reverse=True) and values
    rows = pq.read_table(tmp_path / "out" / "rows.parquet")
    assert rows.num_rows == sum(len(r.markets) for r in result.rows)
    assert rows.schema.metadata[b"chuhai.demo"] == b"true"


def test_cli_contract_excel_and_html(home: Path, tmp_path: Path) -> None:
    pf = write(tmp_path / "p.csv", "firm,home,products\n=HYPERLINK(\"x\"),CHN,902820\n"
               "B,DEU,848180\n")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["batch", str(pf), "--out", str(out), "--top", "3",
                                 "--warehouse", str(home), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["demo"] is True and d["top"] == 3 and len(d["rows"]) == 2
    for row in d["rows"]:
        assert len(row["markets"]) == 3
        assert all(isinstance(m["importer"], str) and len(m["importer"]) == 3
                   for m in row["markets"])
    assert set(d["outputs"]) <= {p.name for p in out.iterdir()}
    wb = openpyxl.load_workbook(out / "batch.xlsx")
    assert wb.sheetnames == ["rows", "markets", "pressure", "clusters", "entry"]
    firms = [c.value for c in wb["rows"]["B"]][1:]
    assert firms[0] == "'=HYPERLINK(\"x\")" and "B" in firms
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "firms/0001.en.html" in index and "&#x27;" not in index and "=HYPERLINK" in index
    zh = (out / "firms" / "0002.zh.html").read_text(encoding="utf-8")
    assert "市场" in zh and "<script" not in zh
    page = (out / "firms" / "0001.en.html").read_text(encoding="utf-8")
    assert "HYPERLINK(&quot;x&quot;)" in page  # escaped
    r = CliRunner().invoke(app, ["batch", str(tmp_path / "missing.csv"), "--out", str(out),
                                 "--warehouse", str(home)])
    assert r.exit_code == 1 and "missing.csv" in str(r.exception)


# --- resume after SIGKILL -------------------------------------------------------------------

def big_portfolio(path: Path) -> Path:
    variants = ("",)
    lines = ["firm,home,products,regions"]
    for i, (home_, prod, reg) in enumerate(
            (h, p, v) for h in COUNTRIES for p in PRODUCTS for v in variants):
        lines.append(f"Firm {i},{home_},{prod},{reg}")
    return write(path, "\n".join(lines) + "\n")


def cli(*args: str, threads: str = "1") -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "CHUHAI_BATCH_THREADS": threads}
    return subprocess.Popen([sys.executable, "-m", "chuhai", "batch", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def strip(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in TIMING}


def test_resume_after_sigkill(home: Path, tmp_path: Path) -> None:
    pf = big_portfolio(tmp_path / "p.csv")
    out = tmp_path / "out"
    proc = cli(str(pf), "--out", str(out), "--top", "3", "--warehouse", str(home), "--json")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "rows").glob("*.json"))
                                                  if (out / "rows").is_dir() else []) < 3:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = {p.name for p in (out / "rows").glob("*.json")}
    assert 3 <= len(done) < 30, len(done)  # killed mid-way
    assert not (out / "batch.json").exists() and not list(out.glob("*.parquet"))
    for p in (out / "rows").glob("*.json"):  # a killed write leaves at most a hidden .tmp
        json.loads(p.read_text(encoding="utf-8"))  # every stored row is whole
    again = cli(str(pf), "--out", str(out), "--top", "3", "--warehouse", str(home), "--json",
                threads="2")
    stdout, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr.decode()
    resumed = json.loads(stdout)
    assert resumed["resumed"] >= len(done) and len(resumed["rows"]) == 30
    fresh = CliRunner().invoke(app, ["batch", str(pf), "--out", str(tmp_path / "fresh"),
                                     "--top", "3", "--warehouse", str(home), "--json"])
    assert fresh.exit_code == 0, fresh.output
    assert same(strip(resumed), strip(json.loads(fresh.stdout)))
    for view in ("rows", "markets", "pressure", "clusters"):
        assert same(pq.read_table(out / f"{view}.parquet").to_pylist(),
                    pq.read_table(tmp_path / "fresh" / f"{view}.parquet").to_pylist()), view


def test_checkpoint_key_follows_the_warehouse_and_top(home: Path, tmp_path: Path) -> None:
    row = PortfolioRow(line=2, firm="A", home="CHN", products="902820")
    moved = PortfolioRow(line=9, firm="A", home="CHN", products="902820")
    assert row.key() == moved.key()
    pf = load_portfolio(write(tmp_path / "p.csv", "firm,home,products\nA,CHN,902820\n"))
    run_batch(Warehouse(home), pf, out=tmp_path / "out", top=3)
    assert run_batch(Warehouse(home), pf, out=tmp_path / "out", top=3).resumed == 1
    assert run_batch(Warehouse(home), pf, out=tmp_path / "out", top=4).resumed == 0
