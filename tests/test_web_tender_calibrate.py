"""The calibrate option of POST /api/v1/tenders/simulate and of the tender page, over real
World Bank award rows (tests/awards_fixture.py): the same calibration as the library, its
sources shown in both languages, the archetype warning gone once calibrated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from tests.awards_fixture import awards_warehouse

from chuhai.data.warehouse import Warehouse
from chuhai.i18n.catalogs import message_text
from chuhai.tenders import messages as M
from chuhai.tenders.calibrate import calibrate, simulate_calibrated
from chuhai.web import Settings, create_app
from chuhai.web.services.tender import load_text
from test_web_helpers import Client, assert_error_shape

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

TENDER = """
[tender]
name = "meters"
rulepack = "mz-decree-5-2016"
buyer_country = "MOZ"
quantity = 20000
products = ["9028"]

[[offers]]
bidder = "Import only"
own = true
price = 38.0
bidder_country = "CHN"
origin = "CHN"

[[rivals]]
name = "Low-cost importer"
archetype = "low_cost_importer"
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    home = tmp_path_factory.mktemp("webcal")
    awards_warehouse(home)
    c = Client(create_app(Settings(warehouse=home)))
    c.home = home  # type: ignore[attr-defined]
    yield c
    c.close()


def test_api_calibrate_is_the_library_calibration(client: Any) -> None:
    body = {"tender": TENDER, "runs": 2000, "seed": 3}
    r = client.post("/api/v1/tenders/simulate", json={**body, "calibrate": True})
    assert r.status_code == 200, r.text
    got = r.json()
    t = load_text(TENDER)
    want = simulate_calibrated(t, calibrate(Warehouse(client.home), buyer="MOZ", sector="9028"), runs=2000, seed=3)
    assert got["calibration"] == want.to_dict()["calibration"]
    assert got["win_probability"] == pytest.approx(want.win_probability)
    assert got["calibration"]["n"] >= 5 and got["calibration"]["scope"] == "country"
    assert got["calibration"]["bid_evidence"]["scope"] == "none"  # WB awards only: no OCDS bids
    codes = [m["code"] for m in got["warnings_messages"]]
    assert "tenders.sim.calibrated" in codes and "tenders.sim.no_bids" in codes
    assert "tenders.sim.archetypes" not in codes
    plain = client.post("/api/v1/tenders/simulate", json=body).json()
    assert "calibration" not in plain and "tenders.sim.archetypes" in [m["code"] for m in plain["warnings_messages"]]
    # an explicit sector wins over tender.products
    other = client.post("/api/v1/tenders/simulate", json={**body, "calibrate": True, "sector": "8481"}).json()
    assert other["calibration"]["sector"] == "8481"


def test_api_calibrate_needs_a_sector(client: Any) -> None:
    text = TENDER.replace('products = ["9028"]\n', "")
    r = client.post("/api/v1/tenders/simulate", json={"tender": text, "calibrate": True, "runs": 500})
    err = assert_error_shape(r, 422, "scenario_error")
    assert "tender.products" in err["message"]
    assert_error_shape(client.post("/api/v1/tenders/simulate",
                                   json={"tender": TENDER, "calibrate": True, "sector": "90x"}), 422)


ARCHETYPE_WARNING = M.SIM_ARCHETYPES()


@pytest.mark.parametrize(("lang", "heading", "source"), [
    ("en", "Rivals calibrated from the evidence", "World Bank contract awards"),
    ("zh", "依据证据校准的对手", "世界银行合同授予"),
])
def test_page_shows_the_calibration_and_drops_the_archetype_warning(client: Any, lang: str, heading: str,
                                                                    source: str) -> None:
    warning = str(escape(message_text(ARCHETYPE_WARNING, lang)))
    plain = client.post(f"/tenders?lang={lang}", data={"mode": "toml", "toml": TENDER, "runs": "2000"})
    assert plain.status_code == 200 and warning in plain.text and 'id="calibration"' not in plain.text
    cal = client.post(f"/tenders?lang={lang}", data={"mode": "toml", "toml": TENDER, "runs": "2000",
                                                     "calibrate": "1"})
    assert cal.status_code == 200, cal.text
    assert heading in cal.text and source in cal.text and 'id="calibration-rivals"' in cal.text
    assert warning not in cal.text
    assert str(escape(message_text(M.SIM_NO_BIDS(buyer="MOZ"), lang))) in cal.text
    if lang == "zh":  # the calibration note names its source and scope in words, not by id
        note = message_text(M.SIM_CALIBRATED(n=5, scope="region:AFE", source="wb-contracts", sector="9028"), "zh")
        assert "东部和南部非洲" in note and "世界银行合同授予" in note and "wb-contracts" not in cal.text


def test_form_calibrates_by_default_where_awards_exist(client: Any, tmp_path: Path) -> None:
    page = client.get("/tenders?lang=en")
    assert 'id="calibrate" checked' in page.text
    form = {"rulepack": "mz-decree-5-2016", "buyer_country": "MOZ", "quantity": "1000", "currency": "USD",
            "method": "lowest_price", "runs": "1000", "seed": "1", "sector": "9028", "calibrate": "1",
            "b0_bidder": "Us", "b0_price": "40", "b0_bidder_country": "CHN", "b0_origin": "CHN", "b0_own": "1"}
    r = client.post("/tenders?lang=en", data=form)
    assert r.status_code == 200 and 'id="calibration-rivals"' in r.text and "calibrated domestic" in r.text
    empty = Client(create_app(Settings(warehouse=tmp_path / "none")))
    try:
        assert 'id="calibrate" checked' not in empty.get("/tenders?lang=en").text
    finally:
        empty.close()
