# ruff: noqa: F811  (pytest fixtures imported from test_web_helpers)
"""XSS payloads through every text input: pages and reports show them escaped, never live."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from test_web_helpers import Client, client, web_home  # noqa: F401

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(2)</script>",
    "javascript:alert(3)//'\"",
    "<svg/onload=alert(4)>",
]
_LIVE = re.compile(r"<script>alert|<img src=x onerror|<svg/onload|</script><script>", re.I)


def _clean(html: str) -> None:
    assert not _LIVE.search(html), _LIVE.search(html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_and_filter_inputs(client: Client, payload: str) -> None:
    _clean(client.get("/", params={"q": payload}).text)
    _clean(client.get("/ui/products", params={"q": payload}).text)
    _clean(client.get("/markets", params={"product": "902820", "exporter": "CHN", "weights": payload},
                      headers={"accept": "text/html"}).text)
    _clean(client.get("/markets", params={"product": "902820", "region": payload, "agreement": payload}).text)
    _clean(client.get("/data", params={"lang": payload}).text)
    _clean(client.get(f"/no/{payload}", headers={"accept": "text/html"}).text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_plan_and_tender_forms(client: Client, payload: str) -> None:
    form = {"name": payload, "hs6": "902820", "country": "MOZ", "market_name": payload,
            "price_lcu": "3200", "wage_lcu_per_hour": "60", "corporate_tax": "0.32", "vat": "0.16",
            "wht_dividends": "0.2", "wht_royalties": "0.2", "fx_lcu_per_usd": "64",
            "tender_units_per_year": "60000", "c0_name": payload, "c0_cost": "20", "c0_origin": "CHN"}
    r = client.post("/plan", data=form)
    _clean(r.text)
    assert str(escape(payload)) in r.text  # the text is kept and shown, escaped
    bad = client.post("/plan", data={**form, "price_lcu": payload})
    _clean(bad.text)
    t = {"name": payload, "rulepack": "wb-goods", "buyer_country": "MOZ", "quantity": "100",
         "method": "lowest_price", "b0_bidder": payload, "b0_price": "10", "b0_bidder_country": "CHN",
         "b0_origin": "CHN", "b1_bidder": "other", "b1_price": "11", "b1_bidder_country": "MOZ",
         "b1_origin": "MOZ"}
    _clean(client.post("/tenders", data=t).text)
    _clean(client.post("/tenders", data={"mode": "toml", "toml": payload}).text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_saved_plans_and_reports(client: Client, payload: str) -> None:
    text = f'name = "{payload.replace(chr(34), "")}"\n'
    r = client.post("/plans", data={"kind": "scenario", "name": payload, "text": text})
    _clean(r.text)
    client.put("/api/v1/plans/scenario/xss", json={"text": text})
    _clean(client.get("/plans").text)
    _clean(client.get("/plans", params={"kind": "scenario", "name": "xss"}).text)
    rep = client.post("/report", data={"product": "902820", "exporter": "CHN", "format": "html",
                                        "tender": payload})
    _clean(rep.text)


def test_chart_json_cannot_close_the_script_tag(client: Client) -> None:
    toml = """
[tender]
name = "t"
rulepack = "wb-goods"
buyer_country = "MOZ"
quantity = 10
[[offers]]
bidder = "</script><script>alert(9)</script>"
price = 10.0
bidder_country = "CHN"
origin = "CHN"
"""
    html = client.post("/tenders", data={"mode": "toml", "toml": toml}).text
    _clean(html)
    assert "&lt;/script&gt;" in html


def test_data_import_result_escapes_file_names(client: Client) -> None:
    r = client.post("/data/import", files={"file": ("<svg onload=alert(1)>.csv", b"a,b\n1,2\n", "text/csv")})
    assert "<svg onload" not in r.text
