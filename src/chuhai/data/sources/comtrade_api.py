"""A small client for the UN Comtrade API v1 (annual goods, HS).

Endpoints::

    public preview (no key, <= 500 records):  https://comtradeapi.un.org/public/v1/preview/C/A/HS
    keyed data (subscription key):            https://comtradeapi.un.org/data/v1/get/C/A/HS

The keyed endpoint is used when a key is given (``Ocp-Apim-Subscription-Key`` header;
``COMTRADE_API_KEY`` in the CLI). HTTP 429 and 5xx are retried up to ``max_retries``
times, waiting ``Retry-After`` seconds when the server says (capped at ``max_wait``),
else ``backoff * 2**attempt``; then :class:`~chuhai.errors.SourceError`. The transport
is injectable (``httpx.MockTransport`` in tests), and so is ``sleep``.

Example::

    client = ComtradeClient(api_key=None)
    doc = client.get(ComtradeQuery(reporter="ARG", years=(2022,), flow="X"))
    client.save(query, Path("comtrade_ARG_X_2022.json"))   # importable by chuhai
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import pycountry

from chuhai.data.codes import ascii_digits
from chuhai.errors import ChuhaiError, SourceError

__all__ = ["DATA_URL", "PREVIEW_URL", "ComtradeClient", "ComtradeQuery", "m49_code"]

PREVIEW_URL = "https://comtradeapi.un.org/public/v1/preview/C/A/HS"
DATA_URL = "https://comtradeapi.un.org/data/v1/get/C/A/HS"


def m49_code(country: str) -> str:
    """Comtrade's numeric code for an ISO3/ISO2 code or a numeric code given as text."""
    text = country.strip()
    if ascii_digits(text):
        return str(int(text))
    found = pycountry.countries.get(alpha_3=text.upper()) or pycountry.countries.get(
        alpha_2=text.upper())
    if found is None:
        raise ChuhaiError(f"unknown country {country!r}: give an ISO3 code or Comtrade's "
                          "numeric code")
    return str(int(found.numeric))


@dataclass(frozen=True, slots=True, kw_only=True)
class ComtradeQuery:
    """One annual HS request. ``cmd``: ``AG6`` (all HS6 codes) or comma-separated codes."""

    reporter: str
    years: tuple[int, ...]
    flow: str = "X"
    partner: str | None = None
    cmd: str = "AG6"
    extra: dict[str, str] = field(default_factory=dict)

    def params(self) -> dict[str, str]:
        out = {
            "reporterCode": m49_code(self.reporter),
            "period": ",".join(str(y) for y in self.years),
            "flowCode": self.flow.upper(),
            "cmdCode": self.cmd,
            "partner2Code": "0",
            "customsCode": "C00",
            "motCode": "0",
            "includeDesc": "true",
        }
        if self.partner is not None:
            out["partnerCode"] = m49_code(self.partner)
        out.update(self.extra)
        return out

    def file_name(self) -> str:
        years = "-".join(str(y) for y in self.years)
        partner = f"_{self.partner}" if self.partner else ""
        return f"comtrade_{self.reporter.upper()}_{self.flow.upper()}_{years}{partner}.json"


class ComtradeClient:
    """HTTP client for the endpoints above; see the module docstring for the retry rules."""

    def __init__(self, *, api_key: str | None = None,
                 transport: httpx.BaseTransport | None = None, max_retries: int = 5,
                 backoff: float = 1.0, max_wait: float = 60.0, timeout: float = 60.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.api_key = api_key
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        headers = {"User-Agent": "chuhai (https://github.com/chuhai)"}
        if api_key:
            headers["Ocp-Apim-Subscription-Key"] = api_key
        self._http = httpx.Client(transport=transport, headers=headers, timeout=timeout,
                                  follow_redirects=True)

    @property
    def url(self) -> str:
        return DATA_URL if self.api_key else PREVIEW_URL

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ComtradeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, query: ComtradeQuery) -> dict[str, Any]:
        """The JSON answer for ``query``; SourceError on HTTP or API errors."""
        for attempt in range(self.max_retries + 1):
            try:
                resp = self._http.get(self.url, params=query.params())
            except httpx.HTTPError as exc:
                if attempt == self.max_retries:
                    raise SourceError(f"Comtrade API unreachable: {exc}", url=self.url) from exc
                self.sleep(self._wait(None, attempt))
                continue
            if resp.status_code == 429 or resp.status_code >= 500:
                if attempt == self.max_retries:
                    raise SourceError(
                        f"Comtrade API answered HTTP {resp.status_code} after "
                        f"{self.max_retries} retries", url=self.url, status=resp.status_code)
                self.sleep(self._wait(resp.headers.get("Retry-After"), attempt))
                continue
            return self._decode(resp)
        raise AssertionError("unreachable")  # pragma: no cover

    def save(self, query: ComtradeQuery, dest: Path) -> Path:
        """Fetch ``query`` and write the JSON answer to ``dest`` atomically."""
        doc = self.get(query)
        part = dest.with_name(dest.name + ".part")
        part.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        part.replace(dest)
        return dest

    def _wait(self, retry_after: str | None, attempt: int) -> float:
        wait = self.backoff * 2**attempt
        if retry_after:
            try:
                wait = float(retry_after)
            except ValueError:
                try:
                    when = parsedate_to_datetime(retry_after)
                    wait = max(0.0, when.timestamp() - time.time())
                except (TypeError, ValueError):
                    pass
        return min(max(wait, 0.0), self.max_wait)

    def _decode(self, resp: httpx.Response) -> dict[str, Any]:
        if resp.status_code in (401, 403):
            raise SourceError("Comtrade API refused the subscription key (HTTP "
                              f"{resp.status_code})", url=self.url, status=resp.status_code)
        if resp.status_code >= 400:
            raise SourceError(f"Comtrade API answered HTTP {resp.status_code}: "
                              f"{resp.text[:200]}", url=self.url, status=resp.status_code)
        try:
            doc = resp.json()
        except ValueError as exc:
            raise SourceError("Comtrade API answered with invalid JSON", url=self.url) from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
            raise SourceError('Comtrade API answer has no "data" list', url=self.url)
        if doc.get("error"):
            raise SourceError(f"Comtrade API error: {doc['error']}", url=self.url)
        return doc
