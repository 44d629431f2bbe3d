"""Downloads: CEPII URL pattern, streamed, atomic (.part then rename), resumable, sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx
import pytest

from chuhai.data.download import baci_url, download
from chuhai.errors import ChuhaiError, SourceError

BODY = bytes(range(256)) * 4096  # 1 MiB


def test_baci_url_is_cepii_pattern() -> None:
    assert baci_url(release="202501", hs="hs22") == (
        "https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_HS22_V202501.zip")
    with pytest.raises(ChuhaiError):
        baci_url(release="2025", hs="HS22")
    with pytest.raises(ChuhaiError):
        baci_url(release="202501", hs="HS99")


def _server(ranges: bool = True, fail: int | None = None):
    seen: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        seen.append(req)
        if fail:
            return httpx.Response(fail)
        rng = req.headers.get("Range")
        if rng and ranges:
            start = int(rng.removeprefix("bytes=").rstrip("-"))
            return httpx.Response(206, content=BODY[start:],
                                  headers={"Content-Range": f"bytes {start}-{len(BODY) - 1}/{len(BODY)}"})
        return httpx.Response(200, content=BODY)

    return httpx.MockTransport(handler), seen


def test_download_full_and_sha(tmp_path: Path) -> None:
    transport, seen = _server()
    dest = tmp_path / "BACI_HS22_V202501.zip"
    res = download(baci_url(release="202501", hs="HS22"), dest, transport=transport)
    assert dest.read_bytes() == BODY and not dest.with_name(dest.name + ".part").exists()
    assert res.sha256 == hashlib.sha256(BODY).hexdigest() and res.bytes == len(BODY)
    assert str(seen[0].url) == "https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_HS22_V202501.zip"
    again = download("https://x/y.zip", dest, transport=transport)
    assert again.skipped and len(seen) == 1


def test_resume_from_part(tmp_path: Path) -> None:
    transport, seen = _server()
    dest = tmp_path / "a.zip"
    dest.with_name("a.zip.part").write_bytes(BODY[:1000])
    res = download("https://x/a.zip", dest, transport=transport)
    assert seen[0].headers["Range"] == "bytes=1000-"
    assert res.resumed and dest.read_bytes() == BODY


def test_server_ignoring_range_restarts(tmp_path: Path) -> None:
    transport, _ = _server(ranges=False)
    dest = tmp_path / "a.zip"
    dest.with_name("a.zip.part").write_bytes(b"garbage")
    res = download("https://x/a.zip", dest, transport=transport)
    assert not res.resumed and dest.read_bytes() == BODY


def test_http_error_leaves_no_final_file(tmp_path: Path) -> None:
    transport, _ = _server(fail=404)
    dest = tmp_path / "a.zip"
    with pytest.raises(SourceError, match="404"):
        download("https://x/a.zip", dest, transport=transport)
    assert not dest.exists()


def test_interrupted_stream_keeps_part_for_resume(tmp_path: Path) -> None:
    def handler(req: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset", request=req)

    dest = tmp_path / "a.zip"
    with pytest.raises(SourceError, match="resume"):
        download("https://x/a.zip", dest, transport=httpx.MockTransport(handler))
    assert not dest.exists()


def test_local_file_and_file_url(tmp_path: Path) -> None:
    src = tmp_path / "src.zip"
    src.write_bytes(BODY)
    for url in (str(src), src.as_uri()):
        dest = tmp_path / "out" / "x.zip"
        res = download(url, dest, force=True)
        assert dest.read_bytes() == BODY and res.sha256 == hashlib.sha256(BODY).hexdigest()
    with pytest.raises(SourceError, match="no such file"):
        download(str(tmp_path / "none.zip"), tmp_path / "y.zip")
