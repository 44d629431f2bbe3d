"""Web load test: 20 concurrent clients on loopback against a real ``chuhai serve``.

Usage: PYTHONPATH=src python benchmarks/web.py [--seconds 60] [--clients 20] [--warehouse DIR]
       [--phases baseline,cached,distinct,plan] [--products 150]

Starts the server in a subprocess on a free 127.0.0.1 port over the demo warehouse
(built into a temporary directory with ``chuhai data demo`` when --warehouse is not
given), then in the same run:
  * baseline: GET /api/v1/health (a trivial endpoint) for the same duration,
  * cached: GET /api/v1/markets for a rotation of 5 HS6 products (after one warm-up
    request each, whose cold latency is printed too): the response cache answers,
  * distinct: GET /api/v1/markets where no request repeats another (>= ``--products``
    distinct HS6 lines of the warehouse, each with a rotation of exporters; one shared
    sequence for all clients), so the response cache never answers,
  * plan: POST /api/v1/plan with the Mozambique example scenario (shares varied),
and prints per phase p50/p95/p99 latency, requests/s, errors, the goal and whether it is
met, the p95 ratio to the baseline, and the load average before and after. Goals (issue
14): cached p95 < 150 ms; distinct p95 < 1 s and >= 30 req/s; plan p95 < 300 ms; zero
errors everywhere. Loopback only; at most ``--max-requests`` per phase.
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
EXPORTERS = ("CHN", "DEU", "USA", "JPN", "KOR", "IND", "TUR", "VNM", "ITA", "FRA", "GBR", "BRA")
#: phase -> (p95 goal in ms, minimum requests/s or None)
GOALS = {"cached": (150.0, None), "distinct": (1000.0, 30.0), "plan": (300.0, None)}
SCENARIO = ROOT / "examples" / "mozambique-water-meters.toml"


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


Request = tuple[str, str, dict[str, object] | None]  # method, url, JSON body


async def _client(base: str, requests: list[Request], stop_at: float, lat: list[float],
                  errors: list[str], budget: list[int], shared: list[int] | None) -> None:
    """Send requests until the time or the budget is up: its own rotation of ``requests``,
    or, with ``shared``, the next one of the one sequence every client draws from."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        i = 0
        while time.perf_counter() < stop_at and budget[0] > 0:
            budget[0] -= 1
            if shared is not None:
                if shared[0] >= len(requests):
                    break  # every distinct request sent once
                i, shared[0] = shared[0], shared[0] + 1
            method, url, body = requests[i % len(requests)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = await (c.get(url) if method == "GET" else c.post(url, json=body))
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {url}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {url}")
            lat.append((time.perf_counter() - t0) * 1000)


async def _phase(base: str, requests: list[Request], *, clients: int, seconds: float,
                 max_requests: int, shared: bool = False) -> dict[str, float]:
    lat: list[float] = []
    errors: list[str] = []
    budget = [max_requests]
    counter = [0] if shared else None
    start = time.perf_counter()
    await asyncio.gather(*(_client(base, requests[k:] + requests[:k] if not shared else requests,
                                   start + seconds, lat, errors, budget, counter)
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


def _verdict(name: str, s: dict[str, float], baseline: dict[str, float] | None) -> str:
    p95, rps = GOALS[name]
    ok = s["p95"] < p95 and s["errors"] == 0 and (rps is None or s["rps"] >= rps)
    ratio = s["p95"] / baseline["p95"] if baseline and baseline["p95"] else float("nan")
    goal = f"p95 < {p95:.0f} ms" + (f", >= {rps:.0f} req/s" if rps else "") + ", 0 errors"
    return (f"  goal {goal}: {'MET' if ok else 'NOT MET'}  (p95 {s['p95']:.0f} ms, "
            f"{s['rps']:.1f} req/s, p95 ratio to baseline {ratio:.1f}x)")


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _distinct(home: Path, n: int) -> list[Request]:
    """Scans no earlier request asked for: ``n`` (or more) HS6 lines with the most
    trade, each for a rotation of exporters, products varying fastest."""
    import duckdb  # the benchmark's own read of the warehouse, before the server reads it
    con = duckdb.connect(str(home / "chuhai.duckdb"), read_only=True)
    try:
        con.execute(f"SET file_search_path = '{home.resolve()}'")
        lines = [r[0] for r in con.execute(
            "SELECT hs6 FROM trade GROUP BY hs6 ORDER BY count(*) DESC, hs6").fetchall()]
    finally:
        con.close()
    if len(lines) < n:
        sys.exit(f"the warehouse holds {len(lines)} HS6 lines, fewer than --products {n}")
    lines = [p for p in lines if p not in PRODUCTS]
    return [("GET", f"/api/v1/markets?product={p}&exporter={e}", None)
            for e in EXPORTERS for p in lines]


def _plans() -> list[Request]:
    text = SCENARIO.read_text(encoding="utf-8")
    return [("POST", "/api/v1/plan", {"scenario": text, "share": round(0.05 + 0.01 * i, 2)})
            for i in range(20)]


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
    ap.add_argument("--phases", default="baseline,cached,distinct,plan",
                    help="comma-separated: baseline, cached, distinct, plan")
    ap.add_argument("--products", type=int, default=150,
                    help="distinct HS6 lines at least in the distinct phase")
    args = ap.parse_args()
    home = _warehouse(args.warehouse)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "chuhai", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--warehouse", str(home)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    print(_load(), "(before)", flush=True)
    try:
        _wait(base, proc)
        scans: list[Request] = [("GET", f"/api/v1/markets?product={p}&exporter=CHN", None)
                                for p in PRODUCTS]
        for _, url, _ in scans:
            t0 = time.perf_counter()
            status = httpx.get(base + url, timeout=120).status_code
            print(f"warm-up {url}: {status} in {(time.perf_counter() - t0) * 1000:.0f} ms (cold)")
        print(f"{args.clients} clients, {args.seconds:.0f} s per phase, loopback {base}")
        kw = {"clients": args.clients, "seconds": args.seconds, "max_requests": args.max_requests}
        baseline = None
        if "baseline" in phases:
            baseline = asyncio.run(_phase(base, [("GET", "/api/v1/health", None)], **kw))
            print(_line("baseline", baseline), flush=True)
        if "cached" in phases:
            res = asyncio.run(_phase(base, scans, **kw))
            print(_line("cached", res))
            print(_verdict("cached", res, baseline), flush=True)
        if "distinct" in phases:
            reqs = _distinct(home, args.products)
            res = asyncio.run(_phase(base, reqs, shared=True, **kw))
            used = reqs[: int(res["n"])]
            products = {url.split("product=")[1].split("&")[0] for _, url, _ in used}
            print(_line("distinct", res) + f"  ({len(products)} distinct products, "
                  f"{len(used)} distinct queries, none repeated)")
            print(_verdict("distinct", res, baseline), flush=True)
        if "plan" in phases:
            res = asyncio.run(_phase(base, _plans(), **kw))
            print(_line("plan", res))
            print(_verdict("plan", res, baseline), flush=True)
        print(_load(), "(after)")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
