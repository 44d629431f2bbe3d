"""Screenshots of every page in zh-CN and en into docs/screenshots/<page>-<lang>.png.

    PYTHONPATH=src python scripts/screenshots.py [--warehouse DIR] [--out docs/screenshots]

Drives Debian's Chromium (/usr/bin/chromium) through Playwright over a served demo warehouse
(built with `chuhai data demo` when the directory holds none); the Mozambique example
scenario and tender are saved as plans first, so the planner and the tender page show
results, and the example portfolio (examples/portfolio-meters.csv) is screened through
``POST /api/v1/batch`` for the batch results page. Exits 0 with a message (skips) when Chromium or Playwright is missing.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
        "--disable-background-networking", "--disable-component-update"]
PAGES = {
    "start": "/",
    "markets": "/markets?product=902820&exporter=CHN",
    "market": "/markets/KEN?product=902820&exporter=CHN",
    "planner": "/plan?scenario=mozambique",
    "tenders": "/tenders?tender=mozambique",
    "history": "/tenders/history?country=MOZ&product=9028",
    "plans": "/plans",
    "batch": "/batch",
    "data": "/data",
    "guide": "/guide",
}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(home: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "chuhai", "serve", "--port", str(port),
                             "--warehouse", str(home)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--warehouse", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ns = ap.parse_args()
    if not CHROMIUM.exists():
        print(f"skipped: Debian Chromium not installed at {CHROMIUM}")
        return 0
    try:
        from playwright.sync_api import sync_playwright  # lazy: optional tool
    except ImportError:
        print("skipped: playwright is not installed")
        return 0
    home = ns.warehouse or Path(tempfile.mkdtemp(prefix="chuhai-shots-")) / "wh"
    if not (home / "chuhai.duckdb").exists() and not any(home.glob("*.duckdb")):
        subprocess.run([sys.executable, "-m", "chuhai", "data", "demo", "--warehouse", str(home)],
                       env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=True)
    port = _port()
    proc = _serve(home, port)
    base = f"http://127.0.0.1:{port}"
    try:
        for kind, example in (("scenario", "mozambique-water-meters.toml"),
                              ("tender", "tenders/mozambique-water-meters.toml")):
            text = (ROOT / "examples" / example).read_text(encoding="utf-8")
            httpx.put(f"{base}/api/v1/plans/{kind}/mozambique", json={"text": text}, timeout=60).raise_for_status()
        portfolio = (ROOT / "examples" / "portfolio-meters.csv").read_bytes()
        job = httpx.post(f"{base}/api/v1/batch?wait=true", data={"top": "5"}, timeout=1800,
                         files={"file": ("portfolio-meters.csv", portfolio, "text/csv")})
        job.raise_for_status()
        pages = {**PAGES, "batch-job": f"/batch/{job.json()['job']}"}
        ns.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            for lang in ("zh", "en"):
                ctx = browser.new_context(viewport={"width": 1280, "height": 900},
                                          locale="zh-CN" if lang == "zh" else "en-US")
                page = ctx.new_page()
                for name, path in pages.items():
                    sep = "&" if "?" in path else "?"
                    page.goto(f"{base}{path}{sep}lang={lang}", wait_until="networkidle", timeout=180_000)
                    page.wait_for_timeout(500)  # charts draw after load
                    target = ns.out / f"{name}-{lang}.png"
                    page.screenshot(path=str(target), full_page=False)
                    print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
                ctx.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
