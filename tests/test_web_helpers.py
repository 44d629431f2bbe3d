"""Shared helpers for the web tests: a synchronous facade over httpx.AsyncClient + ASGITransport."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from chuhai.web import Settings, create_app
from factories import make_warehouse


class Client:
    """In-process client: every call runs the ASGI app on one private event loop."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._runner = asyncio.Runner()
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                                         base_url="http://testserver")

    def request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        return self._runner.run(self._client.request(method, url, **kw))

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)

    def put(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("PUT", url, **kw)

    def delete(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("DELETE", url, **kw)

    def close(self) -> None:
        self._runner.run(self._client.aclose())
        self._runner.close()


TRADE = [
    {"year": y, "exporter": e, "importer": i, "hs6": "902820", "hs_revision": "HS17",
     "value_usd": v * (1 + 0.1 * (y - 2019)), "quantity_t": v / 5000}
    for y in range(2019, 2024)
    for e, i, v in (("CHN", "KEN", 2e6), ("DEU", "KEN", 1e6), ("CHN", "KGZ", 5e5),
                    ("KAZ", "KGZ", 9e5), ("DEU", "MOZ", 3e5), ("ZAF", "MOZ", 8e5))
]


def small_warehouse(home: Path, *, demo: bool = True) -> Path:
    make_warehouse(home, demo=demo, trade=TRADE)
    return home


def assert_error_shape(resp: httpx.Response, status: int, kind: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert {"error", "message", "context"} <= set(body) <= {"error", "message", "context", "code", "params"}, body
    assert ("code" in body) == ("params" in body), body
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["context"], dict)
    if kind is not None:
        assert body["error"] == kind, body
    return body


@pytest.fixture
def web_home(tmp_path: Path) -> Path:
    return small_warehouse(tmp_path / "wh")


@pytest.fixture
def client(web_home: Path) -> Any:
    c = Client(create_app(Settings(warehouse=web_home)))
    yield c
    c.close()
