"""The seed's story from real data: the Mozambique plan shows the real Mozambican meter
contracts (who won, domestic or foreign, by which method, amount, year) beside its tender
outcome, in the plan's JSON, the CLI, the report and the web planner; the tender example
likewise on the tender page. Counts are checked against a recount of the fixture's rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.awards_fixture import awards_warehouse, fixture_rows
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.data.queries.shares import wilson
from chuhai.data.warehouse import Warehouse
from chuhai.entry import load_scenario, plan
from chuhai.report.plan_report import ReportData, render_html
from chuhai.web import Settings, create_app
from test_web_helpers import Client

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "mozambique-water-meters.toml"
TENDER = ROOT / "examples" / "tenders" / "mozambique-water-meters.toml"


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return awards_warehouse(tmp_path_factory.mktemp("planev"))


def _recount(country: str, hs6: str) -> list[dict[str, Any]]:
    """The fixture's rows a plan for ``hs6`` in ``country`` should show (prefix rule of
    queries/awards.py: the match starts with hs6, or is a >= 4-digit prefix of it)."""
    return [r for r in fixture_rows() if r["buyer_country"] == country and r["hs"]
            and (r["hs"].startswith(hs6) or (len(r["hs"]) >= 4 and hs6.startswith(r["hs"])))]


def test_plan_carries_the_real_contracts(wh: Warehouse) -> None:
    res = plan(load_scenario(SCENARIO), warehouse=wh)
    ev = res.evidence
    assert ev is not None and ev.available and ev.products == ("902820",)
    ref = _recount("MOZ", "902820")
    assert ref, "the fixture holds Mozambican meter contracts"
    assert sorted(c.contract_id for c in ev.contracts) == sorted(r["contract_id"] for r in ref)
    dom = sum(1 for r in ref if r["supplier_country"] == "MOZ")
    known = sum(1 for r in ref if r["supplier_country"])
    got = {s.origin: s for s in ev.shares}
    assert (got["domestic"].k, got["domestic"].n) == (dom, known)
    assert (got["domestic"].low, got["domestic"].high) == pytest.approx(wilson(dom, known))
    assert sum(s.k for s in ev.shares) == known
    assert ev.value_usd == pytest.approx(sum(r["amount_usd"] for r in ref))
    assert ev.years == (min(r["fiscal_year"] for r in ref), max(r["fiscal_year"] for r in ref))
    for c in ev.contracts:
        assert c.currency == "USD" and c.amount == c.amount_usd and c.method
    # beside the plan's tender outcome: the gate that shuts direct export out
    assert "direct_export" in {m.mode for m in res.modes if m.gate_messages}
    assert ev.beside_message is not None and ev.beside_message.code == "entry.evidence.gated"
    assert ev.beside_message.params["modes"] == ("direct_export",)
    assert ev.beside_message.params["foreign"] == known - dom
    d = res.to_dict()["evidence"]
    assert d["summary_message"]["code"] in ("entry.evidence.summary", "entry.evidence.small")
    assert [c["contract_id"] for c in d["contracts"]] == [c.contract_id for c in ev.contracts]


def test_no_warehouse_and_no_award_data(tmp_path: Path) -> None:
    sc = load_scenario(SCENARIO)
    assert plan(sc).evidence is None and plan(sc).to_dict()["evidence"] is None
    empty = plan(sc, warehouse=Warehouse(tmp_path / "w").create()).evidence
    assert empty is not None and not empty.available and empty.contracts == ()
    assert empty.summary_message.code == "entry.evidence.no_tables" and empty.beside_message is None


def test_no_contract_for_the_product(wh: Warehouse) -> None:
    sc = load_scenario(SCENARIO)
    other = sc.model_copy(update={"firm": sc.firm.model_copy(update={"hs6": "854442"})})
    ev = plan(other, warehouse=wh).evidence
    assert ev is not None and ev.available and ev.contracts == () and ev.n == 0
    assert ev.summary_message.code == "entry.evidence.none"


@pytest.mark.parametrize(("lang", "head"), [("en", "Who won here"), ("zh-CN", "谁在这里中标")])
def test_cli_plan_shows_them(wh: Warehouse, lang: str, head: str) -> None:
    out = CliRunner().invoke(app, ["--lang", lang, "plan", str(SCENARIO), "-w", str(wh.home)],
                             env={"COLUMNS": "160"})
    assert out.exit_code == 0, out.output
    assert head in out.stdout
    ref = _recount("MOZ", "902820")
    assert all(r["supplier"][:12] in out.stdout for r in ref)
    js = CliRunner().invoke(app, ["plan", str(SCENARIO), "-w", str(wh.home), "--json"])
    assert json.loads(js.stdout)["evidence"]["n_contracts"] == len({r["contract_id"] for r in ref})


@pytest.mark.parametrize(("lang", "head", "said"), [
    ("en", "Who won here: the real contracts", "suppliers registered in the market won"),
    ("zh", "谁在这里中标：真实合同", "在当地注册的供应商赢得")])
def test_report_shows_them_in_its_language(wh: Warehouse, lang: str, head: str, said: str) -> None:
    p = plan(load_scenario(SCENARIO), warehouse=wh).to_dict()
    data = ReportData(lang=lang, demo=False, product="902820", exporter="CHN", market=None,
                      scan={"markets": [], "years": []}, plan=p)
    html = render_html(data)
    assert head in html and said in html
    assert all(r["supplier"] in html for r in _recount("MOZ", "902820"))


@pytest.fixture(scope="module")
def client(wh: Warehouse) -> Iterator[Client]:
    c = Client(create_app(Settings(warehouse=wh.home)))
    c.get("/plans")
    yield c
    c.close()


def _post(c: Client, path: str, text: str, lang: str) -> str:
    token = c._client.cookies.get("chuhai_csrf") or ""
    r = c.post(path, headers={"accept": "text/html", "accept-language": lang, "origin": "http://testserver"},
               data={"csrf_token": token, "mode": "toml", "toml": text, "runs": "300"})
    assert r.status_code == 200, r.text[:400]
    return str(r.text)


@pytest.mark.parametrize(("lang", "head"), [("en", "Who won here"), ("zh-CN", "谁在这里中标")])
def test_web_planner_shows_them(client: Client, lang: str, head: str) -> None:
    html = _post(client, "/plan", SCENARIO.read_text(encoding="utf-8"), lang)
    assert 'id="plan-evidence"' in html and head in html
    assert html.count('class="evidence-row"') == len(_recount("MOZ", "902820"))


@pytest.mark.parametrize(("lang", "head"), [("en", "Real awards beside the simulation"),
                                            ("zh-CN", "与模拟对照的真实中标记录")])
def test_tender_page_shows_them(client: Client, lang: str, head: str) -> None:
    html = _post(client, "/tenders", TENDER.read_text(encoding="utf-8"), lang)
    assert 'id="tender-evidence"' in html and head in html
    n = len(_recount("MOZ", "9028"))
    assert html.count('class="evidence-row"') == min(n, 10) > 0


def test_api_plan_and_the_offline_page_carry_them(client: Client, wh: Warehouse) -> None:
    r = client.post("/api/v1/plan", json={"scenario": SCENARIO.read_text(encoding="utf-8")})
    assert r.status_code == 200, r.text
    res = plan(load_scenario(SCENARIO), warehouse=wh)
    assert r.json()["evidence"] == json.loads(json.dumps(res.to_dict()["evidence"]))
    from chuhai.report.plan_page import render_plan_page

    for lang, heading in (("zh", "谁在这里中标"), ("en", "Who won here")):
        page = render_plan_page(res, lang)
        assert heading in page and "id='evidence'" in page
        assert all(r["supplier"] in page for r in _recount("MOZ", "902820"))
