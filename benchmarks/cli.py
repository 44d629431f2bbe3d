"""CLI start-up and look-up latency, as whole processes (what a user waits for).

Usage: PYTHONPATH=src python benchmarks/cli.py [--repeat 10] [--warehouse DIR]

Each case runs ``python -m chuhai ...`` ``--repeat`` times as a new process and prints the
median wall time beside the peer in the same run, ``python -c pass`` (the interpreter's own
start-up), their ratio and the goal of issue 14:

  * ``chuhai --help``                    < 0.3 s
  * ``chuhai countries 吉尔吉斯斯坦``      < 0.3 s
  * ``chuhai products search 水表``        < 0.5 s

The CPU seconds (user + system) of each case are printed too: they grow far less with the
load than the wall time. The load average is printed before and after: on a shared machine the figures grow with
it, so compare the ratio to the peer, and quote quiet-machine medians.
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

ROOT = Path(__file__).resolve().parents[1]

CASES = (
    ("chuhai --help", ["--help"], 0.3),
    ("chuhai countries 吉尔吉斯斯坦", ["countries", "吉尔吉斯斯坦"], 0.3),
    ("chuhai products search 水表", ["products", "search", "水表"], 0.5),
    ("chuhai --lang zh-CN countries 吉尔吉斯斯坦", ["--lang", "zh-CN", "countries", "吉尔吉斯斯坦"], 0.3),
)


def _time(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Median wall and median CPU (user + system) seconds over ``repeat`` runs."""
    times, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), statistics.median(cpus)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--warehouse", type=Path, default=None,
                    help="CHUHAI_HOME for the look-ups (default: an empty temporary directory)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CHUHAI_HOME": str(args.warehouse or tmp),
               "COLUMNS": "100"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run from compiled bytecode
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for _, argv, _ in CASES:  # warm the OS file cache and chuhai's look-up caches once
            subprocess.run([sys.executable, "-m", "chuhai", *argv], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=True)
        peer, peer_cpu = _time([sys.executable, "-c", "pass"], env, args.repeat)
        print(f"peer `python -c pass`: median {peer:.3f} s (cpu {peer_cpu:.3f} s) over {args.repeat} runs")
        print(f"{'case':44} {'goal':>7} {'median':>8} {'cpu':>7} {'× peer':>8}  verdict")
        for name, argv, goal in CASES:
            median, cpu = _time([sys.executable, "-m", "chuhai", *argv], env, args.repeat)
            verdict = "ok" if median < goal else "over goal"
            print(f"{name:44} {goal:>6.2f}s {median:>7.3f}s {cpu:>6.3f}s {median / peer:>7.1f}×  {verdict}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
