"""Web load test: 20 concurrent clients on loopback against a real ``chuhai serve``.

Usage: PYTHONPATH=src python benchmarks/web.py [--seconds 60] [--clients 20] [--warehouse DIR]

Starts the server in a subprocess on a free 127.0.0.1 port over the demo warehouse
(built into a temporary directory with ``chuhai data demo`` when --warehouse is not
given), then in the same run:
  * baseline: GET /api/v1/health (a trivial endpoint) for the same duration,
  * market scan: GET /api/v1/markets for a rotation of HS6 products (after one warm-up
    request each, whose cold latency is printed too),
and prints p50/p95/p99 latency, requests/s, errors, and the p95 ratio scan/baseline.
Target: market scan p95 < 150 ms with zero errors. Loopback only; at most
``--max-requests`` per phase.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PRODUCTS = ("902820", "902830", "848180", "902810", "848140")
TARGET_P95_MS = 150.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


async def _client(base: str, urls: list[str], stop_at: float, lat: list[float], errors: list[str],
                  budget: list[int]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        i = 0
        while time.perf_counter() < stop_at and budget[0] > 0:
            budget[0] -= 1
            url = urls[i % len(urls)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = await c.get(url)
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {url}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {url}")
            lat.append((time.perf_counter() - t0) * 1000)


async def _phase(base: str, urls: list[str], *, clients: int, seconds: float,
                 max_requests: int) -> dict[str, float]:
    lat: list[float] = []
    errors: list[str] = []
    budget = [max_requests]
    start = time.perf_counter()
    await asyncio.gather(*(_client(base, urls[k:] + urls[:k], start + seconds, lat, errors, budget)
                           for k in range(clients)))
    elapsed = time.perf_counter() - start
    if errors:
        print(f"  first errors: {errors[:3]}")
    return {"n": len(lat), "rps": len(lat) / elapsed, "p50": _percentile(lat, 50),
            "p95": _percentile(lat, 95), "p99": _percentile(lat, 99),
            "mean": statistics.fmean(lat) if lat else float("nan"), "errors": len(errors)}


def _line(name: str, s: dict[str, float]) -> str:
    return (f"{name:<12} n={int(s['n']):>7}  {s['rps']:8.1f} req/s  p50 {s['p50']:7.1f} ms  "
            f"p95 {s['p95']:7.1f} ms  p99 {s['p99']:7.1f} ms  errors {int(s['errors'])}")


def _warehouse(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    home = Path(tempfile.mkdtemp(prefix="chuhai-bench-web-"))
    print(f"building the demo warehouse in {home} …", flush=True)
    subprocess.run([sys.executable, "-m", "chuhai", "data", "demo", "--warehouse", str(home)],
                   check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                   stdout=subprocess.DEVNULL)
    return home


def _wait(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("server exited before it was ready")
        try:
            if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    sys.exit("server did not start within 120 s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="duration of each phase (s)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--warehouse", default=None, help="warehouse directory (default: fresh demo)")
    ap.add_argument("--max-requests", type=int, default=200_000, help="cap per phase")
    args = ap.parse_args()
    home = _warehouse(args.warehouse)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "chuhai", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--warehouse", str(home)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(base, proc)
        scans = [f"/api/v1/markets?product={p}&exporter=CHN" for p in PRODUCTS]
        for url in scans:
            t0 = time.perf_counter()
            status = httpx.get(base + url, timeout=120).status_code
            print(f"warm-up {url}: {status} in {(time.perf_counter() - t0) * 1000:.0f} ms (cold)")
        print(f"{args.clients} clients, {args.seconds:.0f} s per phase, loopback {base}")
        kw = {"clients": args.clients, "seconds": args.seconds, "max_requests": args.max_requests}
        baseline = asyncio.run(_phase(base, ["/api/v1/health"], **kw))
        print(_line("baseline", baseline), flush=True)
        scan = asyncio.run(_phase(base, scans, **kw))
        print(_line("market scan", scan))
        ratio = scan["p95"] / baseline["p95"] if baseline["p95"] else float("nan")
        ok = scan["p95"] < TARGET_P95_MS and scan["errors"] == 0
        print(f"p95 ratio scan/baseline: {ratio:.2f}×   target p95 < {TARGET_P95_MS:.0f} ms, "
              f"zero errors: {'MET' if ok else 'NOT MET'}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
