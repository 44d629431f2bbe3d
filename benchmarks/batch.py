"""Batch screening and the world table against their peers, ratios in one run.

1. ``chuhai batch`` over ``--rows`` firm rows (in-process, ``--homes`` home countries, the
   warehouse's eight most-traded HS6 lines) against sequential ``chuhai markets --json``
   CLI calls for the same rows: ``--cli-sample K`` calls are timed and, when K is smaller
   than the rows, their median per call is extrapolated to every row (printed as such).
   Goal (issue 12): the batch ≥ 20× faster.
2. The world table of ``--exporters`` exporters (``--product-parts`` ranges each):
   in-process, on a two-worker ``distributed.LocalCluster``, and as sequential
   ``potential_all`` calls (the read side only: no benchmark, product view or writes).
   Each runs in a fresh process (cold caches; the warehouse's persisted sums are on disk
   for all three), which reports its peak RSS (``ru_maxrss``) and, for the cluster, each
   worker's. Goal: peak memory per worker < 4 GB.

    PYTHONPATH=src python benchmarks/batch.py --full                     # 5 y x 10 M flows
    PYTHONPATH=src python benchmarks/batch.py --full --flows 1000000 --rows 40 \\
        --cli-sample 3 --exporters 6                                     # quick check
    PYTHONPATH=src python benchmarks/batch.py --warehouse DIR            # any warehouse

``--full`` builds the synthetic warehouse of ``benchmarks/markets.py`` (200 countries,
5,000 HS6, 5 years × ``--flows`` flows a year) once and reuses it: under
``$CHUHAI_BENCH_WAREHOUSE`` if set, else ``/tmp/chuhai-bench/batch-<flows>x5`` (never in
the repository). The note under docs/batch.md says which size the quoted figures used.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
ENV_HOME = "CHUHAI_BENCH_WAREHOUSE"
YEARS = 5


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def full_warehouse(flows: int) -> Path:
    """The synthetic warehouse (built once, then reused: a marker file says it is whole)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from markets import generate  # lazy: the generator only when a warehouse is built

    home = Path(os.environ.get(ENV_HOME) or f"/tmp/chuhai-bench/batch-{flows}x{YEARS}")
    marker = home / ".bench-complete"
    spec = json.dumps({"flows": flows, "years": YEARS, "seed": 7})
    if marker.is_file() and marker.read_text("utf-8") == spec:
        print(f"warehouse: reusing {home}")
        return home
    if home.exists():
        raise SystemExit(f"{home} exists but is not a finished benchmark warehouse: remove it")
    t0 = time.perf_counter()
    generate(home, flows=flows, n_years=YEARS, seed=7)
    marker.write_text(spec, "utf-8")
    print(f"warehouse: built {home} ({YEARS} y x {flows:,} flows) in "
          f"{time.perf_counter() - t0:.0f} s")
    return home


def _portfolio(home: Path, path: Path, rows: int, homes: int) -> Path:
    from chuhai.data.queries.world import exporters
    from chuhai.data.warehouse import Warehouse

    wh = Warehouse(home)
    with wh.connect() as con:
        lines = [str(r[0]) for r in con.execute(
            "SELECT hs6 FROM trade GROUP BY 1 ORDER BY sum(value_usd) DESC, 1 LIMIT 8").fetchall()]
    who = exporters(wh, None)[:homes]
    body = ["firm,home,products"]
    body += [f"Firm {i},{who[i % len(who)]},{lines[i % len(lines)]}" for i in range(rows)]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- child phases
