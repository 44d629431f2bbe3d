"""The entry-linked tender example on the web (issue 10): pasted on the tender page, sent to
POST /api/v1/tenders/*, or saved, a tender names its entry scenario only as a shipped example
(``../mozambique-water-meters.toml``, ``mozambique-water-meters``); any other name (a path out,
an absolute path) is a clear 422 in zh and en naming ``entry.scenario``, with no server path
and no OS error text."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import chuhai.entry as entry
from chuhai.data.demo import build_demo
from chuhai.data.warehouse import Warehouse
from chuhai.web import Settings, create_app
from test_web_helpers import Client, assert_error_shape

ROOT = Path(__file__).resolve().parents[1]
LINKED = (ROOT / "examples" / "tenders" / "mozambique-entry-linked.toml").read_text(encoding="utf-8")
REF = "../mozambique-water-meters.toml"
WINNER = "CKD assembly with a Maputo partner"
BAD = ["../../etc/passwd", "/etc/passwd", str(ROOT / "examples" / "mozambique-water-meters.toml")]
OS_TEXT = ("Errno", "No such file", "Permission denied", "FileNotFoundError")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    home = tmp_path_factory.mktemp("entrylink") / "wh"
    build_demo(Warehouse(home), chapters=("90",))
    c = Client(create_app(Settings(warehouse=home)))
    yield c
    c.close()


def _page(c: Client, text: str, lang: str) -> tuple[int, str]:
    c.get(f"/tenders?lang={lang}")  # the CSRF cookie
    token = c._client.cookies.get("chuhai_csrf") or ""
    r = c.post(f"/tenders?lang={lang}", headers={"accept": "text/html", "origin": "http://testserver"},
               data={"csrf_token": token, "mode": "toml", "toml": text, "runs": "500"})
    return r.status_code, r.text


def _ckd_price() -> float:
    sc = entry.load_scenario(ROOT / "examples" / "mozambique-water-meters.toml")
    return entry.offer_costs(sc, "ckd_assembly").price_usd


def test_the_english_page_runs_the_entry_linked_example(client: Client) -> None:
    status, html = _page(client, LINKED, "en")
    assert status == 200, html[:500]
    assert f'id="tender-winner">{WINNER}<' in html
    assert not any(s in html for s in OS_TEXT)


@pytest.mark.parametrize("name", [REF, "mozambique-water-meters", "mozambique-water-meters.toml"])
def test_the_api_prices_the_offer_from_the_shipped_example(client: Client, name: str) -> None:
    r = client.post("/api/v1/tenders/evaluate", json={"tender": LINKED.replace(REF, name)})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["winner"] == WINNER
    bid = next(b for b in got["bids"] if b["bidder"] == WINNER)
    assert bid["price"] == pytest.approx(_ckd_price(), abs=1e-6)  # the planner's figure (JSON: 6 dp)


@pytest.mark.parametrize("name", BAD)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_api_reads_no_other_server_file(client: Client, name: str, lang: str) -> None:
    text = LINKED.replace(REF, name)
    assert tomllib.loads(text)["offers"][0]["entry"]["scenario"] == name
    r = client.post(f"/api/v1/tenders/evaluate?lang={lang}", json={"tender": text})
    body = assert_error_shape(r, 422, "scenario_error")
    assert body["code"] == "tenders.entry.examples_only"
    assert "offers.0.entry.scenario" in body["message"]
    assert ("自带的示例情景" if lang == "zh" else "shipped example") in body["message"]
    assert str(ROOT / "examples") not in body["message"].replace(name, "")  # only the user's own text
    assert not any(s in r.text for s in OS_TEXT)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_shows_a_clear_error_for_a_path_out(client: Client, lang: str) -> None:
    status, html = _page(client, LINKED.replace(REF, "../../etc/passwd"), lang)
    assert status == 422, html[:500]
    assert "entry.scenario" in html and "mozambique-water-meters" in html
    assert ("自带的示例情景" if lang == "zh" else "shipped example") in html
    assert "root:" not in html and not any(s in html for s in OS_TEXT)
    assert str(ROOT) not in html


def test_a_saved_tender_names_the_example_too(client: Client) -> None:
    assert client.put("/api/v1/plans/tender/linked", json={"text": LINKED}).status_code in (200, 201)
    r = client.post("/api/v1/tenders/evaluate", json={"saved": "linked"})
    assert r.status_code == 200 and r.json()["winner"] == WINNER, r.text
