"""Benchmark: the market scan and the full EPI in a NEW process (cold) and warm, beside
direct DuckDB SQL and Polars peers over the same Parquet, and 50 exporters in one run.

    PYTHONPATH=src python benchmarks/markets_cold.py --keep DIR            # 5 y x 10 M flows
    PYTHONPATH=src python benchmarks/markets_cold.py --flows 500000        # quick

The warehouse is generated as in ``benchmarks/markets.py`` (through ``Warehouse.apply``,
so the trade files' sums are written by the import). Every figure below is a child
process started for it: ``cold`` is the first call in that process (imports excluded,
printed apart), ``warm`` the median of the next three. chuhai's tables derived per window
(market ease of every exporter, the EPI's market x product sums) are written on the
first read after an import: the first child ("first ever") pays that, the next ones read
them. Peers compute less than chuhai (the scan's core: imports, shares, HHI and the MFN
rate per market; the EPI's floor: the market x product group-by with the MFN rate), so
the ratios flatter them. Polars is skipped when it is not installed.

Goals (issue 14): scan cold < 0.6 s and warm <= the DuckDB SQL peer's warm; EPI cold
< 4 s and >= 3x the peers; 50 exporters x full EPI < 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PRODUCT, EXPORTER = "902820", "CHN"


def _timed(fn: Any) -> dict[str, float]:
    t0 = time.perf_counter()
    fn()
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(3):
        t0 = time.perf_counter()
        fn()
        warm.append(time.perf_counter() - t0)
    return {"cold": cold, "warm": statistics.median(warm)}


def _files(home: str) -> list[str]:
    import duckdb
    con = duckdb.connect(str(Path(home) / "chuhai.duckdb"), read_only=True)
    try:
        return [str(Path(home) / r[0]) for r in con.execute("SELECT path FROM trade_files").fetchall()]
    finally:
        con.close()


def _mfn_parquet(home: str) -> str:
    """The MFN rows of the tariffs table as Parquet (once), for the peers to read."""
    path = Path(home).parent / f"{Path(home).name}-mfn.parquet"
    if not path.exists():
        import duckdb
        con = duckdb.connect(str(Path(home) / "chuhai.duckdb"), read_only=True)
        try:
            con.execute(f"COPY (SELECT importer, hs6, arg_max(rate, year) AS rate FROM tariffs "
                        f"WHERE partner = 'MFN' GROUP BY ALL) TO '{path}' (FORMAT parquet)")
        finally:
            con.close()
    return str(path)


PEER_SCAN_SQL = """
WITH f AS (SELECT importer, exporter, sum(value_usd) / 5 AS v FROM read_parquet({files})
           WHERE hs6 = '{p}' AND exporter <> importer GROUP BY ALL),
m AS (SELECT importer, sum(v) AS imports, sum(v * v) / (sum(v) * sum(v)) AS hhi,
             sum(v) FILTER (WHERE exporter = '{e}') / sum(v) AS share FROM f GROUP BY importer)
SELECT m.*, t.rate FROM m LEFT JOIN read_parquet('{mfn}') t ON t.importer = m.importer
    AND t.hs6 = '{p}'
"""
PEER_EPI_SQL = """
SELECT c.importer, c.hs6, c.v, c.act, t.rate FROM (
    SELECT importer, hs6, sum(value_usd) / 5 AS v,
           sum(value_usd) FILTER (WHERE exporter = '{e}') / 5 AS act
    FROM read_parquet({files}) WHERE exporter <> importer GROUP BY ALL) c
