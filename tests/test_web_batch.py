"""Batch screening over the web: ``POST /api/v1/batch`` (the JSON equals ``chuhai batch
--json`` apart from the timing fields; a job id with a status endpoint; downloads), errors
naming the row and column in zh and en without the server's path, and the 批量筛选 page
(CSRF like the other forms, the summary views, the download links)."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow.parquet as pq
import pytest
from tests.awards_fixture import add_awards
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.data.warehouse import Warehouse
from chuhai.web import Settings, create_app
from test_web_helpers import Client, assert_error_shape, small_warehouse

PORTFOLIO = ("firm,home,products,scenario\n"
             "Dongguan Meters,CHN,902820,mozambique-water-meters\n"
             "Hamburg Meters,DEU,902820,\n"
             "Cape Meters,ZAF,902820,\n")
TIMING = ("seconds", "resumed")
SAME = {"origin": "http://testserver"}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = small_warehouse(tmp_path_factory.mktemp("web-batch") / "wh")
    add_awards(Warehouse(path))
    return path


@pytest.fixture
def client(home: Path) -> Any:
    c = Client(create_app(Settings(warehouse=home)))
    yield c
    c.close()


def upload(text: str, name: str = "members.csv") -> dict[str, Any]:
    return {"file": (name, text.encode("utf-8"), "text/csv")}


def cli_json(home: Path, tmp_path: Path, text: str, top: int) -> dict[str, Any]:
    pf = tmp_path / "members.csv"
    pf.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(app, ["batch", str(pf), "--out", str(tmp_path / "cli"), "--top", str(top),
                                 "--warehouse", str(home), "--json"])
    assert r.exit_code == 0, r.output
    out: dict[str, Any] = json.loads(r.stdout)
    return out


def strip(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in TIMING}


def test_post_wait_returns_the_cli_json(client: Client, home: Path, tmp_path: Path) -> None:
    r = client.post("/api/v1/batch?wait=true&lang=en", data={"top": "3"}, files=upload(PORTFOLIO))
    assert r.status_code == 200, r.text
    got = r.json()
    job, files = got.pop("job"), got.pop("files")
    assert strip(got) == strip(cli_json(home, tmp_path, PORTFOLIO, 3))
    assert got["rows"][0]["entry"] and got["rows"][0]["markets"][0]["importer"]
    assert set(got["outputs"]) <= set(files) and "index.html" in files
    wb = client.get(files["batch.xlsx"])
    assert wb.status_code == 200
    sheets = openpyxl.load_workbook(io.BytesIO(wb.content)).sheetnames
    assert sheets == ["rows", "markets", "pressure", "clusters", "entry"]
    rows = pq.read_table(io.BytesIO(client.get(files["rows.parquet"]).content))
    assert rows.num_rows == sum(len(x["markets"]) for x in got["rows"])
    index = client.get(files["index.html"])
    assert index.status_code == 200 and "firms/0001.en.html" in index.text
    assert client.get(f"/api/v1/batch/{job}/files/firms/0001.zh.html").status_code == 200
    status = client.get(f"/api/v1/batch/{job}").json()
    assert status["status"] == "done" and strip(status["result"]) == strip(got)


def wait_done(client: Client, url: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(url).json()
        if body["status"] in ("done", "failed") or time.monotonic() > deadline:
            return body
        time.sleep(0.2)


def test_post_returns_a_job_with_status(client: Client) -> None:
    r = client.post("/api/v1/batch", data={"top": "2"}, files=upload(PORTFOLIO))
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["status"] in ("queued", "running", "done") and job["rows"] == 3
    body = wait_done(client, job["status_url"])
    assert body["status"] == "done", body
    assert body["done"] == 3 and body["result"]["top"] == 2 and len(body["result"]["rows"]) == 3
    assert set(body["links"]) >= {"rows.parquet", "batch.xlsx", "batch.json", "index.html"}


def test_a_chinese_file_name_is_kept(client: Client) -> None:
    """issue 10 §2: 成员名单.csv was stored and shown as ____.csv."""
    r = client.post("/api/v1/batch", data={"top": "1"}, files=upload(PORTFOLIO, "../成员名单 2025.csv"))
    assert r.status_code == 202, r.text
    assert r.json()["portfolio"] == "成员名单_2025.csv"
    assert wait_done(client, r.json()["status_url"])["status"] == "done"
    page = client.get(f"/batch/{r.json()['id']}", headers={"accept": "text/html"}).text
    assert "成员名单_2025.csv" in page


def test_a_finished_job_is_found_after_a_restart(home: Path) -> None:
    first = Client(create_app(Settings(warehouse=home)))
    r = first.post("/api/v1/batch?wait=true", data={"top": "2"}, files=upload(PORTFOLIO))
    job = r.json()["job"]
    first.close()
    again = Client(create_app(Settings(warehouse=home)))
    body = again.get(f"/api/v1/batch/{job}").json()
    assert body["status"] == "done" and strip(body["result"]) == strip(
        {k: v for k, v in r.json().items() if k not in ("job", "files")})
    assert again.get(f"/batch/{job}").status_code == 200
    again.close()


@pytest.mark.parametrize(("text", "line", "field", "en", "zh"), [
    ("firm,home,products\nA,CHN,902820\nB,Atlantis,902820\n", 3, "home", "Atlantis", "第 3 行"),
    ("firm,home,products\nA,CHN,90282\n", 2, "products", "2, 4 or 6 digits", "不是 2、4 或 6 位"),
    ("firm,home\nA,CHN\n", 1, "products", "missing column", "缺少列"),
    ("firm,home,products,scenario\nA,CHN,902820,../../etc/passwd\n", 2, "scenario",
     "only a shipped example", "只能使用自带的示例情景"),
])
def test_errors_name_row_and_column_in_both_languages(client: Client, text: str, line: int,
                                                      field: str, en: str, zh: str) -> None:
    r = client.post("/api/v1/batch?lang=en", files=upload(text))
    body = assert_error_shape(r, 400, "input_error")
    assert body["context"]["line"] == line and body["context"]["field"] == field
    assert en in body["message"] and body["context"]["file"] == "members.csv"
    assert "/" not in body["message"].split(":")[0]  # the file by its own name, no server path
    r = client.post("/api/v1/batch?lang=zh", files=upload(text))
    body = assert_error_shape(r, 400, "input_error")
    assert zh in body["message"] and "members.csv" in body["message"], body["message"]


def test_refusals(client: Client) -> None:
    assert_error_shape(client.post("/api/v1/batch", files=upload(PORTFOLIO, "members.json")), 400)
    assert_error_shape(client.post("/api/v1/batch", data={"top": "2", "entry_top": "3"},
                                   files=upload(PORTFOLIO)), 400)
    assert_error_shape(client.post("/api/v1/batch", data={"top": "0"}, files=upload(PORTFOLIO)), 422)
    assert_error_shape(client.get("/api/v1/batch/0123456789abcdef"), 404, "not_found")
    assert_error_shape(client.get("/api/v1/batch/../../etc"), 404)
    job = client.post("/api/v1/batch?wait=true", files=upload(PORTFOLIO)).json()["job"]
    for name in ("../job.json", "input/members.csv", "rows", "job.json"):
        assert client.get(f"/api/v1/batch/{job}/files/{name}").status_code == 404, name


def token(c: Client) -> str:
    return c._client.cookies.get("chuhai_csrf") or ""


def test_page_upload_shows_views_and_downloads(client: Client) -> None:
    page = client.get("/batch", headers={"accept": "text/html"})
    assert page.status_code == 200 and 'id="batch-form"' in page.text
    assert 'name="csrf_token"' in page.text and "mozambique-water-meters" in page.text
    no_token = client.post("/batch", headers=SAME, files=upload(PORTFOLIO))
    assert no_token.status_code == 403
    r = client.post("/batch", headers=SAME, data={"csrf_token": token(client), "top": "3"},
                    files=upload(PORTFOLIO))
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    job = url.rsplit("/", 1)[1]
    wait_done(client, f"/api/v1/batch/{job}")
    html = client.get(url, headers={"accept": "text/html"}).text
    assert 'data-status="done"' in html
    for part in ('id="batch-markets"', 'id="batch-clusters"', 'id="batch-entry"',
                 f"/api/v1/batch/{job}/files/batch.xlsx", f"/api/v1/batch/{job}/files/index.zh.html"):
        assert part in html, part
    assert "Dongguan Meters" in html


def test_page_shows_errors_in_the_page_language(client: Client) -> None:
    client.get("/batch")
    r = client.post("/batch?lang=zh", headers=SAME, data={"csrf_token": token(client)},
                    files=upload("firm,home,products\nA,CHN,902820\nB,火星国,902820\n"))
    assert r.status_code == 400 and 'id="batch-error"' in r.text
    assert "第 3 行" in r.text and "火星国" in r.text and "/tmp" not in r.text


def test_an_excel_portfolio(client: Client) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["企业", "国家", "产品"])
    ws.append(["东莞水表厂", "中国", 902820])
    buf = io.BytesIO()
    wb.save(buf)
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    r = client.post("/api/v1/batch?wait=true", data={"top": "2"},
                    files={"file": ("会员企业.xlsx", buf.getvalue(), mime)})
    assert r.status_code == 200, r.text
    row = r.json()["rows"][0]
    assert row["firm"] == "东莞水表厂" and row["products"] == "902820" and len(row["markets"]) == 2
    bad = client.post("/api/v1/batch?lang=en", files={"file": ("fake.xlsx", b"PK\x03\x04junk", mime)})
    assert "xlsx" in assert_error_shape(bad, 400, "input_error")["message"]
