"""Downloads of real sources: BACI release zips from CEPII, Comtrade API answers.

Every download is streamed to ``<name>.part`` and renamed when complete (atomic: a
half-written file never carries the final name). An existing ``.part`` is resumed with
an HTTP ``Range`` request; a server that ignores it (HTTP 200) restarts the file. The
sha256 of the finished file is returned (and printed by the CLI). Local paths and
``file://`` URLs are copied the same way, which is how the tests point it at a file.

::

    result = download(baci_url(release="202501", hs="HS22"), dest_dir)
    result.path, result.sha256, result.bytes
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import httpx
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from chuhai.data.codes import HS_REVISIONS
from chuhai.data.warehouse import file_sha256
from chuhai.errors import ChuhaiError, SourceError

__all__ = ["BACI_URL", "DownloadResult", "baci_url", "default_transport", "download"]

#: CEPII's download address of a BACI release (HS revision, release yyyymm).
BACI_URL = "https://www.cepii.fr/DATA_DOWNLOAD/baci/data/BACI_{hs}_V{release}.zip"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class DownloadResult:
    """A finished download."""

    url: str
    path: Path
    sha256: str
    bytes: int
    resumed: bool = False
    skipped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "path": str(self.path), "sha256": self.sha256,
                "bytes": self.bytes, "resumed": self.resumed, "skipped": self.skipped}


def baci_url(*, release: str, hs: str) -> str:
    """CEPII's URL of BACI release ``release`` (e.g. 202501) in HS revision ``hs``."""
    hs = hs.upper()
    if hs not in HS_REVISIONS:
        raise ChuhaiError(f"unknown HS revision {hs!r}; choose one of {', '.join(HS_REVISIONS)}")
    if not re.fullmatch(r"\d{6}[a-z]?", release.removeprefix("V")):
        raise ChuhaiError(f"a BACI release looks like 202501, not {release!r}")
    return BACI_URL.format(hs=hs, release=release.removeprefix("V"))


def default_transport() -> httpx.BaseTransport | None:
    """The transport used by the CLI (None: real network). Tests replace this."""
    return None


def _local(url: str) -> Path | None:
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme == "" or re.match(r"^[A-Za-z]:\\", url):
        return Path(url)
    return None


@contextmanager
def _progress(show: bool, name: str) -> Iterator[tuple[Progress, Any]]:
    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), TimeRemainingColumn(), disable=not show,
                  transient=True) as progress:
        yield progress, progress.add_task(f"downloading {name}", total=None)


def download(url: str, dest: Path, *, transport: httpx.BaseTransport | None = None,
             force: bool = False, show_progress: bool = False,
             timeout: float = 60.0) -> DownloadResult:
    """Fetch ``url`` to ``dest`` (a file path) via ``dest.part``; see the module docstring."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.is_file() and not force:
        return DownloadResult(url, dest, file_sha256(dest), dest.stat().st_size, skipped=True)
    part = dest.with_name(dest.name + ".part")
    local = _local(url)
    if local is not None:
        if not local.is_file():
            raise SourceError(f"no such file: {local}", url=url)
        with open(local, "rb") as src, open(part, "wb") as out:
            shutil.copyfileobj(src, out, _CHUNK)
        resumed = False
    else:
        resumed = _fetch(url, part, transport=transport, show=show_progress, timeout=timeout)
    os.replace(part, dest)
    return DownloadResult(url, dest, file_sha256(dest), dest.stat().st_size, resumed=resumed)


def _fetch(url: str, part: Path, *, transport: httpx.BaseTransport | None, show: bool,
           timeout: float) -> bool:
    have = part.stat().st_size if part.is_file() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        with httpx.Client(transport=transport, timeout=timeout, follow_redirects=True) as client, \
                client.stream("GET", url, headers=headers) as resp:
            if resp.status_code == 416 and have:  # nothing left to fetch: the part is whole
                return True
            if resp.status_code >= 400:
                raise SourceError(f"download failed: HTTP {resp.status_code} for {url}", url=url,
                                  status=resp.status_code)
            resumed = resp.status_code == 206 and have > 0
            size = int(resp.headers.get("Content-Length", 0)) or None
            with _progress(show, part.name.removesuffix(".part")) as (progress, task), \
                    open(part, "ab" if resumed else "wb") as out:
                progress.update(task, total=(size + have) if size and resumed else size,
                                completed=have if resumed else 0)
                for block in resp.iter_bytes(_CHUNK):
                    out.write(block)
                    progress.advance(task, len(block))
    except httpx.HTTPError as exc:
        raise SourceError(f"download of {url} failed: {exc}; run again to resume", url=url) from exc
    return resumed
