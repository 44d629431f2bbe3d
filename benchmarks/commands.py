"""Whole-command latency of ``chuhai data demo`` and ``chuhai report`` (HTML + PDF), as new
processes (what a user waits for; imports included).

Usage: PYTHONPATH=src python benchmarks/commands.py [--repeat 3] [--dir DIR]

* ``chuhai data demo`` into a fresh, empty home, ``--repeat`` times (goal of issue 14: < 10 s);
* ``chuhai report --product 902820 --html --pdf`` on that demo warehouse, ``--repeat``
  times (goal: < 5 s), in English and in Chinese.

CPU seconds (user + system, all threads) are printed beside the wall medians: they grow
far less with the load. Peers in the same run: ``python -c pass`` (the interpreter's start-up) and ``chuhai
--help``. Prints each median, its ratio to the peers and the load average before and
after: on a shared machine the times grow with the load, so quote quiet-machine medians
and compare ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


_CPU: dict[str, list[float]] = {}


def _time(argv: list[str], env: dict[str, str], name: str = "") -> float:
    """Wall seconds of one run; its CPU seconds (user + system) are kept under ``name``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    _CPU.setdefault(name, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=None, help="work directory (default: a temp dir)")
    args = ap.parse_args()
    chuhai = [sys.executable, "-m", "chuhai"]
    with tempfile.TemporaryDirectory(prefix="chuhai-bench-", dir=args.dir) as tmp:
        work = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run from compiled bytecode
        print(f"load average before: {_load()}")
        subprocess.run([*chuhai, "--help"], env=env, stdout=subprocess.DEVNULL, check=True)  # warm
        peer = statistics.median(_time([sys.executable, "-c", "pass"], env) for _ in range(5))
        helper = statistics.median(_time([*chuhai, "--help"], env) for _ in range(5))
        demo = []
        for n in range(args.repeat):
            home = work / f"demo-{n}"
            demo.append(_time([*chuhai, "data", "demo"], {**env, "CHUHAI_HOME": str(home)}, "demo"))
            if n:
                shutil.rmtree(home)
        home = {**env, "CHUHAI_HOME": str(work / "demo-0")}
        cases = [("chuhai data demo (fresh home)", statistics.median(demo), 10.0, "demo")]
        for lang in ("en", "zh-CN"):
            out = [_time([*chuhai, "--lang", lang, "report", "--product", "902820", "--html",
                          str(work / "r.html"), "--pdf", str(work / "r.pdf")], home, lang)
                   for _ in range(args.repeat)]
            cases.append((f"chuhai --lang {lang} report (HTML + PDF)", statistics.median(out), 5.0, lang))
        print(f"peers: `python -c pass` {peer:.3f} s, `chuhai --help` {helper:.3f} s (medians)")
        print(f"{'case':42} {'goal':>7} {'median':>8} {'cpu':>7} {'/ --help':>9}  verdict")
        for name, median, goal, key in cases:
            verdict = "ok" if median < goal else "over goal"
            cpu = statistics.median(_CPU[key])
            print(f"{name:42} {goal:>6.1f}s {median:>7.2f}s {cpu:>6.2f}s {median / helper:>8.1f}x  {verdict}")
        print(f"load average after: {_load()}")


if __name__ == "__main__":
    main()