LEFT JOIN read_parquet('{mfn}') t ON t.importer = c.importer AND t.hs6 = c.hs6
"""


def child(kind: str, home: str, extra: str) -> dict[str, Any]:
    t0 = time.perf_counter()
    if kind.startswith("chuhai"):
        from chuhai.data.warehouse import Warehouse
        from chuhai.markets import potential_all, scan
        wh = Warehouse(home)
    elif kind.startswith("duckdb"):
        import duckdb
    else:
        import polars as pl
    imports = time.perf_counter() - t0
    files = _files(home) if not kind.startswith("chuhai") else []
    mfn = _mfn_parquet(home) if files else ""
    if kind == "chuhai-scan":
        out = _timed(lambda: scan(wh, product=PRODUCT, exporter=EXPORTER))
    elif kind == "chuhai-epi":
        out = _timed(lambda: potential_all(wh, exporter=EXPORTER))
    elif kind == "chuhai-many":
        exporters = extra.split(",")
        t0 = time.perf_counter()
        cells = sum(potential_all(wh, exporter=e).table.num_rows for e in exporters)
        out = {"cold": time.perf_counter() - t0, "warm": float("nan"), "cells": cells}
    elif kind in ("duckdb-scan", "duckdb-epi"):
        con = duckdb.connect()
        sql = (PEER_SCAN_SQL if kind == "duckdb-scan" else PEER_EPI_SQL).format(
            files=files, p=PRODUCT, e=EXPORTER, mfn=mfn)
        out = _timed(lambda: con.sql(sql).to_arrow_table())
    elif kind == "polars-scan":
        def run() -> Any:
            f = (pl.scan_parquet(files).filter((pl.col("hs6") == PRODUCT)
                                               & (pl.col("exporter") != pl.col("importer")))
                 .group_by("importer", "exporter").agg((pl.col("value_usd").sum() / 5).alias("v")))
            m = f.group_by("importer").agg(
                pl.col("v").sum().alias("imports"),
                ((pl.col("v") ** 2).sum() / pl.col("v").sum() ** 2).alias("hhi"),
                (pl.col("v").filter(pl.col("exporter") == EXPORTER).sum() / pl.col("v").sum())
                .alias("share"))
            t = pl.scan_parquet(mfn).filter(pl.col("hs6") == PRODUCT)
            return m.join(t, on="importer", how="left").collect()
        out = _timed(run)
    elif kind == "polars-epi":
        def run() -> Any:
            c = (pl.scan_parquet(files).filter(pl.col("exporter") != pl.col("importer"))
                 .group_by("importer", "hs6").agg(
                     (pl.col("value_usd").sum() / 5).alias("v"),
                     (pl.col("value_usd").filter(pl.col("exporter") == EXPORTER).sum() / 5)
                     .alias("act")))
            return c.join(pl.scan_parquet(mfn), on=["importer", "hs6"], how="left").collect()
        out = _timed(run)
    else:
        raise SystemExit(f"unknown child {kind}")
    return {**out, "imports": imports}


def _run(kind: str, home: Path, extra: str = "") -> dict[str, Any] | None:
    proc = subprocess.run([sys.executable, __file__, "--child", kind, "--keep", str(home),
                           "--extra", extra], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    if proc.returncode != 0:
        print(f"  {kind}: failed: {proc.stderr.strip().splitlines()[-1:]}")
        return None
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _report(what: str, goal: float, runs: dict[str, dict[str, Any] | None]) -> None:
    print(f"{what}:")
    for name, r in runs.items():
        if r is not None:
            print(f"  {name:<24} cold {r['cold']:7.3f} s | warm {r['warm']:7.3f} s "
                  f"(imports {r['imports']:.2f} s, not counted)")
    mine = runs.get("chuhai (new process)")
    duck = runs.get("duckdb sql")
    if mine and duck:
        print(f"  ratio duckdb/chuhai: cold {duck['cold'] / mine['cold']:.1f}x, "
              f"warm {duck['warm'] / mine['warm']:.1f}x")
    pol = runs.get("polars")
    if mine and pol:
        print(f"  ratio polars/chuhai: cold {pol['cold'] / mine['cold']:.1f}x, "
              f"warm {pol['warm'] / mine['warm']:.1f}x")
    if mine:
        print(f"  goal cold < {goal:g} s: {'MET' if mine['cold'] < goal else 'NOT MET'} "
              f"({mine['cold']:.3f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flows", type=int, default=10_000_000)
    ap.add_argument("--keep", type=Path, default=None)
    ap.add_argument("--exporters", type=int, default=50)
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--extra", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, str(args.keep), args.extra)))
        return
    print(_load(), "(before)", flush=True)
    tmp = tempfile.mkdtemp(prefix="chuhai-bench-cold-")
    home = args.keep or Path(tmp) / "wh"
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from markets import generate  # the same synthetic warehouse

    from chuhai.data.warehouse import Warehouse
    if not Warehouse(home).exists():
        t0 = time.perf_counter()
        generate(home, flows=args.flows, n_years=5, seed=0)
        print(f"generated 5 years x {args.flows:,} flows/year in {time.perf_counter() - t0:.1f} s")
    have_polars = subprocess.run([sys.executable, "-c", "import polars"],
                                 capture_output=True).returncode == 0
    first = _run("chuhai-scan", home)
    runs = {"chuhai first ever": first, "chuhai (new process)": _run("chuhai-scan", home),
            "duckdb sql": _run("duckdb-scan", home)}
    runs["polars"] = _run("polars-scan", home) if have_polars else None
    _report(f"one-product scan {PRODUCT} for {EXPORTER}", 0.6, runs)
    mine, duck = runs["chuhai (new process)"], runs["duckdb sql"]
    if mine and duck:
        print(f"  goal warm <= duckdb sql warm: {'MET' if mine['warm'] <= duck['warm'] else 'NOT MET'}")
    runs = {"chuhai first ever": _run("chuhai-epi", home),
            "chuhai (new process)": _run("chuhai-epi", home),
            "duckdb sql": _run("duckdb-epi", home)}
    runs["polars"] = _run("polars-epi", home) if have_polars else None
    _report(f"full EPI for {EXPORTER}", 4.0, runs)
    if not have_polars:
        print("  polars: skipped (not installed)")
    import duckdb
    con = duckdb.connect()
    top = [r[0] for r in con.execute(
        f"SELECT exporter FROM read_parquet({_files(str(home))}) GROUP BY 1 "
        f"ORDER BY sum(value_usd) DESC LIMIT {args.exporters}").fetchall()]
    many = _run("chuhai-many", home, ",".join(top))
    if many:
        print(f"{len(top)} exporters x full EPI in one process: {many['cold']:.1f} s "
              f"({many['cells']:,} cells) | goal < 30 s: {'MET' if many['cold'] < 30 else 'NOT MET'}")
    print(_load(), "(after)")


if __name__ == "__main__":
    main()
