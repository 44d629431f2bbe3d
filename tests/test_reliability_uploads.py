"""Issue 15 §5: uploads are bounded before they are stored -- the body limit holds while
the body streams, an import's extraction has a budget checked before extracting, and a
workbook has a size and a time budget."""

from __future__ import annotations

import asyncio
import io
import json
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest

from chuhai.data.importer import import_paths
from chuhai.data.sources import _zip
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError
from chuhai.web.app import create_app
from chuhai.web.settings import Settings

MIB = 1 << 20


def _post(app: object, chunks: int, *, declared: int | None = None) -> tuple[int, int, dict]:  # type: ignore[type-arg]
    """POST a multipart upload of ``chunks`` MiB as a stream; (status, bytes the app
    consumed, JSON body)."""
    boundary = b"xyz"
    head = (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="big.csv"'
            b"\r\nContent-Type: text/csv\r\n\r\n")
    parts = [head] + [b"1,2\n" * (MIB // 4)] * chunks + [b"\r\n--" + boundary + b"--\r\n"]
    consumed = 0
    sent: list[dict] = []  # type: ignore[type-arg]
    headers = [(b"host", b"testserver"), (b"content-type", b"multipart/form-data; boundary=xyz")]
    if declared is not None:
        headers.append((b"content-length", str(declared).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/v1/data/import", "raw_path": b"/api/v1/data/import",
             "query_string": b"", "headers": headers, "client": ("127.0.0.1", 1),
             "server": ("testserver", 80), "root_path": ""}
    it = iter(parts)

    async def receive() -> dict:  # type: ignore[type-arg]
        nonlocal consumed
        chunk = next(it, None)
        if chunk is None:
            return {"type": "http.disconnect"}
        consumed += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict) -> None:  # type: ignore[type-arg]
        sent.append(message)

    asyncio.run(app(scope, receive, send))  # type: ignore[operator]
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, consumed, json.loads(body)


def test_an_oversized_body_is_cut_off_while_it_streams(tmp_path: Path) -> None:
    app = create_app(Settings(warehouse=tmp_path / "wh", max_upload_bytes=MIB))
    status, consumed, body = _post(app, 50)
    assert status == 413 and body["error"] == "too_large"
    assert consumed <= 3 * MIB  # the limit plus the form overhead, not the 50 MiB sent


def test_a_declared_oversized_body_is_refused_unread(tmp_path: Path) -> None:
    app = create_app(Settings(warehouse=tmp_path / "wh", max_upload_bytes=MIB))
    status, consumed, body = _post(app, 50, declared=1 << 30)
    assert status == 413 and body["error"] == "too_large"
    assert consumed == 0


def _digits_zip(tmp: Path, size: int) -> Path:
    rnd = random.Random(15)
    rows = "".join(f"2021,4,24,{rnd.randrange(10**5, 10**6)},{rnd.random():.3f},NA\n"
                   for _ in range(size // 30))
    z = tmp / "BACI_HS92_V202301.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("BACI_HS92_Y2021_V202301.csv", "t,i,j,k,v,q\n" + rows)
    return z


def test_the_extraction_budget_is_checked_before_extracting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    z = _digits_zip(tmp_path, 3 * MIB)
    monkeypatch.setenv("CHUHAI_MAX_EXTRACT_BYTES", str(2 * MIB))
    extracted: list[str] = []
    real = _zip.extract_member
    monkeypatch.setattr("chuhai.data.sources.baci.extract_member",
                        lambda *a, **k: extracted.append(a[1].filename) or real(*a, **k))
    with pytest.raises(InputError, match="CHUHAI_MAX_EXTRACT_BYTES"):
        import_paths(Warehouse(tmp_path / "wh"), [z])
    assert extracted == []
    assert not (tmp_path / "wh").exists()


def _workbook(tmp: Path, rows: int) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["iso2", "iso3", "cnum", "country", "lat", "lon"])
    for n in range(rows):
        ws.append(["AW", "ABW", 533, f"Aruba {n}", 12.55, -70.1])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp / "geo_cepii.xlsx"
    path.write_bytes(buf.getvalue())
    return path


def test_a_workbook_has_a_size_and_a_time_budget(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = _workbook(tmp_path, 3000)
    wh = Warehouse(tmp_path / "wh")
    monkeypatch.setenv("CHUHAI_MAX_WORKBOOK_BYTES", "50000")
    with pytest.raises(InputError, match="inflates to more than 50,000 bytes"):
        import_paths(wh, [path], source="geodist")
    monkeypatch.delenv("CHUHAI_MAX_WORKBOOK_BYTES")
    monkeypatch.setenv("CHUHAI_MAX_WORKBOOK_SECONDS", "0")
    with pytest.raises(InputError, match="longer than the budget") as err:
        import_paths(wh, [path], source="geodist")
    assert err.value.line == 1000
    assert not wh.exists()
