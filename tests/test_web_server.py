"""A real server: ``chuhai serve`` in a subprocess on a free loopback port (serial)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from test_web_helpers import small_warehouse

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(home: Path, port: int, *, host: str = "127.0.0.1",
                 env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "chuhai", "serve", "--host", host, "--port", str(port),
         "--warehouse", str(home)],
        env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(base + "/api/v1/health", timeout=2).status_code in (200, 401):
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("server did not start in time")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    home = small_warehouse(tmp_path / "wh")
    port = free_port()
    proc = start_server(home, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, proc)
        yield base
    finally:
        stop(proc)


@pytest.mark.serial
def test_real_server_smoke(live_server: str) -> None:
    with httpx.Client(base_url=live_server, timeout=30) as c:
        assert c.get("/api/v1/health").json()["demo"] is True
        assert c.get("/data").status_code == 200
        assert c.get("/vendor/plotly.min.js").status_code == 200
        scan = c.get("/api/v1/markets", params={"product": "902820", "exporter": "CHN"}).json()
        assert scan["markets"][0]["rank"] == 1
        r = c.get("/nope")
        assert r.status_code == 404 and r.json()["error"] == "not_found"


@pytest.mark.serial
def test_public_bind_refused_without_token(tmp_path: Path) -> None:
    proc = start_server(small_warehouse(tmp_path / "wh"), free_port(), host="0.0.0.0")
    try:
        assert proc.wait(timeout=60) == 1
        assert proc.stderr is not None and b"CHUHAI_TOKEN" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            stop(proc)
