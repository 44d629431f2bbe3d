"""The planner's defaults (issue 10 §2): only the regimes that apply to the host ticked;
the host's currency, exchange rate and a wage from the warehouse, each labelled as an
assumption with its source; rates entered as percentages; the entry modes to run ticked."""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest

from chuhai.data.importer import import_paths
from chuhai.data.warehouse import Warehouse
from chuhai.i18n.latin import latin_words
from chuhai.web.app import create_app
from chuhai.web.planner_defaults import default_regimes
from chuhai.web.scenario_form import _BASE, FIELDS, PERCENT, form_to_scenario
from chuhai.web.settings import Settings
from test_web_helpers import Client

WDI_FX = "wdi-one/PA.NUS.FCRF.csv"
WDI_GDP = "wdi-wbdata-2025/gdp_per_capita.csv"
SAME = {"origin": "http://testserver"}
MODES = ("direct_export", "distributor", "licensing", "joint_venture", "skd_assembly",
         "ckd_assembly", "full_local")


@pytest.fixture
def wdi_home(shared_data: Path, tmp_path: Path) -> Path:
    home = tmp_path / "wh"
    import_paths(Warehouse(home), [shared_data / WDI_FX, shared_data / WDI_GDP])
    return home


@pytest.fixture
def wdi_client(wdi_home: Path) -> Iterator[Client]:
    c = Client(create_app(Settings(warehouse=wdi_home)))
    yield c
    c.close()


def _wdi_fx(shared: Path, iso3: str) -> tuple[float, int]:
    with (shared / WDI_FX).open(encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["economy"] == iso3)
    return float(row["PA.NUS.FCRF"]), int(row["PA.NUS.FCRF:T"])


def _checked(html: str, name: str) -> set[str]:
    boxes = re.findall(rf'<input type="checkbox" name="{name}" value="([a-z_]+)"[^>]*>', html)
    ticked = re.findall(rf'<input type="checkbox" name="{name}" value="([a-z_]+)"[^>]* checked>', html)
    assert boxes, name
    return set(ticked)


