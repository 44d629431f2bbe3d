"""Errors about the warehouse name no server path on the web (issue 10 §2): pages and API
answers say "the warehouse" / 数据仓库; the CLI adds the path the user gave (their own input)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from chuhai.data.queries.tariffs import tariff_line
from chuhai.data.warehouse import Warehouse
from chuhai.errors import WarehouseError
from chuhai.web import Settings, create_app
from test_web_helpers import Client, assert_error_shape, small_warehouse

HTML = {"accept": "text/html"}


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Client, Client, Path]:
    """A client over a small warehouse and one over a warehouse that does not exist."""
    home = small_warehouse(tmp_path / "wh")
    full, empty = (Client(create_app(Settings(warehouse=h))) for h in (home, tmp_path / "none"))
    yield full, empty, tmp_path
    full.close()
    empty.close()


CASES = [  # (which client, url, status, code, words in zh, words in en)
    (0, "/api/v1/markets?product=850440&exporter=CHN", 404, "data.error.no_trade_product",
     "数据仓库中没有产品 850440", "no trade for product 850440 in the warehouse"),
    (0, "/api/v1/markets?product=902820&exporter=CHN&years=2001-2002", 404,
     "data.error.no_trade_product_years", "2001–2002", "in the warehouse in 2001-2002"),
    (1, "/api/v1/markets?product=902820&exporter=CHN", 409, "data.error.no_warehouse",
     "数据仓库尚未建立", "the warehouse does not exist yet"),
]


@pytest.mark.parametrize(("which", "url", "status", "code", "zh", "en"), CASES)
def test_api_and_page_errors_name_no_server_path(pair: tuple[Client, Client, Path], which: int, url: str,
                                                 status: int, code: str, zh: str, en: str) -> None:
    c, tmp = pair[which], pair[2]
    for lang, words in (("zh", zh), ("en", en)):
        r = c.get(f"{url}&lang={lang}")
        body = assert_error_shape(r, status)
        assert body["code"] == code and words in body["message"], body
        assert str(tmp) not in r.text and "/tmp" not in r.text and "home" not in body["context"]
        page = c.get(f"{url.replace('/api/v1', '')}&lang={lang}", headers=HTML)
        assert page.status_code == status and words in page.text.replace("&#39;", "'")
        assert str(tmp) not in page.text and "/tmp" not in page.text


def test_tariffs_unreadable_keeps_the_driver_text_for_the_cli_only(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    wh = Warehouse(small_warehouse(tmp_path / "wh"))

    def broken(self: Warehouse, **_: object) -> object:
        raise duckdb.IOException(f"Could not set lock on file {tmp_path}/chuhai.duckdb")

    monkeypatch.setattr(Warehouse, "connect", broken)
    with pytest.raises(WarehouseError) as info:
        tariff_line(wh, importer="KEN", partner="CHN", hs6="902820", year=2022)
    err = info.value
    assert str(tmp_path) not in err.text("zh") and str(tmp_path) not in err.text("en")
    public = err.to_dict("en", public=True)
    assert str(tmp_path) not in repr(public) and public["code"] == "data.error.tariffs_unreadable"
    assert str(tmp_path) in repr(err.to_dict("en"))  # --json of the CLI keeps what it was given


@pytest.mark.parametrize(("lang", "words", "where"), [("zh-CN", "数据仓库尚未建立", "数据仓库："),
                                                     ("en", "the warehouse does not exist yet", "warehouse: ")])
def test_the_cli_names_the_path_the_user_gave(tmp_path: Path, lang: str, words: str, where: str) -> None:
    missing = tmp_path / "none"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"), "COLUMNS": "400"}
    proc = subprocess.run([sys.executable, "-m", "chuhai", "--lang", lang, "markets", "--product", "902820",
                           "--exporter", "CHN", "--warehouse", str(missing)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    line = " ".join(proc.stderr.split())
    assert words in line and f"{where}{missing}" in line and "Traceback" not in line, line


@pytest.mark.parametrize(("text", "code", "zh"), [
    ("Could not set lock on file \"{db}\": Conflicting lock is held", "data.error.locked", "被另一个进程占用"),
    ("IO Error: Cannot open file \"{db}\": Permission denied", "data.error.unopenable", "无法打开数据仓库"),
])
def test_a_warehouse_that_cannot_be_opened_names_no_path_on_the_web(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, code: str, zh: str) -> None:
    home = small_warehouse(tmp_path / "wh")
    c = Client(create_app(Settings(warehouse=home)))
    try:
        c.get("/api/v1/health")  # the app is up before the database refuses
        monkeypatch.setenv("CHUHAI_LOCK_WAIT", "0")

        def refuse(*_: object, **__: object) -> object:
            raise duckdb.IOException(text.format(db=home / "chuhai.duckdb"))

        monkeypatch.setattr("chuhai.data.lock.duckdb.connect", refuse)
        for lang in ("zh", "en"):
            r = c.get(f"/api/v1/markets?product=850440&exporter=CHN&lang={lang}")
            body = assert_error_shape(r, 409, "warehouse_error")
            assert body["code"] == code and str(tmp_path) not in r.text, r.text
            assert "cause" not in body["context"] and "home" not in body["context"]
            assert zh in body["message"] if lang == "zh" else "warehouse" in body["message"]
    finally:
        c.close()
