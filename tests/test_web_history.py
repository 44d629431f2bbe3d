"""GET /api/v1/tenders/history and the 谁在中标 / Who wins page over real WB award rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.awards_fixture import awards_warehouse

from chuhai.tenders.history import history
from chuhai.web import Settings, create_app
from test_web_helpers import Client, assert_error_shape

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    home = tmp_path_factory.mktemp("webhist")
    awards_warehouse(home)
    c = Client(create_app(Settings(warehouse=home)))
    c.home = home  # type: ignore[attr-defined]
    yield c
    c.close()


def test_api_is_the_cli_contract(client: Any) -> None:
    r = client.get("/api/v1/tenders/history", params={"country": "Mozambique", "product": "9028"})
    assert r.status_code == 200, r.text
    body = r.json()
    from chuhai.data.warehouse import Warehouse

    assert body == history(Warehouse(client.home), country="MOZ", products=("9028",)).to_dict()
    assert body["shares"]["n"] == len(body["contracts"]) > 0
    m = client.get("/api/v1/tenders/history", params={"country": "MOZ", "product": "9028", "method": "rfb"})
    assert {c["method"] for c in m.json()["contracts"]} == {"rfb"}


def test_api_errors(client: Any) -> None:
    assert_error_shape(client.get("/api/v1/tenders/history", params={"country": "Atlantis"}), 404)
    assert_error_shape(client.get("/api/v1/tenders/history", params={"country": "MOZ", "method": "bogus"}), 404)
    assert client.get("/api/v1/tenders/history", params={"product": "9x"}).status_code == 422


@pytest.mark.parametrize(("lang", "title", "origin"), [("en", "Who wins", "chinese"), ("zh", "谁在中标", "中国企业")])
def test_page_in_both_languages(client: Any, lang: str, title: str, origin: str) -> None:
    r = client.get("/tenders/history", params={"country": "MOZ", "product": "9028", "lang": lang})
    assert r.status_code == 200, r.text
    html = r.text
    assert title in html and origin in html and "SHENZEN CLOU" in html
    assert 'data-chart="shares-chart"' in html and 'data-chart="methods-chart"' in html
    assert html.count('class="contract-row"') == 5


def test_page_default_and_empty(client: Any, tmp_path: Path) -> None:
    r = client.get("/tenders/history")
    assert r.status_code == 200 and "AFRITOOL" in r.text  # the default: meters in Mozambique
    none = client.get("/tenders/history", params={"country": "MOZ", "product": "8544", "lang": "en"})
    assert none.status_code == 200 and "No award matches." in none.text and "shares-chart" not in none.text


@pytest.mark.parametrize(("lang", "count"), [("zh", "{n} 份合同"), ("en", "{n} contracts")])
def test_summary_counts_contracts_with_a_measure_word(client: Any, lang: str, count: str) -> None:
    import re

    from chuhai.data.warehouse import Warehouse

    res = history(Warehouse(client.home), country="MOZ", products=("9028",))
    r = client.get("/tenders/history", params={"country": "MOZ", "product": "9028", "lang": lang})
    summary = re.search(r'<p id="history-summary">([^<]*)</p>', r.text)
    assert summary is not None
    assert summary.group(1).startswith(count.format(n=f"{res.n_contracts:,}") + " ·"), summary.group(1)