def _value(html: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert m, name
    return unescape(m.group(1))


def _token(c: Client) -> str:
    c.get("/plans")
    return c._client.cookies.get("chuhai_csrf") or ""


@pytest.mark.parametrize(("iso3", "ticked"), [
    ("MOZ", {"wb_group_a", "opec_value_added"}),  # low income: the lenders' regimes, no own one here
    ("IND", {"in_mii", "wb_group_a", "opec_value_added"}),
    ("VNM", {"vn_domestic_cost", "wb_group_a", "opec_value_added"}),
    ("USA", {"us_baa"}),  # high income: no lender's regime
    ("DEU", set()),
])
def test_only_the_hosts_regimes_are_ticked(iso3: str, ticked: set[str]) -> None:
    assert set(default_regimes(iso3)) == ticked


def test_the_host_defaults_come_from_the_warehouse_with_their_source(
        wdi_client: Client, wdi_home: Path, shared_data: Path) -> None:
    fx, year = _wdi_fx(shared_data, "MOZ")
    page = wdi_client.get("/plan?market=MOZ&product=902820&lang=en").text
    assert _value(page, "currency") == "MZN"
    assert float(_value(page, "fx_lcu_per_usd")) == pytest.approx(fx, rel=1e-12)
    assert float(_value(page, "price_lcu")) == pytest.approx(60.0 * fx, abs=0.005)
    with Warehouse(wdi_home).connect() as con:
        gdp = con.execute("SELECT value FROM indicators WHERE iso3 = 'MOZ' AND indicator = "
                          "'gdp_per_capita_usd' ORDER BY year DESC LIMIT 1").fetchone()[0]
    assert float(_value(page, "wage_lcu_per_hour")) == pytest.approx(0.4 * gdp / 2000 * fx, abs=0.005)
    assert _value(page, "vat") == ""  # no reference table holds VAT: left for the user
    text = unescape(re.sub(r"<[^>]+>", " ", page))
    assert f"assumption: source WDI PA.NUS.FCRF (official rate, local currency per USD), {year}" in text
    assert "assumption: source CLDR, the currency in use in MOZ" in text
    assert "no reference table holds VAT rates" in text
    assert _checked(page, "regimes") == {"wb_group_a", "opec_value_added"}
    assert _checked(page, "modes") == set(MODES)
    zh = wdi_client.get("/plan?market=MOZ&product=902820&lang=zh").text
    assert "假设：来源 世界银行世界发展指标" in zh and "请填写东道国的税率" in zh
    assert latin_words(zh, allow=("English",)) == []  # the link to the English page


def test_rates_are_percentages_on_the_page_and_fractions_in_the_scenario() -> None:
    form = {k: str(_BASE[k]) for k in FIELDS if k in _BASE}
    sc = form_to_scenario(form, ["in_mii"], ["licensing"])
    assert form["vat"] == "16" and sc["market"]["vat"] == 0.16
    assert sc["partner"]["share"] == 0.15 and sc["partner"]["firm_equity"] == 0.49
    assert sc["firm"]["discount_rate"] == 0.12 and sc["partner"]["royalty_rate"] == 0.03
    for field in PERCENT:
        section, key, _ = FIELDS[field]
        assert sc[section][key] == pytest.approx(float(_BASE[field]) / 100, abs=1e-12)
    assert sc["regimes"] == ["in_mii"] and sc["include_modes"] == ["licensing"]
    assert "regimes" not in form_to_scenario(form, None)  # no choice sent: the scenario's default


def _form(**extra: str) -> dict[str, str]:
    data = {k: str(_BASE[k]) for k in FIELDS if k in _BASE}
    for i, c in enumerate(_BASE["components"]):
        data |= {f"c{i}_name": c["name"], f"c{i}_cost": str(c["cost_usd"]), f"c{i}_origin": c["origin"]}
    return data | extra


def test_the_plan_runs_only_the_ticked_modes_and_regimes(wdi_client: Client) -> None:
    token = _token(wdi_client)
    data = {**_form(), "csrf_token": token, "modes_offered": "1", "regimes_offered": "1",
            "modes": ["distributor", "joint_venture"], "regimes": ["wb_group_a"]}
    r = wdi_client.post("/plan?lang=en", headers=SAME, data=data)
    assert r.status_code == 200, re.findall(r'id="plan-error">([^<]*)', r.text)
    table = r.text.split('id="modes"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 3  # the header and the two ticked modes
    toml = unescape(re.search(r'<textarea name="toml" rows="16">([^<]*)</textarea>', r.text).group(1))
    sc = tomllib.loads(toml)
    assert sc["include_modes"] == ["distributor", "joint_venture"] and sc["regimes"] == ["wb_group_a"]
    assert sc["market"]["vat"] == 0.16 and sc["partner"]["share"] == 0.15
    assert _checked(r.text, "modes") == {"distributor", "joint_venture"}  # the form keeps the choice
    assert _checked(r.text, "regimes") == {"wb_group_a"}


@pytest.mark.parametrize(("lang", "words"), [("zh", "请至少勾选一种进入模式"),
                                             ("en", "tick at least one entry mode")])
def test_no_mode_ticked_is_refused(wdi_client: Client, lang: str, words: str) -> None:
    data = {**_form(), "csrf_token": _token(wdi_client), "modes_offered": "1"}
    r = wdi_client.post(f"/plan?lang={lang}", headers=SAME, data=data)
    assert r.status_code == 400 and 'id="plan-error"' in r.text and words in r.text


@pytest.mark.parametrize(("extra", "zh", "en"), [
    ({"vat": ""}, "请填写东道国的增值税税率", "enter the host's VAT rate (%)"),
    ({"country": "DEU", "regimes_offered": "1"}, "请至少勾选一种采购制度",
     "tick at least one procurement regime"),
])
def test_a_blank_vat_or_no_regime_is_refused_naming_the_field(
        wdi_client: Client, extra: dict[str, str], zh: str, en: str) -> None:
    token = _token(wdi_client)
    for lang, words in (("zh", zh), ("en", en)):
        r = wdi_client.post(f"/plan?lang={lang}", headers=SAME,
                            data={**_form(**extra), "csrf_token": token, "modes_offered": "1",
                                  "modes": list(MODES)})
        err = unescape(re.search(r'id="plan-error">([^<]*)', r.text).group(1))
        assert r.status_code == 400 and words in err
        assert ("vat" if "vat" in extra else "regimes") in err


def test_import_duties_are_percentages_and_blank_is_the_warehouses(wdi_client: Client) -> None:
    token = _token(wdi_client)
    page = wdi_client.get("/plan?market=MOZ&lang=zh").text
    assert all(_value(page, f"tariff_{k}") == "" for k in ("cbu", "skd", "ckd", "components"))
    data = {**_form(tariff_cbu="25", tariff_ckd="7.5"), "csrf_token": token}
    for lang in ("en", "zh"):
        r = wdi_client.post(f"/plan?lang={lang}", headers=SAME, data=data)
        assert r.status_code == 200, re.findall(r'id="plan-error">([^<]*)', r.text)
        toml = unescape(re.search(r'<textarea name="toml" rows="16">([^<]*)</textarea>', r.text).group(1))
        assert tomllib.loads(toml)["market"]["tariffs"] == {"cbu": 0.25, "ckd": 0.075}
        assert _value(r.text, "tariff_cbu") == "25"  # the page keeps what was typed
    # the scenario text shown back in the editors (<textarea>) is the user's own input
    shown = re.sub(r"(<textarea[^>]*>)[^<]*(</textarea>)", r"\1\2", r.text)
    assert latin_words(shown, allow=("English",)) == []
    assert "tariffs" not in tomllib.loads(unescape(re.search(
        r'<textarea name="toml" rows="16">([^<]*)</textarea>',
        wdi_client.post("/plan", headers=SAME, data={**_form(), "csrf_token": token}).text).group(1)))["market"]
