"""Batch screening and the world table against their peers, ratios in one run.

1. ``chuhai batch`` over ``--rows`` firm rows (in-process) against sequential
   ``chuhai markets --json`` CLI calls for the same rows (a sample of ``--cli-sample`` calls
   is timed and its median per call scaled to all rows when the sample is smaller).
2. The world table of ``--exporters`` exporters: in-process, on a two-worker
   ``distributed.LocalCluster``, and as sequential ``potential_all`` calls (the read side
   only, no benchmark or product view, no writes); peak RSS of the client and of each worker.

    PYTHONPATH=src python benchmarks/batch.py --warehouse DIR [--rows 200] [--cli-sample 200]
        [--exporters 200]

The warehouse is any warehouse (``chuhai data demo`` builds one); the note under
docs/batch.md says which size was used for the quoted figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from chuhai.batch.portfolio import load_portfolio
from chuhai.batch.run import run_batch
from chuhai.batch.world import world_table
from chuhai.data.queries.world import exporters as list_exporters
from chuhai.data.warehouse import Warehouse
from chuhai.markets import potential_all

SRC = Path(__file__).resolve().parents[1] / "src"
PRODUCTS = ("902820", "848180", "850440", "854449", "841370", "730630", "902830", "8481")


def _portfolio(path: Path, homes: tuple[str, ...], rows: int) -> Path:
    lines = ["firm,home,products"]
    for i in range(rows):
        lines.append(f"Firm {i},{homes[i % len(homes)]},{PRODUCTS[i % len(PRODUCTS)]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_batch(wh: Warehouse, rows: int, sample: int, top: int) -> None:
    homes = list_exporters(wh, None)[:50]
    with tempfile.TemporaryDirectory() as tmp:
        pf = _portfolio(Path(tmp) / "p.csv", homes, rows)
        t0 = time.perf_counter()
        result = run_batch(wh, load_portfolio(pf), out=Path(tmp) / "out", top=top)
        batch_s = time.perf_counter() - t0
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        calls = []
        for row in load_portfolio(pf).rows[:sample]:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "chuhai", "markets", "--product", row.products,
                            "--exporter", row.home, "--top", str(top), "--warehouse",
                            str(wh.home), "--json"], env=env, check=True, capture_output=True)
            calls.append(time.perf_counter() - t)
    per_call = statistics.median(calls)
    cli_s = per_call * rows
    print(f"batch: {rows} rows in {batch_s:.1f} s ({rows / batch_s:.2f} rows/s), "
          f"{sum(r.error is not None for r in result.rows)} failed")
    print(f"cli:   {len(calls)} sequential `chuhai markets` calls, median {per_call:.2f} s/call"
          f" -> {rows} calls {cli_s:.1f} s{' (scaled)' if len(calls) < rows else ''}")
    print(f"ratio: batch is {cli_s / batch_s:.1f}x faster than sequential CLI calls")


def _worker_peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_world(wh: Warehouse, n: int) -> None:
    import distributed  # lazy: the cluster part only

    chosen = list_exporters(wh, None)[:n]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        world_table(wh, out=Path(tmp) / "a", exporters=chosen)
        local_s = time.perf_counter() - t0
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC),
                                                                 os.environ.get("PYTHONPATH")]))
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            t0 = time.perf_counter()
            world_table(wh, out=Path(tmp) / "b", exporters=chosen,
                        scheduler=cluster.scheduler_address)
            cluster_s = time.perf_counter() - t0
            peaks = client.run(_worker_peak)
    t0 = time.perf_counter()
    for e in chosen:
        potential_all(wh, exporter=e)
    seq_s = time.perf_counter() - t0
    print(f"world: {len(chosen)} exporters; in-process {local_s:.1f} s, 2-worker LocalCluster "
          f"{cluster_s:.1f} s, sequential potential_all {seq_s:.1f} s (read side only)")
    print(f"ratio: cluster/in-process {cluster_s / local_s:.2f}, "
          f"in-process/sequential potential_all {local_s / seq_s:.2f}")
    print("peak RSS: client {:.0f} MB; workers {}".format(
        _peak_mb(), ", ".join(f"{v:.0f} MB" for v in peaks.values())))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warehouse", type=Path, required=True)
    ap.add_argument("--rows", type=int, default=200)
    ap.add_argument("--cli-sample", type=int, default=200)
    ap.add_argument("--exporters", type=int, default=200)
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    wh = Warehouse(args.warehouse)
    print(f"load before: {os.getloadavg()}")
    bench_batch(wh, args.rows, args.cli_sample, args.top)
    bench_world(wh, args.exporters)
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
