"""Ingest benchmark: chuhai's BACI import against Polars, DuckDB and pandas CSV -> Parquet.

Generates a BACI-shaped yearly CSV (``t,i,j,k,v,q``; 230 x 230 countries x ~5,300 HS6,
sparse, k without leading zeros, v in thousand USD with 3 decimals, some q ``NA``),
then runs, each in a fresh subprocess so peak memory is measured per contender
(the child reports ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` when it ends, which
covers DuckDB's threads; the parent cross-checks with ``RUSAGE_CHILDREN``):

* chuhai: ``import_paths`` of the CSV into a warehouse (parse, validate, sort, write the
  Parquet, apply). The warehouse is created beforehand in a separate, untimed process:
  the reference tables (countries, blocs) that the first import of any file builds once
  per warehouse are not part of ingesting a trade file;
* peers, none of which validates, maps codes or sorts: Polars ``read_csv`` +
  ``write_parquet`` and ``scan_csv`` + ``sink_parquet`` (skipped when Polars is not
  installed: ``pip install polars``), DuckDB ``COPY (FROM read_csv(...)) TO ... (FORMAT
  parquet)``, and ``pandas.read_csv`` + ``DataFrame.to_parquet``.

Every contender is a whole new process (its imports count, as they do for a user). Prints
time, rows/s and peak memory for each, chuhai's time over each peer's, and the load
average before and after. Goals (issue 2 §8, issue 14): >= 2 M rows/s on 2 cores, peak
memory < 1.5 GB, within 1.5x of Polars ``read_csv`` -> Parquet. On a shared machine the
times grow with the load: compare the ratios, measured in the same run.

Usage: ``PYTHONPATH=src python benchmarks/ingest.py [--rows N] [--dir DIR] [--csv FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

N_COUNTRIES = 230
N_PRODUCTS = 5_300
SEED = 20250101


def generate(path: Path, rows: int, *, seed: int = SEED) -> None:
    """Write a BACI-shaped CSV with ``rows`` unique (i, j, k) rows, sorted like BACI."""
    import duckdb
    import pyarrow as pa

    from chuhai.data.sources._baci_dict import builtin_country_codes

    rng = np.random.default_rng(seed)
    by_iso = {iso: code for code, iso in sorted(builtin_country_codes().items(), reverse=True)}
    codes = np.array(sorted(by_iso.values())[:N_COUNTRIES], dtype=np.int32)  # one code per ISO3
    hs = np.unique(rng.integers(10_000, 970_000, size=N_PRODUCTS * 2))[:N_PRODUCTS]
    space = N_COUNTRIES * N_COUNTRIES * len(hs)
    if rows > space // 2:
        raise SystemExit(f"--rows must be at most {space // 2:,}")
    keys = np.unique(rng.integers(0, space, size=int(rows * 1.05) + 1000))
    keys = np.sort(rng.choice(keys, size=rows, replace=False))
    i, rest = np.divmod(keys, N_COUNTRIES * len(hs))
    j, k = np.divmod(rest, len(hs))
    v = np.round(rng.lognormal(2.0, 2.5, size=rows), 3) + 0.001
    q = np.round(v * rng.uniform(0.01, 2.0, size=rows), 3)
    tab = pa.table({
        "t": np.full(rows, 2023, dtype=np.int16), "i": codes[i], "j": codes[j],
        "k": hs[k].astype(np.int32), "v": v, "q": q, "na": rng.random(rows) < 0.08,
    })
    con = duckdb.connect()
    con.register("g", tab)
    con.execute(
        "COPY (SELECT t, i, j, k, printf('%.3f', v) AS v, "
        "CASE WHEN na THEN 'NA' ELSE printf('%.3f', q) END AS q FROM g) "
        f"TO '{path}' (HEADER, DELIMITER ',', QUOTE '')"
    )
    con.close()


def _child_chuhai(csv: str, home: str) -> None:
    from chuhai.data.importer import import_paths
    from chuhai.data.warehouse import Warehouse

    out = import_paths(Warehouse(home), [Path(csv)], source="baci", hs_revision="HS22",
                       release="202501")
    _report(out[0].rows)


def _child_prepare(csv: str, home: str) -> None:
    from chuhai.data.importer import ensure_reference
    from chuhai.data.warehouse import Warehouse

    ensure_reference(Warehouse(home))
    _report(0)


def _child_pandas(csv: str, home: str) -> None:
    import pandas as pd

    df = pd.read_csv(csv)
    Path(home).mkdir(parents=True, exist_ok=True)
    df.to_parquet(Path(home) / "baseline.parquet")
    _report(len(df))


def _child_polars(csv: str, home: str) -> None:
    import polars as pl

    df = pl.read_csv(csv)
    Path(home).mkdir(parents=True, exist_ok=True)
    df.write_parquet(Path(home) / "polars.parquet")
    _report(df.height)


def _child_polars_sink(csv: str, home: str) -> None:
    import polars as pl

    Path(home).mkdir(parents=True, exist_ok=True)
    pl.scan_csv(csv).sink_parquet(Path(home) / "polars-sink.parquet")
    _report(pl.scan_parquet(Path(home) / "polars-sink.parquet").select(pl.len()).collect().item())


def _child_duckdb(csv: str, home: str) -> None:
    import duckdb

    Path(home).mkdir(parents=True, exist_ok=True)
    out = Path(home) / "duckdb.parquet"
    with duckdb.connect() as con:
        con.execute(f"COPY (FROM read_csv('{csv}')) TO '{out}' (FORMAT parquet)")
        (rows,) = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone() or (0,)
    _report(int(rows))


def _has_polars() -> bool:
    import importlib.util

    return importlib.util.find_spec("polars") is not None


def _report(rows: int) -> None:
    """Print rows and this process's peak RSS (KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "peak_kib": peak}))


