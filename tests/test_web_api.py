# ruff: noqa: F811  (pytest fixtures imported from test_web_helpers)
"""Every library endpoint of the REST API and its pages, in process, with their error paths."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from chuhai.data.codes import ascii_digits
from test_web_helpers import Client, assert_error_shape, client, web_home  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = (ROOT / "examples" / "mozambique-water-meters.toml").read_text(encoding="utf-8")
TENDER = """
[tender]
name = "meters"
rulepack = "mz-decree-5-2016"
buyer_country = "MOZ"
quantity = 20000

[evaluation]
method = "lowest_price"

[[offers]]
bidder = "Import only"
own = true
price = 38.0
bidder_country = "CHN"
origin = "CHN"

[[offers]]
bidder = "Local branch rival"
price = 42.5
bidder_country = "ZAF"
registered_in = ["MOZ"]
origin = "ZAF"
"""
SCAN = "/api/v1/markets?product=902820&exporter=CHN"


# -- search ------------------------------------------------------------------------------------
def test_product_search_by_words_code_and_chinese(client: Client) -> None:
    for q in ("water meter", "9028", "水表"):
        hits = client.get("/api/v1/products", params={"q": q}).json()
        assert hits and hits[0]["hs6"].startswith("9028"), q
    assert_error_shape(client.get("/api/v1/products", params={"q": ""}), 422, "invalid_request")
    assert_error_shape(client.get("/api/v1/products", params={"q": "x", "limit": 0}), 422)


def test_digits_mean_ascii_digits(client: Client) -> None:
    """'²' passes str.isdigit but not int(): a country text or a Content-Length of such
    characters is refused as input, never a 500 (found by schemathesis)."""
    r = client.get("/api/v1/countries/resolve", params={"text": "\u00a0\u00b2"})
    assert r.status_code in (400, 404) and {"error", "message", "context"} <= set(r.json()) <= {"error", "message", "context", "code", "params"}
    assert ascii_digits("902820") and not ascii_digits("²") and not ascii_digits("٣") and not ascii_digits("")


def test_country_search_and_resolve(client: Client) -> None:
    kgz = client.get("/api/v1/countries", params={"q": "吉尔吉斯"}).json()
    assert [c["iso3"] for c in kgz] == ["KGZ"]
    assert client.get("/api/v1/countries/resolve", params={"text": "Kyrgyz Republic"}).json()["iso3"] == "KGZ"
    body = assert_error_shape(client.get("/api/v1/countries/resolve", params={"text": "Atlantis"}), 404)
    assert "Atlantis" in body["message"]
    assert any(a["id"] == "EAEU" for a in client.get("/api/v1/agreements").json())


# -- markets -----------------------------------------------------------------------------------
def test_market_scan_contract(client: Client) -> None:
    data = client.get(SCAN).json()
    assert data["demo"] is True and data["product"] == "902820" and data["exporter"] == "CHN"
    assert data["years"] == [2019, 2020, 2021, 2022, 2023]
    ranks = [m["rank"] for m in data["markets"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    for m in data["markets"]:
        assert {"importer", "score", "screens", "explanation", "posture"} <= set(m)
        assert all({"name", "passed", "reason"} <= set(s) for s in m["screens"])
    ken = next(m for m in data["markets"] if m["importer"] == "KEN")
    # CHN sells 2.0e6·(1+0.1k) of KEN's 3.0e6·(1+0.1k): share 2/3 in every year (tolerance 1e-9)
    assert ken["exporter_share"] == pytest.approx(2 / 3, abs=1e-9)


def test_market_scan_errors(client: Client) -> None:
    assert_error_shape(client.get("/api/v1/markets?product=abc&exporter=CHN"), 422, "invalid_request")
    assert_error_shape(client.get(SCAN + "&years=2023-2019"), 400, "input_error")
    # the weights syntax is in the schema (issue 15): refused before the engine, like a bad product
    assert_error_shape(client.get(SCAN + "&weights=nonsense=1"), 422, "invalid_request")
    r = client.get("/api/v1/markets?product=010121&exporter=CHN")
    assert r.status_code in (400, 404) and {"error", "message", "context"} <= set(r.json()) <= {"error", "message", "context", "code", "params"}


def test_market_csv_is_formula_safe(client: Client) -> None:
    r = client.get("/api/v1/markets.csv?product=902820&exporter=CHN")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["importer"] for row in rows} >= {"KEN", "KGZ"}
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@")), value
            if value.startswith("-"):
                float(value)  # only numbers may start with '-'


def test_market_pages(client: Client) -> None:
    page = client.get("/markets?product=902820&exporter=CHN&lang=en")
    assert page.status_code == 200 and 'id="map"' in page.text
    assert 'data-chart="map"' in page.text and "/vendor/plotly.min.js" in page.text
    deep = client.get("/markets/KGZ?product=902820&exporter=CHN&lang=en")
    assert deep.status_code == 200 and "Localisation pressure" in deep.text and "KAZ" in deep.text
    assert client.get("/markets/ZZZ?product=902820&exporter=CHN", headers={"accept": "text/html"}).status_code == 404
    start = client.get("/?q=water+meter&lang=zh")
    assert start.status_code == 200 and "902820" in start.text and "CHN" in start.text
    frag = client.get("/ui/products?q=9028")
    assert 'name="product"' in frag.text


# -- entry -------------------------------------------------------------------------------------
def test_plan_endpoint_contract(client: Client) -> None:
    data = client.post("/api/v1/plan", json={"scenario": SCENARIO}).json()
    assert data["market"] == "MOZ" and data["recommendation"]["mode"]
    modes = {m["mode"]: m for m in data["modes"]}
    assert "direct_export" in modes and any(m["pareto"] for m in data["modes"])
    low = client.post("/api/v1/plan", json={"scenario": SCENARIO, "share": 0.10}).json()
    high = client.post("/api/v1/plan", json={"scenario": SCENARIO, "share": 0.20}).json()
    assert (low["share"], high["share"]) == (0.10, 0.20)  # --share reaches the planner
    pairs = list(zip(low["modes"], high["modes"], strict=True))
    assert all(h["firm_npv_usd"] >= lo["firm_npv_usd"] for lo, h in pairs)  # raising s never hurts
    assert any(h["firm_npv_usd"] > lo["firm_npv_usd"] for lo, h in pairs)


def test_plan_errors_and_saved_scenarios(client: Client) -> None:
    body = assert_error_shape(client.post("/api/v1/plan", json={"scenario": "[firm]\nhs6 = 1\n"}), 422,
                              "scenario_error")
    assert "firm" in body["message"]
    assert_error_shape(client.post("/api/v1/plan", json={}), 422, "invalid_request")
    assert_error_shape(client.post("/api/v1/plan", json={"scenario": "a = = 1"}), 422)
    assert_error_shape(client.post("/api/v1/plan", json={"saved": "nope"}), 404, "not_found")
    assert client.put("/api/v1/plans/scenario/moz", json={"text": SCENARIO}).status_code == 200
    assert client.post("/api/v1/plan", json={"saved": "moz"}).json()["market"] == "MOZ"


def test_planner_pages(client: Client) -> None:
    form = client.get("/plan?market=KEN&product=902820&lang=en")
    assert form.status_code == 200 and 'name="country" value="KEN"' in form.text
    r = client.post("/plan?lang=en", data={"mode": "toml", "toml": SCENARIO})
    assert r.status_code == 200 and 'id="plan-result"' in r.text
    assert 'data-chart="frontier"' in r.text and 'data-chart="tornado"' in r.text
    client.put("/api/v1/plans/scenario/moz", json={"text": SCENARIO})
    assert 'id="plan-result"' in client.get("/plan?scenario=moz").text
    bad = client.post("/plan", data={"mode": "toml", "toml": "[market]\ncountry = 1"})
    assert bad.status_code == 422 and 'id="plan-error"' in bad.text


# -- tenders -----------------------------------------------------------------------------------
def test_tender_rules_and_evaluate(client: Client) -> None:
    rules = client.get("/api/v1/tenders/rules").json()
    ids = {r["id"] for r in rules}
    assert {"wb-goods", "za-ppr-2022", "mz-decree-5-2016"} <= ids
    assert all(r["confidence"] in ("H", "M", "L") and r["sources"] for r in rules)
    ev = client.post("/api/v1/tenders/evaluate", json={"tender": TENDER}).json()
    assert ev["winner"] == "Local branch rival"  # the import-only offer fails the local gate
    imp = next(b for b in ev["bids"] if b["bidder"] == "Import only")
    assert any(not g["passed"] for g in imp["gates"])
    assert_error_shape(client.post("/api/v1/tenders/evaluate", json={"tender": "[tender]\nname = 1"}), 422)
    assert_error_shape(client.post("/api/v1/tenders/evaluate", json={"tender": "x = = 1"}), 400, "input_error")
    bad_pack = TENDER.replace("mz-decree-5-2016", "no-such-pack")
    r = client.post("/api/v1/tenders/evaluate", json={"tender": bad_pack})
    assert r.status_code in (404, 422) and {"error", "message", "context"} <= set(r.json()) <= {"error", "message", "context", "code", "params"}


def test_tender_simulate(client: Client) -> None:
    text = TENDER + '\n[[rivals]]\nname = "Low-cost importer"\narchetype = "low_cost_importer"\n'
    a = client.post("/api/v1/tenders/simulate", json={"tender": text, "runs": 2000, "seed": 3}).json()
    b = client.post("/api/v1/tenders/simulate", json={"tender": text, "runs": 2000, "seed": 3}).json()
    assert a["win_probability"] == b["win_probability"]  # same seed, same answer
    assert sum(a["win_probability"].values()) == pytest.approx(1.0, abs=1e-9)


def test_tender_pages(client: Client) -> None:
    page = client.get("/tenders?lang=en")
    assert page.status_code == 200 and "mz-decree-5-2016" in page.text
    r = client.post("/tenders?lang=en", data={"mode": "toml", "toml": TENDER})
    assert r.status_code == 200 and 'id="tender-winner">Local branch rival<' in r.text
    client.put("/api/v1/plans/tender/t1", json={"text": TENDER})
    assert "Local branch rival" in client.get("/tenders?tender=t1").text


# -- reports -----------------------------------------------------------------------------------
def test_report_endpoints(client: Client) -> None:
    html = client.get("/api/v1/report?product=902820&exporter=CHN&lang=en&format=html")
    assert html.status_code == 200 and "Market-entry plan" in html.text and "DEMO DATA" in html.text
    client.put("/api/v1/plans/scenario/moz", json={"text": SCENARIO})
    pdf = client.get("/api/v1/report?product=902820&exporter=CHN&scenario=moz&lang=zh&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    assert_error_shape(client.get("/api/v1/report?product=902820&scenario=missing"), 404, "not_found")
    assert_error_shape(client.get("/api/v1/report?product=902820&market=ZZZ&format=html"), 404)
    page = client.post("/report", data={"product": "902820", "exporter": "CHN", "market": "MOZ",
                                         "scenario": SCENARIO, "format": "html"})
    assert page.status_code == 200 and "合资企业" in page.text and "joint_venture" not in page.text


def test_tender_optimise_api_and_page(client: Client) -> None:
    text = TENDER.replace("price = 38.0\n", "price = 38.0\nunit_cost = 30.5\n") + (
        '\n[[rivals]]\nname = "Low-cost importer"\narchetype = "low_cost_importer"\n'
        "\n[simulation]\nruns = 2000\nseed = 1\n")
    r = client.post("/api/v1/tenders/optimise", json={"tender": text})
    assert r.status_code in (200, 422), r.text
    if r.status_code == 200:
        assert "best" in r.json() and "frontier" in r.json()
    else:
        assert r.json()["error"] in ("infeasible", "scenario_error")
    from chuhai.web.pages.tenders import _flat
    from chuhai.web.tender_form import DEFAULT_FORM

    form = {k: ("1" if v is True else v) for k, v in _flat(DEFAULT_FORM).items() if v is not False}
    page = client.post("/tenders?lang=en", data={**form, "action": "optimise", "runs": "2000"})
    assert page.status_code == 200 and 'id="best-offer"' in page.text and "Win probability" in page.text


def test_market_scan_gzip_and_plain_agree(client: Client) -> None:
    packed = client.get(SCAN, headers={"accept-encoding": "gzip"})
    plain = client.get(SCAN, headers={"accept-encoding": "identity"})
    assert packed.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert packed.json() == plain.json()
