"""World Bank Indicators API v2 client and ``chuhai data download wdi``.

``GET https://api.worldbank.org/v2/country/all/indicator/{code}?format=json&per_page=20000&date=A:B``
answers ``[{"page", "pages", "per_page", "total", ...}, [records]]``; the client follows
``pages``, retries HTTP 429 / 5xx with exponential backoff, and writes all records as
one file in the same shape, which :mod:`chuhai.data.sources.wdi` imports.

Library API::

    download_wdi("NY.GDP.MKTP.CD", years=(2000, 2023), dest=Path("gdp.json"))

Tests pass ``transport=httpx.MockTransport(...)``; nothing here runs at import time.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from chuhai.data.sources._wdi_layouts import INDICATORS
from chuhai.data.years import parse_years
from chuhai.errors import ChuhaiError, SourceError

__all__ = ["API_URL", "WdiClient", "download_wdi"]

API_URL = "https://api.worldbank.org/v2"
_CODE = re.compile(r"^[A-Z]{2}\.[A-Z0-9]{2,5}(\.[A-Z0-9]{2,5}){1,3}$")


@dataclass(frozen=True, slots=True)
class WdiClient:
    """Small WB API client.

    Parameters (keyword-only in :func:`download_wdi`)
    ----------
    base_url : API root, default :data:`API_URL`.
    transport : httpx transport; tests inject ``httpx.MockTransport``.
    retries : attempts per page on HTTP 429 / 5xx / network errors.
    backoff_s : first wait in seconds, doubled per retry (``Retry-After`` wins if given).
    timeout_s : per-request timeout in seconds.
    sleep : the sleep function (tests pass a no-op).
    """

    base_url: str = API_URL
    transport: httpx.BaseTransport | None = None
    retries: int = 4
    backoff_s: float = 1.0
    timeout_s: float = 60.0
    per_page: int = 20000
    sleep: Callable[[float], None] = time.sleep

    def indicator(self, code: str, first: int, last: int) -> tuple[dict[str, Any], list[Any]]:
        """All records of ``code`` for every economy, years ``first``..``last``."""
        url = f"{self.base_url.rstrip('/')}/country/all/indicator/{code}"
        records: list[Any] = []
        meta: dict[str, Any] = {}
        page, pages = 1, 1
        with httpx.Client(transport=self.transport, timeout=self.timeout_s) as client:
            while page <= pages:
                params = {"format": "json", "per_page": str(self.per_page),
                          "date": f"{first}:{last}", "page": str(page)}
                meta, rows = self._page(client, url, params)
                pages = int(meta.get("pages") or 1)
                records.extend(rows)
                page += 1
        return meta, records

    def _page(self, client: httpx.Client, url: str, params: dict[str, str]) -> tuple[dict[str, Any], list[Any]]:
        wait = self.backoff_s
        for attempt in range(1, self.retries + 1):
            try:
                resp = client.get(url, params=params)
            except httpx.HTTPError as exc:
                if attempt == self.retries:
                    raise SourceError(f"World Bank API unreachable: {exc}", url=url) from exc
                self.sleep(wait)
                wait *= 2
                continue
            if resp.status_code == 429 or resp.status_code >= 500:
                if attempt == self.retries:
                    raise SourceError(f"World Bank API answered HTTP {resp.status_code} "
                                      f"{self.retries} times", url=str(resp.url))
                self.sleep(_retry_after(resp, wait))
                wait *= 2
                continue
            return _decode(resp)
        raise SourceError("World Bank API: no attempt made", url=url)  # retries < 1


def _retry_after(resp: httpx.Response, default: float) -> float:
    try:
        return float(resp.headers.get("Retry-After", default))
    except ValueError:
        return default


def _decode(resp: httpx.Response) -> tuple[dict[str, Any], list[Any]]:
    if resp.status_code != 200:
        raise SourceError(f"World Bank API answered HTTP {resp.status_code}", url=str(resp.url))
    try:
        doc = resp.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError("World Bank API answered with something that is not JSON",
                          url=str(resp.url)) from exc
    if not isinstance(doc, list) or not doc or not isinstance(doc[0], dict):
        raise SourceError("unexpected World Bank API answer shape", url=str(resp.url))
    if "message" in doc[0]:
        raise SourceError(f"World Bank API error: {json.dumps(doc[0]['message'])[:300]}",
                          url=str(resp.url))
    rows = doc[1] if len(doc) > 1 and isinstance(doc[1], list) else []
    return doc[0], rows


def download_wdi(indicator: str, *, years: str | tuple[int, int], dest: Path | None = None,
                 directory: Path | None = None, base_url: str = API_URL,
                 transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> Path:
    """Download one WDI indicator for all economies and write it as API JSON.

    ``dest`` defaults to ``<directory or cwd>/wdi_<code>_<first>-<last>.json``; the file
    imports with ``chuhai data import`` (source ``wdi``). Returns the written path.
    Raises :class:`SourceError` when the API fails, ChuhaiError for a bad code/years.
    """
    code = indicator.strip().upper()
    if not _CODE.match(code):
        raise ChuhaiError(f"{indicator!r} is not a WDI indicator code (e.g. NY.GDP.MKTP.CD)")
    if code not in INDICATORS:
        raise ChuhaiError(f"WDI indicator {code} is not one chuhai imports; choose one of "
                          f"{', '.join(INDICATORS)}")
    window = parse_years(years) if isinstance(years, str) else years
    if window is None:
        raise ChuhaiError("years are required, e.g. 2000-2023")
    first, last = window
    client = WdiClient(base_url=base_url, transport=transport, sleep=sleep)
    meta, records = client.indicator(code, first, last)
    if not records:
        raise SourceError(f"World Bank API returned no data for {code} {first}-{last}")
    out = dest or (directory or Path.cwd()) / f"wdi_{code}_{first}-{last}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    head = {**meta, "page": 1, "pages": 1, "per_page": len(records), "total": len(records)}
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(json.dumps([head, records], ensure_ascii=False), encoding="utf-8")
    tmp.replace(out)
    return out
