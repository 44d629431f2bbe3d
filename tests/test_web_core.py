# ruff: noqa: F811  (pytest fixtures imported from test_web_helpers)
"""The web app's core: health/data/provenance endpoints, the one error shape, saved plans,
uploads, the token gate, security headers and languages."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from chuhai.errors import ChuhaiError, InputError
from chuhai.fileio import atomic_write
from chuhai.web import Settings, create_app
from chuhai.web.plans import PlanStore, check_name
from chuhai.web.security import csv_safe, script_json
from chuhai.web.settings import is_loopback
from test_web_helpers import Client, assert_error_shape, client, web_home  # noqa: F401


def test_health_and_data_status(client: Client, web_home: Path) -> None:
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "version": "0.1.0", "warehouse": True, "demo": True}
    data = client.get("/api/v1/data").json()
    assert data["demo"] is True and data["home"] == str(web_home)
    assert data["trade"]["rows"] == 30 and data["trade"]["years"] == [2019, 2020, 2021, 2022, 2023]
    prov = client.get("/api/v1/data/provenance").json()
    assert len(prov) == 1 and prov[0]["rows"] == 30 and prov[0]["status"] == "active"


def test_missing_warehouse_is_409_in_the_error_shape(tmp_path: Path) -> None:
    c = Client(create_app(Settings(warehouse=tmp_path / "none")))
    try:
        assert c.get("/api/v1/health").json()["warehouse"] is False
        body = assert_error_shape(c.get("/api/v1/data"), 409, "warehouse_error")
        assert "chuhai data demo" in body["message"]
    finally:
        c.close()


@pytest.mark.parametrize(
    ("method", "url", "kw", "status", "kind"),
    [
        ("GET", "/api/v1/nothing-here", {}, 404, "not_found"),
        ("DELETE", "/api/v1/health", {}, 405, "method_not_allowed"),
        ("GET", "/api/v1/plans/scenario/missing", {}, 404, "not_found"),
        ("GET", "/api/v1/plans/bogus/x", {}, 422, "invalid_request"),
        ("PUT", "/api/v1/plans/scenario/ok", {"json": {"nope": 1}}, 422, "invalid_request"),
        ("PUT", "/api/v1/plans/scenario/ok", {"content": b"{not json"}, 422, "invalid_request"),
        ("PUT", "/api/v1/plans/scenario/ok", {"json": {"text": "a = = 1"}}, 400, "input_error"),
        ("PUT", "/api/v1/plans/scenario/..%2F..%2Fetc", {"json": {"text": "a = 1"}}, None, None),
        ("POST", "/api/v1/data/import", {}, 422, "invalid_request"),
    ],
)
def test_every_error_path_has_the_one_shape(client: Client, method: str, url: str, kw: dict[str, Any],
                                            status: int | None, kind: str | None) -> None:
    r = client.request(method, url, **kw)
    assert r.status_code >= 400
    if status is None:  # traversal: refused either by routing (404) or name validation (400/422)
        assert r.status_code in (400, 404, 422)
        status = r.status_code
    assert_error_shape(r, status, kind)


def test_validation_error_names_the_field(client: Client) -> None:
    body = assert_error_shape(client.put("/api/v1/plans/scenario/ok", json={}), 422)
    assert body["context"]["fields"][0]["field"] == "body.text"
    assert "body.text" in body["message"]


def test_unexpected_error_is_500_without_internals(web_home: Path) -> None:
    app = create_app(Settings(warehouse=web_home))

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    c = Client(app)
    try:
        body = assert_error_shape(c.get("/api/v1/boom"), 500, "internal_error")
        assert "secret" not in body["message"]
    finally:
        c.close()


def test_chuhai_error_statuses_follow_http_status(web_home: Path) -> None:
    from chuhai import errors

    app = create_app(Settings(warehouse=web_home))
    classes = {c.__name__: c for c in (errors.NotFoundError, errors.InfeasibleError,
                                       errors.WarehouseError, errors.SourceError, errors.ChuhaiError)}

    @app.get("/api/v1/raise/{name}")
    def raise_it(name: str) -> None:
        raise classes[name]("it failed", where="here")

    c = Client(app)
    try:
        for name, cls in classes.items():
            body = assert_error_shape(c.get(f"/api/v1/raise/{name}"), cls.http_status, cls.kind)
            assert body["context"] == {"where": "here"}
        body = assert_error_shape(c.get("/api/v1/raise/ChuhaiError", headers={"accept": "text/html"}), 400)
    except AssertionError:
        raise
    finally:
        c.close()


def test_html_errors_for_pages(client: Client) -> None:
    r = client.get("/no-such-page", headers={"accept": "text/html"})
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "id=\"error-message\"" in r.text


# -- saved plans -------------------------------------------------------------------------------
def test_plans_roundtrip(client: Client, web_home: Path) -> None:
    text = '[firm]\nproduct = "902820"\nname = "东莞水表"\n'
    r = client.put("/api/v1/plans/scenario/mozambique-jv", json={"text": text})
    assert r.status_code == 200 and r.json()["name"] == "mozambique-jv"
    assert (web_home / "plans" / "scenario" / "mozambique-jv.toml").read_text("utf-8") == text
    assert client.get("/api/v1/plans").json()[0]["kind"] == "scenario"
    assert client.get("/api/v1/plans/scenario/mozambique-jv").json()["text"] == text
    assert client.delete("/api/v1/plans/scenario/mozambique-jv").status_code == 204
    assert_error_shape(client.get("/api/v1/plans/scenario/mozambique-jv"), 404, "not_found")


@pytest.mark.parametrize("name", ["../x", "a/b", "..", ".hidden", "", "a" * 65, "x\x00y", "CON", "a b"])
def test_bad_plan_names_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError):
        check_name(name)
    with pytest.raises(ChuhaiError):
        PlanStore(tmp_path).save("scenario", name, "a = 1")
    assert not any(tmp_path.rglob("*.toml"))


def test_plan_names_allow_chinese(tmp_path: Path) -> None:
    assert PlanStore(tmp_path).save("tender", "莫桑比克_水表-2024", "a = 1").name == "莫桑比克_水表-2024"


def test_atomic_write_never_leaves_a_torn_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.toml"
    atomic_write(target, b"old = 1\n")

    def crash(*_: Any) -> None:
        raise KeyboardInterrupt  # the process is killed between write and rename

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new = 2\n" * 1000)
    assert target.read_bytes() == b"old = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]  # temp file cleaned up


def test_concurrent_saves_leave_one_whole_version(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    texts = [f"v = {i}\n" + "# pad\n" * 2000 for i in range(8)]
    threads = [threading.Thread(target=store.save, args=("scenario", "same", t)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.load("scenario", "same") in texts


# -- uploads -----------------------------------------------------------------------------------
def test_upload_type_checked_and_size_limited(web_home: Path) -> None:
    app = create_app(Settings(warehouse=web_home, max_upload_bytes=1000))
    c = Client(app)
    try:
        body = assert_error_shape(
            c.post("/api/v1/data/import", files={"file": ("evil.exe", b"MZ\x90\x00", "application/octet-stream")}),
            400, "input_error")
        assert "unsupported file type" in body["message"]
        assert_error_shape(c.post("/api/v1/data/import", files={"file": ("fake.zip", b"not a zip", "application/zip")}),
                           400, "input_error")
        assert_error_shape(c.post("/api/v1/data/import", files={"file": ("big.csv", b"a,b\n" * 400, "text/csv")}),
                           413, "too_large")
        assert_error_shape(c.post("/api/v1/data/import", files={"file": ("empty.csv", b"", "text/csv")}),
                           400, "input_error")
        r = c.post("/api/v1/data/import", files={"file": ("../../../../tmp/x.csv", b"a,b\n1,2\n", "text/csv")})
        assert r.status_code == 400 and r.json()["error"] == "input_error"  # no source recognises it
        assert "x.csv" in r.json()["message"] and "uploads" not in r.json()["message"]  # no server paths
        assert not (web_home.parent / "x.csv").exists() and not Path("/tmp/x.csv").exists()
        assert not any((web_home / "uploads").rglob("*.csv"))  # nothing left behind
    finally:
        c.close()


def test_safe_filename() -> None:
    from chuhai.web.uploads import safe_filename

    assert safe_filename("../../etc/passwd.csv") == "passwd.csv"
    assert safe_filename("C:\\Users\\me\\贸易.csv") == "贸易.csv"
    with pytest.raises(InputError):
        safe_filename("passwd")
    with pytest.raises(InputError):
        safe_filename("..csv")


# -- security ----------------------------------------------------------------------------------
def test_non_loopback_needs_a_token(tmp_path: Path) -> None:
    with pytest.raises(ChuhaiError, match="CHUHAI_TOKEN"):
        Settings(warehouse=tmp_path, host="0.0.0.0")
    with pytest.raises(ChuhaiError):
        Settings(warehouse=tmp_path, host="192.168.1.5", token="short")
    assert Settings(warehouse=tmp_path, host="::1").token is None
    assert is_loopback("127.0.0.2") and is_loopback("localhost") and not is_loopback("10.0.0.1")


def test_token_checked_on_every_request(web_home: Path) -> None:
    token = "s3cret-token-123"
    c = Client(create_app(Settings(warehouse=web_home, host="0.0.0.0", token=token)))
    try:
        for url in ("/api/v1/health", "/data", "/static/app.css", "/openapi.json", "/docs"):
            assert_error_shape(c.get(url), 401, "unauthorized")
        assert_error_shape(c.get("/api/v1/health", headers={"authorization": "Bearer wrong-token"}), 401)
        assert c.get("/api/v1/health", headers={"authorization": f"Bearer {token}"}).status_code == 200
        r = c.get(f"/data?token={token}&lang=en")
        assert r.status_code == 303 and r.headers["location"] == "/data?lang=en"
        assert "chuhai_token" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
        assert c.get("/data", cookies={"chuhai_token": token}).status_code == 200
    finally:
        c.close()


def test_security_headers(client: Client) -> None:
    r = client.get("/data")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


def test_csv_safe_and_script_json() -> None:
    assert csv_safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert csv_safe("+1") == "'+1" and csv_safe("@SUM(A1)") == "'@SUM(A1)" and csv_safe("-2") == "'-2"
    assert csv_safe(-2.5) == -2.5 and csv_safe("Kenya") == "Kenya"
    s = script_json({"name": "</script><script>alert(1)</script>", "x": "a&b\u2028"})
    assert "</" not in s and "<" not in s and "&" not in s and "\u2028" not in s
    import json

    assert json.loads(s)["name"] == "</script><script>alert(1)</script>"


def test_offline_assets_served(client: Client) -> None:
    assert client.get("/static/htmx.min.js").status_code == 200
    r = client.get("/vendor/plotly.min.js")
    assert r.status_code == 200 and len(r.content) > 1_000_000
    assert client.get("/openapi.json").json()["info"]["title"].startswith("chuhai")
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/v1/data/provenance" in docs.text
    assert "cdn" not in docs.text.lower()


# -- languages ---------------------------------------------------------------------------------
def test_language_switch_is_remembered(client: Client) -> None:
    zh = client.get("/data")
    assert '<html lang="zh-CN">' in zh.text and "数据" in zh.text
    en = client.get("/data?lang=en")
    assert '<html lang="en">' in en.text and "Data in the warehouse" in en.text
    assert "lang=en" in en.headers["set-cookie"]
    again = client.get("/data", cookies={"lang": "en"})
    assert "Data in the warehouse" in again.text
    assert "演示数据" in zh.text and "DEMO DATA" in en.text  # the demo banner in both languages


@pytest.mark.shared
def test_import_a_real_file_through_the_api_and_the_page(tmp_path: Path, shared_data: Path) -> None:
    sample = shared_data / "baci-v202501-hs22" / "baci_energy_subset.csv"
    home = tmp_path / "wh"
    c = Client(create_app(Settings(warehouse=home)))
    try:
        files = {"file": (sample.name, sample.read_bytes(), "text/csv")}
        r = c.post("/api/v1/data/import", files=files, data={"hs_revision": "HS22", "release": "202501"})
        assert r.status_code == 200, r.text
        out = r.json()[0]
        assert out["status"] == "imported" and out["source"] == "baci" and out["rows"] > 0
        again = c.post("/api/v1/data/import", files=files, data={"hs_revision": "HS22"})
        assert again.json()[0]["status"] == "unchanged"  # same file twice changes nothing
        data = c.get("/api/v1/data").json()
        assert data["demo"] is False and data["trade"]["rows"] == out["rows"]
        page = c.post("/data/import?lang=en", files=files, data={"hs_revision": "HS22"})
        assert page.status_code == 200 and "unchanged" in page.text
        assert "Real data" in c.get("/data?lang=en").text
        assert not list((home / "uploads").iterdir())  # uploads are removed after import
    finally:
        c.close()


_SAVER = """
import sys
from pathlib import Path
from chuhai.web.plans import PlanStore
store = PlanStore(Path(sys.argv[1]))
texts = [f"v = {i}\\n" + "# padding line\\n" * 20000 for i in range(3)]
print("ready", flush=True)
i = 0
while True:
    store.save("scenario", "busy", texts[i % 3])
    i += 1
