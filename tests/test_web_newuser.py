# ruff: noqa: F811  (pytest fixtures imported from test_web_helpers)
"""The web defects a new user met (issue 10 §2, §3), each with a test: the nav link to
/markets, a failed import shown in the page, plans saved under Chinese names, unknown
countries refused in both languages, errors in the request's language, the user guide."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from chuhai.web.plans import NAME_HTML_PATTERN, PlanStore, check_name
from test_web_helpers import Client, assert_error_shape, client, web_home  # noqa: F401

HTML = {"accept": "text/html"}
SAME = {"origin": "http://testserver"}
ROOT = Path(__file__).resolve().parents[1]


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _token(c: Client) -> str:
    c.get("/plans")  # sets the token cookie once; the client's jar keeps it
    return c._client.cookies.get("chuhai_csrf") or ""


@pytest.mark.parametrize(("lang", "hint"), [("zh", "请先选择产品"), ("en", "Pick a product first")])
def test_markets_without_a_product_is_the_product_search(client: Client, lang: str, hint: str) -> None:
    r = client.get(f"/markets?lang={lang}", headers=HTML)
    assert r.status_code == 200, r.text[:300]
    assert 'id="wizard"' in r.text and 'id="product-query"' in r.text and hint in r.text
    assert "Field required" not in r.text and "query.product" not in r.text
    # the wizard submitted before a product was picked keeps the words and shows the matches
    r = client.get("/markets?q=water+meter&exporter=CHN&lang=en", headers=HTML)
    assert r.status_code == 200 and 'id="product-hits"' in r.text and "902820" in r.text
    # a deep-dive link without a product too
    assert 'id="wizard"' in client.get("/markets/KEN", headers=HTML).text


@pytest.mark.parametrize(("lang", "words"), [("zh", "无法判断"),
                                             ("en", "cannot tell which source this file comes from")])
def test_a_failed_import_is_shown_in_the_page_in_its_language(client: Client, lang: str, words: str) -> None:
    token = _token(client)
    r = client.post(f"/data/import?lang={lang}", headers={**SAME, "hx-request": "true"},
                    data={"csrf_token": token}, files={"file": ("mystery.csv", b"a,b\n1,2\n", "text/csv")})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert 'class="error-message"' in r.text and words in r.text
    assert "--source" not in r.text  # no CLI flag on a page
    assert "mystery.csv" in r.text and "/uploads/" not in r.text  # the user's file, no server path
    # htmx swaps the error fragment in (it drops 4xx answers unless told otherwise)
    js = (ROOT / "src/chuhai/web/static/app.js").read_text(encoding="utf-8")
    assert "htmx:beforeSwap" in js and "shouldSwap = true" in js


def test_the_cli_still_names_every_source_when_it_cannot_tell() -> None:
    from chuhai.data.importer import detect_source
    from chuhai.data.sources import SOURCES
    from chuhai.errors import InputError
    from chuhai.i18n.catalogs import translations

    path = ROOT / "pyproject.toml"
    with pytest.raises(InputError) as err:
        detect_source(path)
    assert all(s in str(err.value) for s in SOURCES) and err.value.msg is not None
    zh = err.value.text("zh", translations("zh").gettext)
    assert zh.startswith(str(path)) and "source" in zh and "无法判断" in zh


def test_a_plan_saves_under_a_chinese_name(client: Client, web_home: Path) -> None:
    assert check_name("莫桑比克水表") == "莫桑比克水表"
    # the HTML pattern is the declared one on every save form (a JS regex: \w would be ASCII)
    for path in ("/plans", "/plan", "/tenders"):
        html = client.get(path, headers=HTML).text
        assert '[\\w\\-]' not in html
    assert f'pattern="{NAME_HTML_PATTERN}"' in client.get("/plans", headers=HTML).text
    token = _token(client)
    r = client.post("/plans", headers=SAME, data={"csrf_token": token, "kind": "scenario",
                                                   "name": "莫桑比克水表", "text": "a = 1\n"})
    assert r.status_code == 303
    assert PlanStore(web_home / "plans").load("scenario", "莫桑比克水表") == "a = 1\n"
    bad = client.post("/plans?lang=zh", headers=SAME, data={"csrf_token": token, "kind": "scenario",
                                                             "name": "-坏名字", "text": "a = 1\n"})
    assert bad.status_code == 400 and "方案名称由" in bad.text


def test_the_html_pattern_accepts_what_the_server_accepts() -> None:
    """The JS pattern, read with Unicode classes, against the server's rule (Python re) on
    names of several scripts; \\p{L}/\\p{N} expanded here with unicodedata categories."""
    import unicodedata

    def js_like(name: str) -> bool:
        cls = [unicodedata.category(ch)[0] for ch in name]
        first = cls[0] in "LN"
        rest = all(c in "LN" or ch in "_-" for c, ch in zip(cls[1:], name[1:], strict=True))
        return first and rest and len(name) <= 64

    assert NAME_HTML_PATTERN == r"[\p{L}\p{N}][\p{L}\p{N}_\-]{0,63}"
    for name in ("莫桑比克水表", "plan-1", "Ташкент_2", "9028水表", "_x", "-x", "a b", "a/b", "x" * 65):
        try:
            server = check_name(name) == name
        except Exception:
            server = False
        assert js_like(name) == server, name


@pytest.mark.parametrize(("headers", "query", "words"), [
    ({}, "&lang=zh", "未知"),
    ({"accept-language": "zh-CN,zh;q=0.9"}, "", "未知"),
    ({"accept-language": "en-US"}, "", "unknown country 'XXX'"),
])
def test_unknown_exporter_is_refused_in_the_requests_language(client: Client, headers: dict[str, str],
                                                              query: str, words: str) -> None:
    r = client.get(f"/api/v1/markets?product=902820&exporter=XXX{query}", headers=headers)
    body = assert_error_shape(r, 404, "not_found")
    assert words in body["message"]
    assert body["code"] == "data.country.unknown" and body["params"] == {"query": "XXX"}


@pytest.mark.parametrize("name", ["中国", "CHINA", "China", "CN", "chn"])
def test_exporter_names_resolve_as_chuhai_countries_does(client: Client, name: str) -> None:
    from chuhai.data.reference import resolve_country

    assert resolve_country(name) == "CHN"
    r = client.get("/api/v1/markets", params={"product": "902820", "exporter": name})
    assert r.status_code == 200 and r.json()["exporter"] == "CHN"


def test_the_report_refuses_an_unknown_country(client: Client) -> None:
    assert_error_shape(client.get("/api/v1/report?product=902820&exporter=XXX&format=html"), 404)


def _full_form() -> dict[str, str]:
    """Every field the planner form sends, with its defaults (as a browser submits it)."""
    from chuhai.web.scenario_form import _BASE, FIELDS

    data = {k: str(_BASE[k]) for k in FIELDS if k in _BASE}
    for i, c in enumerate(_BASE["components"]):
        data |= {f"c{i}_name": c["name"], f"c{i}_cost": str(c["cost_usd"]), f"c{i}_origin": c["origin"]}
    return data


@pytest.mark.parametrize(("lang", "words"), [("zh", "未知"), ("en", "unknown country 'XYZ'")])
def test_planner_refuses_an_unknown_country(client: Client, lang: str, words: str) -> None:
    token = _token(client)
    r = client.post(f"/plan?lang={lang}", headers=SAME,
                    data={**_full_form(), "csrf_token": token, "country": "XYZ"})
    assert r.status_code == 400 and 'id="plan-error"' in r.text and words in _text(r.text)
    # the scenario file names it: refused with the field path, not planned with fallbacks
    text = (ROOT / "examples/mozambique-water-meters.toml").read_text(encoding="utf-8")
    r = client.post(f"/plan?lang={lang}", headers=SAME,
                    data={"csrf_token": token, "mode": "toml", "toml": text.replace('"MOZ"', '"XYZ"')})
    assert r.status_code == 422 and "market.country" in r.text and words in _text(r.text)
    assert "tariff assumed" not in r.text
    # a Chinese name in the form is the country it names
    r = client.post(f"/plan?lang={lang}", headers=SAME,
                    data={**_full_form(), "csrf_token": token, "country": "肯尼亚", "home": "中国"})
    assert r.status_code == 200, re.findall(r'id="plan-error">([^<]*)', r.text)
    assert 'id="plan-result"' in r.text and "(KEN)" in r.text


def test_validation_errors_speak_the_requests_language(client: Client) -> None:
    zh = assert_error_shape(client.get("/api/v1/markets?lang=zh"), 422, "invalid_request")
    assert zh["message"] == "query.product：必填" and zh["context"]["fields"][0]["reason"] == "必填"
    en = assert_error_shape(client.get("/api/v1/markets?lang=en"), 422, "invalid_request")
    assert en["message"] == "query.product: Field required"
    page = client.get("/api/v1/nothing?lang=zh")
    assert assert_error_shape(page, 404, "not_found")["message"] == "这里什么也没有，请检查网址"


@pytest.mark.parametrize(("lang", "title", "terms"), [
    ("zh", "用户指南", ["出口潜力", "未开发潜力", "对标未开发额", "本地化压力", "本地含量", "净现值", "演示数据"]),
    ("en", "User guide", ["Export potential", "Untapped potential", "Benchmark untapped",
                          "Localisation pressure", "Local content", "Net present value", "demo"]),
])
def test_the_user_guide_in_both_languages(client: Client, lang: str, title: str, terms: list[str]) -> None:
    r = client.get(f"/guide?lang={lang}", headers=HTML)
    assert r.status_code == 200 and f"<h1>{title}</h1>" in r.text
    for term in terms:
        assert term in r.text, term
    for page in ("/", "/markets", "/plan", "/tenders", "/plans", "/data"):
        assert f'href="{page}"' in r.text  # what each page answers, linked
    assert 'href="/guide"' in client.get(f"/?lang={lang}", headers=HTML).text  # in the nav


def test_the_tender_page_shows_every_own_offer_with_its_odds(client: Client) -> None:
    """The default form has two own offers; the JV offer wins: its win probability, expected
    share and profit are in the table and the chart (as `chuhai tender simulate` gives them)."""
    import json

    import chuhai.tenders as tenders_lib
    from chuhai.web.pages.tenders import _flat
    from chuhai.web.services.tender import load_text
    from chuhai.web.tender_form import DEFAULT_FORM, form_to_tender, tender_toml

    text = tender_toml(form_to_tender(_flat(DEFAULT_FORM)))
    ref = tenders_lib.simulate(load_text(text), runs=2000, seed=1).to_dict()
    alts = {a["bidder"]: a for a in ref["alternatives"]}
    assert set(alts) == {"Our import offer", "Our JV offer"} and alts["Our JV offer"]["win_probability"] > 0
    token = _token(client)
    r = client.post("/tenders?lang=en", headers=SAME,
                    data={"csrf_token": token, "mode": "toml", "toml": text, "runs": "2000", "seed": "1"})
    assert r.status_code == 200
    rows = re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td>.*?class=\"num win-probability\">([^<]*)</td>"
                      r"<td class=\"num\">([^<]*)</td><td class=\"num\">([^<]*)</td>", r.text, re.S)
    table = {unescape(name): (p, share, profit) for name, p, share, profit in rows}
    jv = alts["Our JV offer"]
    assert table["Our JV offer"][0] == f"{jv['win_probability'] * 100:.1f}%"
    assert table["Our JV offer"][1] == f"{jv['expected_share'] * 100:.1f}%"
    assert table["Our JV offer"][2] not in ("–", "")
    assert table["Our import offer"][0] == "0.0%"
    spec = json.loads(unescape(re.search(r'data-chart="win">(.*?)</script>', r.text, re.S).group(1)))
    bars = dict(zip(spec["data"][0]["x"], spec["data"][0]["y"], strict=True))
    assert bars["Our JV offer"] == pytest.approx(jv["win_probability"]) and "Our import offer" in bars


def test_relocalise_renders_a_results_messages_in_another_language() -> None:
    from chuhai.data.messages import COUNTRY_UNKNOWN_HINT
    from chuhai.i18n.catalogs import message_text, translations
    from chuhai.i18n.relocalise import relocalise
    from chuhai.messages import message_json

    msg = COUNTRY_UNKNOWN_HINT(query="XYZ", hints=("KEN",))
    en = message_json(msg)
    doc = {"reason": en["text"], "reason_message": en, "warnings": [en["text"]], "warnings_messages": [en],
           "nested": [{"why": en["text"], "why_message": en}], "n": 3}
    zh = relocalise(doc, "zh", translations("zh").gettext)
    want = message_text(msg, "zh")
    assert "XYZ" in want and "KEN" in want and "unknown" not in want
    assert zh["reason"] == want and zh["warnings"] == [want] and zh["nested"][0]["why"] == want
    assert zh["reason_message"]["params"] == {"query": "XYZ", "hints": ["KEN"]} and zh["n"] == 3
    assert doc["reason"] == en["text"]  # the input (a cached scan) is never changed


def test_the_planner_form_offers_the_scenario_files_tender_gates(client: Client) -> None:
    """The Mozambique story: the scenario file's [market.gates] local_entity_required is a
    field of the form, and the scenario the form runs carries it (as `chuhai plan` reads it)."""
    import tomllib

    from chuhai.entry import parse_scenario

    page = client.get("/plan?lang=zh", headers=HTML).text
    assert 'name="gate_local_entity_required"' in page and "招标资格门槛" in page
    token = _token(client)
    r = client.post("/plan?lang=en", headers=SAME,
                    data={**_full_form(), "csrf_token": token, "gate_local_entity_required": "1"})
    assert r.status_code == 200 and 'id="gate-local-entity" checked' in r.text
    toml_text = unescape(re.search(r'<textarea name="toml" rows="16">(.*?)</textarea>', r.text, re.S).group(1))
    scenario = parse_scenario(tomllib.loads(toml_text), file="form")
    assert scenario.market.gates.local_entity_required and not scenario.market.gates.land_border_registered
    example = tomllib.loads((ROOT / "examples/mozambique-water-meters.toml").read_text(encoding="utf-8"))
    assert set(example["market"]["gates"]) - {"note", "note_zh"} <= {"local_entity_required", "land_border_registered"}