def child(phase: str, home: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One phase in this (fresh) process: seconds, peak RSS and what it made."""
    from chuhai.data.queries.world import exporters
    from chuhai.data.warehouse import Warehouse

    wh = Warehouse(home)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if phase == "batch":
            from chuhai.batch.portfolio import load_portfolio
            from chuhai.batch.run import run_batch

            pf = load_portfolio(Path(args.portfolio))
            t0 = time.perf_counter()
            result = run_batch(wh, pf, out=Path(tmp) / "out", top=args.top)
            out["seconds"] = time.perf_counter() - t0
            out["failed"] = sum(r.error is not None for r in result.rows)
        elif phase in ("world-local", "world-cluster"):
            from chuhai.batch.world import world_table

            chosen = exporters(wh, None)[:args.exporters]
            if phase == "world-local":
                t0 = time.perf_counter()
                res = world_table(wh, out=Path(tmp) / "w", exporters=chosen,
                                  product_parts=args.product_parts)
                out["seconds"] = time.perf_counter() - t0
            else:
                import distributed  # lazy: the cluster phase only

                os.environ["PYTHONPATH"] = os.pathsep.join(
                    filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
                with distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                              processes=True, dashboard_address=None) as c, \
                        distributed.Client(c) as client:
                    t0 = time.perf_counter()
                    res = world_table(wh, out=Path(tmp) / "w", exporters=chosen,
                                      scheduler=c.scheduler_address,
                                      product_parts=args.product_parts)
                    out["seconds"] = time.perf_counter() - t0
                    out["workers_mb"] = sorted(client.run(_peak_mb).values())
            out["cells"] = res.cells
        elif phase == "world-seq":
            from chuhai.markets import potential_all

            chosen = exporters(wh, None)[:args.exporters]
            t0 = time.perf_counter()
            cells = sum(potential_all(wh, exporter=e).table.num_rows for e in chosen)
            out["seconds"] = time.perf_counter() - t0
            out["cells"] = cells
    out["peak_mb"] = _peak_mb()
    return out


def _run_child(phase: str, home: Path, args: argparse.Namespace, extra: list[str]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC),
                                                                     os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, __file__, "--child", phase, "--warehouse", str(home),
           "--top", str(args.top), "--exporters", str(args.exporters),
           "--product-parts", str(args.product_parts), *extra]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"phase {phase} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- phases
def bench_batch(home: Path, args: argparse.Namespace) -> None:
    from chuhai.batch.portfolio import load_portfolio

    with tempfile.TemporaryDirectory() as tmp:
        pf = _portfolio(home, Path(tmp) / "p.csv", args.rows, args.homes)
        batch = _run_child("batch", home, args, ["--portfolio", str(pf)])
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        calls = []
        for row in load_portfolio(pf).rows[:args.cli_sample]:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "chuhai", "markets", "--product", row.products,
                            "--exporter", row.home, "--top", str(args.top), "--warehouse",
                            str(home), "--json"], env=env, check=True, capture_output=True)
            calls.append(time.perf_counter() - t)
    per_call = statistics.median(calls)
    cli_s = per_call * args.rows
    scaled = len(calls) < args.rows
    s = batch["seconds"]
    print(f"goal:   {args.rows} rows in one batch >= 20x faster than {args.rows} sequential "
          f"`chuhai markets` CLI calls")
    print(f"figure: batch {args.rows} rows ({args.homes} home countries, 8 products) in "
          f"{s:.1f} s = {args.rows / s:.2f} rows/s, {batch['failed']} rows failed, "
          f"peak RSS {batch['peak_mb']:.0f} MB")
    print(f"peer:   {len(calls)} sequential CLI calls timed, median {per_call:.2f} s/call "
          f"(min {min(calls):.2f}, max {max(calls):.2f}) -> {args.rows} calls {cli_s:.0f} s"
          + (f" (extrapolated from {len(calls)} calls)" if scaled else ""))
    print(f"ratio:  batch is {cli_s / s:.1f}x faster than sequential CLI calls "
          f"({'met' if cli_s / s >= 20 else 'NOT met'})")


def bench_world(home: Path, args: argparse.Namespace) -> None:
    local = _run_child("world-local", home, args, [])
    cluster = _run_child("world-cluster", home, args, [])
    seq = _run_child("world-seq", home, args, [])
    n = args.exporters
    print(f"goal:   world table for {n} exporters: in-process vs 2-worker LocalCluster vs {n} "
          f"sequential potential_all calls; peak memory per worker < 4 GB")
    print(f"figure: in-process {local['seconds']:.1f} s ({local['cells']:,} cells, "
          f"{args.product_parts} product range(s) per exporter), peak RSS "
          f"{local['peak_mb']:.0f} MB")
    print(f"figure: LocalCluster(2) {cluster['seconds']:.1f} s, peak RSS per worker "
          + ", ".join(f"{m:.0f} MB" for m in cluster["workers_mb"])
          + f" (client {cluster['peak_mb']:.0f} MB)")
    print(f"peer:   {n} sequential potential_all calls {seq['seconds']:.1f} s "
          f"({seq['cells']:,} cells; read side only), peak RSS {seq['peak_mb']:.0f} MB")
    print(f"ratio:  cluster / in-process {cluster['seconds'] / local['seconds']:.2f}, "
          f"in-process / sequential potential_all {local['seconds'] / seq['seconds']:.2f}, "
          f"cluster / sequential potential_all {cluster['seconds'] / seq['seconds']:.2f}")
    worst = max([local["peak_mb"], *cluster["workers_mb"]])
    print(f"memory: largest peak {worst:.0f} MB ({'met' if worst < 4096 else 'NOT met'}: < 4 GB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--warehouse", type=Path, help="an existing warehouse")
    where.add_argument("--full", action="store_true",
                       help=f"the synthetic warehouse (5 y x --flows; ${ENV_HOME} or /tmp)")
    ap.add_argument("--flows", type=int, default=10_000_000, help="flows a year (--full)")
    ap.add_argument("--rows", type=int, default=200)
    ap.add_argument("--homes", type=int, default=50, help="home countries in the portfolio")
    ap.add_argument("--cli-sample", type=int, default=None,
                    help="CLI calls timed (default: every row); the median is extrapolated")
    ap.add_argument("--exporters", type=int, default=200)
    ap.add_argument("--product-parts", type=int, default=1)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--skip", choices=("batch", "world"), action="append", default=[])
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--portfolio", help=argparse.SUPPRESS)
    args = ap.parse_args()
    home = args.warehouse if args.warehouse else full_warehouse(args.flows)
    if args.child:
        print(json.dumps(child(args.child, home, args)))
        return
    args.cli_sample = args.rows if args.cli_sample is None else args.cli_sample
    print(f"load before: {_load()} (2 cores shared: read the ratios)")
    if "batch" not in args.skip:
        bench_batch(home, args)
    if "world" not in args.skip:
        bench_world(home, args)
    print(f"load after: {_load()}")


if __name__ == "__main__":
    main()