"""


def test_plans_survive_a_killed_process(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time
    import tomllib

    root = Path(__file__).resolve().parents[1] / "src"
    texts = [f"v = {i}\n" + "# padding line\n" * 20000 for i in range(3)]
    PlanStore(tmp_path).save("scenario", "busy", texts[0])
    for delay in (0.05, 0.13, 0.21, 0.34):
        proc = subprocess.Popen([sys.executable, "-c", _SAVER, str(tmp_path)],
                                env={**os.environ, "PYTHONPATH": str(root)}, stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline().startswith(b"ready")
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)  # killed mid-save, no cleanup
        proc.wait()
        text = PlanStore(tmp_path).load("scenario", "busy")
        assert text in texts  # one whole version, never a torn file
        tomllib.loads(text)


def test_cross_site_requests_and_foreign_hosts_are_refused(client: Client) -> None:
    evil = {"origin": "http://evil.example"}
    body = assert_error_shape(client.post("/plans", data={"kind": "scenario", "name": "x", "text": "a = 1"},
                                          headers=evil), 403, "forbidden")
    assert "cross-site" in body["message"]
    assert_error_shape(client.put("/api/v1/plans/scenario/x", json={"text": "a = 1"},
                                  headers={"referer": "http://evil.example/page"}), 403, "forbidden")
    assert client.get("/data", headers=evil).status_code == 200  # reading is fine
    same = client.put("/api/v1/plans/scenario/x", json={"text": "a = 1"},
                      headers={"origin": "http://testserver"})
    assert same.status_code == 200
    assert_error_shape(client.get("/api/v1/health", headers={"host": "attacker.example"}), 403, "forbidden")
    assert client.get("/api/v1/health", headers={"host": "localhost:8000"}).status_code == 200
