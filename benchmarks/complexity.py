"""Benchmark: chuhai.markets.complexity against py-ecomplexity, same input, same run.

Default scale is HS6: 200 countries × 5,000 products, ~8 % of cells with M = 1 after
RCA. Prints both times, the ratio, and the largest absolute difference of each
indicator (the unit tests hold them to 1e-9).

    PYTHONPATH=src python benchmarks/complexity.py                 # HS6 scale (~1-2 min)
    PYTHONPATH=src python benchmarks/complexity.py --products 1200 # HS4 scale
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd
from ecomplexity import ecomplexity

from chuhai.markets.complexity import complexity, export_matrix


def synthetic_long(n_loc: int, n_prod: int, seed: int) -> pd.DataFrame:
    """Long (year, loc, prod, val) exports: nested capability model, lognormal sizes."""
    rng = np.random.default_rng(seed)
    cap, comp = rng.uniform(size=n_loc), rng.uniform(size=n_prod)
    prob = 0.2 / (1 + np.exp(-6 * (cap[:, None] - comp[None, :])))
    present = rng.uniform(size=(n_loc, n_prod)) < prob
    ii, jj = np.nonzero(present)
    size = rng.lognormal(0, 1.5, n_loc)[ii] * rng.lognormal(0, 1.5, n_prod)[jj]
    val = size * rng.lognormal(0, 1, ii.size)
    return pd.DataFrame({
        "year": 2022,
        "loc": np.char.add("C", np.char.zfill(ii.astype(str), 3)),
        "prod": np.char.zfill(jj.astype(str), 6),
        "val": val,
    })


def run_chuhai(df: pd.DataFrame):  # type: ignore[no-untyped-def]
    locs, prods, mat = export_matrix(df["loc"].to_numpy(), df["prod"].to_numpy(), df["val"].to_numpy())
    return complexity(mat, locations=locs, products=prods)


def run_package(df: pd.DataFrame) -> pd.DataFrame:
    cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ecomplexity(df, cols, check_logsupermodularity=False, verbose=False)


def max_diffs(cx, ref: pd.DataFrame) -> dict[str, float]:  # type: ignore[no-untyped-def]
    li = {loc: i for i, loc in enumerate(cx.locations)}
    pi = {p: i for i, p in enumerate(cx.products)}
    r, c = ref["loc"].map(li).to_numpy(), ref["prod"].map(pi).to_numpy()
    mine = {"rca": cx.rca[r, c], "eci": cx.eci[r], "pci": cx.pci[c], "density": cx.density[r, c],
            "coi": cx.coi[r], "cog": cx.cog[r, c]}
    return {k: float(np.nanmax(np.abs(v - ref[k].to_numpy(dtype=float)))) for k, v in mine.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--countries", type=int, default=200)
    ap.add_argument("--products", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="chuhai runs (best is reported)")
    args = ap.parse_args()

    df = synthetic_long(args.countries, args.products, args.seed)
    print(f"input: {args.countries} countries x {args.products} products, {len(df):,} non-zero flows")
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        cx = run_chuhai(df)
        times.append(time.perf_counter() - t0)
    m_share = cx.mcp.nnz / (len(cx.locations) * len(cx.products))
    print(f"M = 1 in {m_share:.1%} of cells")
    print(f"chuhai (C x C eigenproblem):         best {min(times):.3f} s  (runs: "
          + ", ".join(f"{t:.3f}" for t in times) + ")")
    t0 = time.perf_counter()
    ref = run_package(df)
    t_pkg = time.perf_counter() - t0
    print(f"py-ecomplexity (P x P eig, dense):    {t_pkg:.3f} s")
    print(f"ratio py-ecomplexity / chuhai:        {t_pkg / min(times):.1f}x")
    diffs = max_diffs(cx, ref)
    print("max |chuhai - py-ecomplexity|: " + ", ".join(f"{k} {v:.1e}" for k, v in diffs.items()))


if __name__ == "__main__":
    main()
