"""Issue 15 §7: web details -- no off-site language links from a protocol-relative path,
405 with Allow, every error kind documented, the plan-name rule enforced and published."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from chuhai.errors import InputError
from chuhai.web.app import create_app
from chuhai.web.errors import _HTTP_KINDS
from chuhai.web.plans import PlanStore
from chuhai.web.settings import Settings
from test_web_helpers import Client

ROOT = Path(__file__).resolve().parents[1]


def _raw_get(app: object, path: str) -> tuple[int, str]:
    """GET with the raw path as sent (HTTP clients would read ``//host`` as a host)."""
    sent: list[dict] = []  # type: ignore[type-arg]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(b"host", b"testserver"), (b"accept", b"text/html")],
             "client": ("127.0.0.1", 1), "server": ("testserver", 80), "root_path": ""}

    async def receive() -> dict:  # type: ignore[type-arg]
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:  # type: ignore[type-arg]
        sent.append(message)

    asyncio.run(app(scope, receive, send))  # type: ignore[operator]
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body.decode()


@pytest.mark.parametrize("path", ["//evil.example/x", "/\\evil.example/x", "///evil.example"])
def test_no_off_site_language_links(tmp_path: Path, path: str) -> None:
    app = create_app(Settings(warehouse=tmp_path / "wh"))
    _, page = _raw_get(app, path)
    links = re.findall(r'href="([^"]*lang=[^"]*)"', page)
    assert links, "the page has its language switch"
    assert all(re.match(r"^/[^/\\]", link) for link in links), links


def test_405_names_the_allowed_methods(tmp_path: Path) -> None:
    c = Client(create_app(Settings(warehouse=tmp_path / "wh")))
    try:
        r = c.delete("/api/v1/health")
        assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"
        assert "GET" in r.headers["allow"]
        page = c.delete("/data", headers={"accept": "text/html"})
        assert page.status_code == 405 and "GET" in page.headers["allow"]
    finally:
        c.close()


def test_every_error_kind_is_in_the_documented_table() -> None:
    table = (ROOT / "docs" / "web.md").read_text()
    documented = set(re.findall(r"^\| `(\w+)`(?:, `(\w+)`)? \|", table, re.M))
    kinds = {k for pair in documented for k in pair if k}
    assert {"http_error", "forbidden", *_HTTP_KINDS.values()} <= kinds


def test_plan_name_rule(tmp_path: Path) -> None:
    store = PlanStore(tmp_path / "plans")
    for bad in ("_x", "-x", "", "a" * 65, "a.b", "CON"):
        with pytest.raises(InputError):
            store.save("scenario", bad, "a = 1\n")
    assert store.save("scenario", "x_1-b", "a = 1\n").name == "x_1-b"
    c = Client(create_app(Settings(warehouse=tmp_path / "wh")))
    try:
        assert c.put("/api/v1/plans/scenario/_x", json={"text": "a = 1\n"}).status_code in (400, 422)
        schema = c.get("/openapi.json").json()
        params = schema["paths"]["/api/v1/plans/{kind}/{name}"]["put"]["parameters"]
        name = next(p for p in params if p["name"] == "name")
        assert re.fullmatch(name["schema"]["pattern"], "x_1") and not re.fullmatch(
            name["schema"]["pattern"], "_x")
    finally:
        c.close()


def test_forms_carry_a_csrf_token_and_a_browser_post_without_it_is_refused(tmp_path: Path) -> None:
    c = Client(create_app(Settings(warehouse=tmp_path / "wh")))
    same = {"origin": "http://testserver"}
    try:
        page = c.get("/plans")
        token = page.cookies.get("chuhai_csrf") or ""
        assert len(token) >= 20 and "samesite=strict" in page.headers["set-cookie"].lower()
        assert f'name="csrf_token" value="{token}"' in page.text
        form = {"kind": "scenario", "name": "x", "text": "a = 1\n"}
        refused = c.post("/plans", data=form, headers=same)
        assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
        wrong = c.post("/plans", data={"csrf_token": "y" * 32, **form}, headers=same)
        assert wrong.status_code == 403
        ok = c.post("/plans", data={"csrf_token": token, **form}, headers=same)
        assert ok.status_code in (200, 303)
        assert PlanStore(tmp_path / "wh" / "plans").load("scenario", "x") == "a = 1\n"
        upload = c.post("/data/import", headers=same, data={"csrf_token": token},
                        files={"file": ("x.csv", b"a,b\n1,2\n", "text/csv")})
        assert upload.status_code != 403  # the token, first multipart field, is read
        assert c.post("/data/import", headers=same,
                      files={"file": ("x.csv", b"a,b\n1,2\n", "text/csv")}).status_code == 403
        # scripts and the JSON API (no form) are not asked for it
        assert c.put("/api/v1/plans/scenario/y", json={"text": "a = 1\n"}, headers=same).status_code == 200
    finally:
        c.close()
