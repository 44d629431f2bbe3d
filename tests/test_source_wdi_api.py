"""World Bank API client: paging, rate-limit backoff, errors -- against a mock transport."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from chuhai.data.importer import import_paths
from chuhai.data.sources.wdi_api import download_wdi
from chuhai.data.warehouse import Warehouse
from chuhai.data.years import parse_years
from chuhai.errors import ChuhaiError, SourceError


def _record(iso: str, year: int, value: float | None) -> dict[str, object]:
    return {"indicator": {"id": "NY.GDP.MKTP.CD", "value": "GDP (current US$)"},
            "country": {"id": iso[:2], "value": iso}, "countryiso3code": iso,
            "date": str(year), "value": value, "unit": "", "obs_status": "", "decimal": 0}


PAGES = {
    1: [_record("KGZ", 2022, 1.2e10), _record("KAZ", 2022, 2.2e11)],
    2: [_record("UZB", 2022, 8.0e10), _record("WLD", 2022, 1.0e14)],
}


def _handler(calls: list[httpx.Request], fail_first: int = 0) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) <= fail_first:
            return httpx.Response(429, headers={"Retry-After": "0"})
        page = int(request.url.params["page"])
        meta = {"page": page, "pages": 2, "per_page": 2, "total": 4, "lastupdated": "2025-01-28"}
        return httpx.Response(200, json=[meta, PAGES[page]])

    return httpx.MockTransport(handle)


def test_download_follows_pages_and_imports(tmp_path: Path) -> None:
    calls: list[httpx.Request] = []
    out = download_wdi("NY.GDP.MKTP.CD", years="2020-2022", directory=tmp_path,
                       transport=_handler(calls), sleep=lambda s: None)
    assert out.name == "wdi_NY.GDP.MKTP.CD_2020-2022.json"
    first = calls[0].url
    assert first.path == "/v2/country/all/indicator/NY.GDP.MKTP.CD"
    assert first.params["format"] == "json" and first.params["date"] == "2020:2022"
    assert first.params["per_page"] == "20000"
    doc = json.loads(out.read_text())
    assert len(doc[1]) == 4 and doc[0]["pages"] == 1
    wh = Warehouse(tmp_path / "wh")
    (outcome,) = import_paths(wh, [out])
    assert outcome.rows == 3  # WLD is an aggregate
    with wh.connect() as con:
        total = con.execute("SELECT sum(value) FROM indicators WHERE indicator='gdp_usd'").fetchone()
    assert total == (pytest.approx(1.2e10 + 2.2e11 + 8.0e10, rel=1e-12),)


def test_rate_limit_exhausted_is_a_source_error(tmp_path: Path) -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    with pytest.raises(SourceError, match="429"):
        download_wdi("NY.GDP.MKTP.CD", years="2022", dest=tmp_path / "unused.json",
                     transport=_handler(calls, fail_first=99), sleep=waits.append)
    assert len(calls) == 4 and len(waits) == 3  # 4 attempts, 3 waits
    assert not (tmp_path / "unused.json").exists()


def test_retry_then_success(tmp_path: Path) -> None:
    calls: list[httpx.Request] = []
    waits: list[float] = []
    out = download_wdi("NY.GDP.MKTP.CD", years="2022", dest=tmp_path / "g.json",
                       transport=_handler(calls, fail_first=2), sleep=waits.append)
    assert out.is_file() and waits == [0.0, 0.0]  # Retry-After: 0 honoured
    assert len(calls) == 4  # 2 refused + 2 pages


def test_api_error_message_is_a_source_error(tmp_path: Path) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[{"message": [{"id": "175", "key": "Invalid format",
                                                       "value": "The indicator was not found"}]}])

    with pytest.raises(SourceError, match="not found"):
        download_wdi("NY.GDP.MKTP.CD", years="2022", dest=tmp_path / "x.json",
                     transport=httpx.MockTransport(handle), sleep=lambda s: None)
    assert not (tmp_path / "x.json").exists()


def test_bad_arguments() -> None:
    with pytest.raises(ChuhaiError, match="not a WDI indicator code"):
        download_wdi("gdp", years="2020-2022")
    with pytest.raises(ChuhaiError, match="not one chuhai imports"):
        download_wdi("SL.UEM.TOTL.ZS", years="2020-2022")
    assert parse_years("2000-2023") == (2000, 2023) and parse_years("2021") == (2021, 2021)
    with pytest.raises(ChuhaiError):
        parse_years("2023-2000")


def test_backoff_doubles_without_retry_after(tmp_path: Path) -> None:
    waits: list[float] = []
    served: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        served.append(1)
        if len(served) <= 3:
            return httpx.Response(503)
        return httpx.Response(200, json=[{"page": 1, "pages": 1}, PAGES[1]])

    download_wdi("NY.GDP.MKTP.CD", years="2022", dest=tmp_path / "g.json",
                 transport=httpx.MockTransport(handle), sleep=waits.append)
    assert waits == [1.0, 2.0, 4.0]  # backoff_s = 1 s, doubled per retry


def test_cli_download_wdi_and_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from chuhai.cli import app
    from chuhai.data import download as dl

    calls: list[httpx.Request] = []
    monkeypatch.setattr(dl, "default_transport", lambda: _handler(calls))
    wh = tmp_path / "wh"
    res = CliRunner().invoke(app, ["data", "download", "wdi", "--indicator", "NY.GDP.MKTP.CD",
                                   "--years", "2022-2022", "--import", "--warehouse", str(wh),
                                   "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["downloaded"][0]["path"].endswith(".json")
    assert out["imported"][0]["source"] == "wdi"
    with Warehouse(wh).connect() as con:
        got = dict(con.execute("SELECT iso3, value FROM indicators WHERE indicator = 'gdp_usd'").fetchall())
    assert got == {"KGZ": 1.2e10, "KAZ": 2.2e11, "UZB": 8.0e10}  # WLD aggregate skipped