def _run(kind: str, csv: Path, home: Path) -> dict[str, float]:
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            f"import ingest; ingest._child_{kind}({str(csv)!r}, {str(home)!r})")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if res.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{res.stderr}")
    got = json.loads(res.stdout.strip().splitlines()[-1])
    return {"seconds": elapsed, "cpu": cpu, "rows": got["rows"], "rows_per_s": got["rows"] / elapsed,
            "peak_mb": got["peak_kib"] / 1024}


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--dir", type=Path, default=None, help="work directory (default: a temp dir)")
    ap.add_argument("--csv", type=Path, default=None,
                    help="a BACI_HS22_Y2023_V202501.csv made by an earlier run (not generated)")
    args = ap.parse_args(argv)
    peers = [("polars read_csv", "polars"), ("polars sink", "polars_sink")] if _has_polars() else []
    if not peers:
        print("polars is not installed: its peers are skipped (pip install polars)")
    peers += [("duckdb COPY", "duckdb"), ("pandas", "pandas")]
    with tempfile.TemporaryDirectory(prefix="chuhai-bench-", dir=args.dir) as tmp:
        work = Path(tmp)
        csv = args.csv or work / "BACI_HS22_Y2023_V202501.csv"
        t0 = time.perf_counter()
        if args.csv is None:
            generate(csv, args.rows)
        print(f"{'generated' if args.csv is None else 'reused'} {args.rows:,} rows ({csv.stat().st_size / 1e6:,.0f} MB) "
              f"in {time.perf_counter() - t0:.1f} s")
        _run("prepare", csv, work / "wh")
        print(f"load average before: {_load()}")
        results = {"chuhai (validated, sorted)": _run("chuhai", csv, work / "wh")}
        for name, kind in peers:
            results[name] = _run(kind, csv, work / kind)
        after = _load()
        check = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"(largest child peak seen by the parent: {check:,.0f} MB)")
    ours = results["chuhai (validated, sorted)"]
    for name, r in results.items():
        ratio = "" if r is ours else (f"  chuhai/peer: time {ours['seconds'] / r['seconds']:4.2f}x, "
                                      f"cpu {ours['cpu'] / r['cpu']:4.2f}x")
        print(f"{name:28s} {r['seconds']:7.2f} s (cpu {r['cpu']:6.2f} s)  "
              f"{r['rows_per_s'] / 1e6:6.2f} M rows/s  peak {r['peak_mb']:7.0f} MB{ratio}")
    polars = results.get("polars read_csv")
    within = polars is None or ours["seconds"] <= 1.5 * polars["seconds"]
    ok = ours["rows_per_s"] >= 2e6 and ours["peak_mb"] < 1536 and within
    print("goals: >= 2 M rows/s, peak < 1.5 GB, time <= 1.5x Polars read_csv -> Parquet: "
          f"{'met' if ok else 'NOT met'}" + ("" if polars else " (Polars not measured)"))
    print(f"cores: {os.cpu_count()}, load average after: {after}")


if __name__ == "__main__":
    main()
