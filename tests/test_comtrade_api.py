"""Comtrade API client against recorded responses (httpx.MockTransport); never the network."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from chuhai.data.sources import comtrade
from chuhai.data.sources.comtrade_api import (
    DATA_URL,
    PREVIEW_URL,
    ComtradeClient,
    ComtradeQuery,
    m49_code,
)
from chuhai.errors import SourceError

RECORD = {  # one record as the API returns it (field names and types as in the real answer)
    "typeCode": "C", "freqCode": "A", "refPeriodId": 20220101, "refYear": 2022, "refMonth": 52,
    "period": "2022", "reporterCode": 32, "reporterISO": "ARG", "reporterDesc": "Argentina",
    "flowCode": "X", "flowDesc": "Export", "partnerCode": 398, "partnerISO": "KAZ",
    "partnerDesc": "Kazakhstan", "partner2Code": 0, "partner2ISO": "W00", "partner2Desc": "World",
    "classificationCode": "H6", "classificationSearchCode": "HS", "isOriginalClassification": True,
    "cmdCode": "902820", "cmdDesc": "Meters; for liquids", "aggrLevel": 6, "isLeaf": True,
    "customsCode": "C00", "customsDesc": "TOTAL CPC", "mosCode": "0", "motCode": 0,
    "motDesc": "TOTAL MOT", "qtyUnitCode": 5, "qtyUnitAbbr": "u", "qty": 40.0,
    "netWgt": 250.0, "grossWgt": None, "cifvalue": None, "fobvalue": 1234.5,
    "primaryValue": 1234.5, "legacyEstimationFlag": 0, "isReported": True, "isAggregate": False,
}
ANSWER = {"elapsedTime": "0.1 secs", "count": 1, "data": [RECORD], "error": ""}


def _client(handler, **kw) -> tuple[ComtradeClient, list[float]]:
    waits: list[float] = []
    return ComtradeClient(transport=httpx.MockTransport(handler), sleep=waits.append, **kw), waits


def test_preview_endpoint_and_params() -> None:
    seen: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        return httpx.Response(200, json=ANSWER)

    client, _ = _client(handler)
    doc = client.get(ComtradeQuery(reporter="ARG", years=(2021, 2022), flow="x", partner="KAZ"))
    assert doc["data"][0]["cmdCode"] == "902820"
    url = seen[0].url
    assert str(url).startswith(PREVIEW_URL)
    assert url.params["reporterCode"] == "32" and url.params["period"] == "2021,2022"
    assert url.params["flowCode"] == "X" and url.params["partnerCode"] == "398"
    assert "Ocp-Apim-Subscription-Key" not in seen[0].headers


def test_keyed_endpoint_sends_key() -> None:
    seen: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        return httpx.Response(200, json=ANSWER)

    client, _ = _client(handler, api_key="secret")
    client.get(ComtradeQuery(reporter="156", years=(2010,)))
    assert str(seen[0].url).startswith(DATA_URL)
    assert seen[0].headers["Ocp-Apim-Subscription-Key"] == "secret"


def test_429_backoff_honours_retry_after_and_caps() -> None:
    calls = {"n": 0}

    def handler(req: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return httpx.Response(429, headers={"Retry-After": "7"})
        if calls["n"] == 2:
            return httpx.Response(429, headers={"Retry-After": "3600"})
        if calls["n"] == 3:
            return httpx.Response(503)
        return httpx.Response(200, json=ANSWER)

    client, waits = _client(handler, backoff=0.5, max_wait=30)
    assert client.get(ComtradeQuery(reporter="ARG", years=(2022,)))["count"] == 1
    assert waits == [7.0, 30.0, 2.0]  # Retry-After, capped Retry-After, backoff 0.5 * 2**2


def test_429_gives_up_after_max_retries() -> None:
    client, waits = _client(lambda req: httpx.Response(429), max_retries=3, backoff=1)
    with pytest.raises(SourceError, match="429"):
        client.get(ComtradeQuery(reporter="ARG", years=(2022,)))
    assert waits == [1, 2, 4]


@pytest.mark.parametrize(("status", "body", "fragment"), [
    (401, {"statusCode": 401}, "key"),
    (400, {"error": "bad"}, "HTTP 400"),
    (200, {"data": [], "error": "Too many records"}, "Too many records"),
    (200, {"nodata": 1}, "no \"data\""),
])
def test_api_errors_are_source_errors(status: int, body: dict, fragment: str) -> None:
    client, _ = _client(lambda req: httpx.Response(status, json=body))
    with pytest.raises(SourceError, match=fragment):
        client.get(ComtradeQuery(reporter="ARG", years=(2022,)))


def test_recorded_real_answer_saves_and_parses(shared_data: Path, tmp_path: Path) -> None:
    recorded = (shared_data / "comtrade" / "HS-60a6ad.json").read_bytes()
    client, _ = _client(lambda req: httpx.Response(200, content=recorded,
                                                   headers={"content-type": "application/json"}))
    q = ComtradeQuery(reporter="CHN", years=(2010,), flow="M")
    dest = client.save(q, tmp_path / q.file_name())
    assert dest.name == "comtrade_CHN_M_2010.json"
    assert json.loads(dest.read_text())["count"] == 4
    assert comtrade.detect(dest, dest.read_bytes()[:4096])


def test_saved_answer_imports(tmp_path: Path) -> None:
    client, _ = _client(lambda req: httpx.Response(200, json=ANSWER))
    dest = client.save(ComtradeQuery(reporter="ARG", years=(2022,)), tmp_path / "a.json")
    ((year, exporter, importer, hs6, rev, value, tonnes, *_),) = comtrade.parse_file(dest)
    assert (year, exporter, importer, hs6, rev) == (2022, "ARG", "KAZ", "902820", "HS22")
    assert float(value) == 1234.5 and tonnes == 0.25


def test_m49_codes() -> None:
    assert m49_code("CHN") == "156" and m49_code("kz") == "398" and m49_code("032") == "32"
