"""Back-test on the World Bank awards: the simulator's predicted domestic-winner share
against the observed one, per buyer country × sector (HS4 of the product match).

For every cell with at least ``--min`` award rows (known supplier country) it prints the
observed domestic share (with its Wilson interval) beside four predictions, all made
without the cell's own rows:

* ``archetypes`` — the simulator as shipped: a World Bank goods tender (``wb-goods``,
  lowest evaluated price, the domestic preference) against the four rival archetypes of
  ``archetypes.toml``; the prediction is the local assembler's win probability;
* ``calibrated`` — the simulator with rivals calibrated (``chuhai.tenders.calibrate``) from
  the same sector in the buyer's World Bank region, the buyer left out;
* ``pooled`` — the domestic share of the sector's awards in every other country;
* ``constant`` — 0.5.

Then the Brier score of each over the cells' award rows (each row: 1 if a domestic
supplier won it), and a calibration table (rows binned by predicted share: mean predicted
against observed). A contract × supplier row is one outcome, as in ``chuhai tender history``.

    PYTHONPATH=src python benchmarks/backtest_wb.py [--warehouse DIR] [--min 5] [--runs 2000]

Without ``--warehouse`` it imports the shared World Bank files (``../shared/data`` or
``$CHUHAI_SHARED``) into a temporary warehouse first.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chuhai.data.importer import import_paths
from chuhai.data.queries.awards import AwardQuery, AwardRow, award_rows, summarise
from chuhai.data.queries.shares import wilson
from chuhai.data.warehouse import Warehouse
from chuhai.tenders.calibrate import calibrated_tender
from chuhai.tenders.calibration_types import Calibration
from chuhai.tenders.history import summary_of
from chuhai.tenders.model import Tender, load_tender
from chuhai.tenders.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]
SECTORS = ("9028", "8481", "8413", "8504", "8544", "7306", "7307", "3917")


@dataclass
class Cell:
    buyer: str
    sector: str
    region: str | None
    rows: list[AwardRow]

    @property
    def known(self) -> list[AwardRow]:
        return [r for r in self.rows if r.origin is not None]

    @property
    def k(self) -> int:
        return sum(1 for r in self.known if r.origin == "domestic")


def _warehouse(arg: str | None) -> Warehouse:
    if arg:
        return Warehouse(arg)
    shared = Path(os.environ.get("CHUHAI_SHARED", ROOT.parent / "shared")) / "data" / "wb-major-contract-awards"
    files = sorted(shared.glob("*_Major_Contract_Awards.csv"))
    if not files:
        sys.exit(f"no World Bank award files under {shared}; pass --warehouse")
    wh = Warehouse(Path(tempfile.mkdtemp(prefix="chuhai-backtest-")))
    t0 = time.perf_counter()
    import_paths(wh, files, source="wb-contracts")
    print(f"imported {len(files)} files in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return wh


def _regions(wh: Warehouse) -> dict[str, str]:
    with wh.connect() as con:
        rows = con.execute("SELECT buyer_country, region, count(*) FROM contract_awards "
                           "WHERE region IS NOT NULL GROUP BY ALL ORDER BY 3 DESC").fetchall()
    out: dict[str, str] = {}
    for buyer, region, _n in rows:
        out.setdefault(buyer, region)
    return out


def _tender(buyer: str) -> Tender:
    """A World Bank goods tender in ``buyer`` against the four archetypes."""
    return load_tender({
        "tender": {"name": f"backtest {buyer}", "rulepack": "wb-goods", "buyer_country": buyer,
                   "category": "goods", "funding": "world_bank", "currency": "USD"},
        "evaluation": {"method": "lowest_price"},
        "offers": [{"bidder": "(none)", "price": 1.0, "bidder_country": "USA", "origin": "USA",
                    "responsive": False, "own": True}],
        "rivals": [{"name": a, "archetype": a} for a in
                   ("local_assembler", "regional_neighbour", "low_cost_importer", "global_brand")],
        "simulation": {"reference_price": 1.0, "neighbour_country": "ZAF" if buyer != "ZAF" else "BWA",
                       "runs": 2000, "seed": 1},
    })


def _archetype_p(buyer: str, runs: int) -> float:
    res = simulate(_tender(buyer), runs=runs, seed=1)
    domestic = ["local_assembler"] + (["low_cost_importer"] if buyer == "CHN" else [])
    return sum(res.win_probability[name] for name in domestic)


def _calibrated_p(cell: Cell, region_rows: list[AwardRow], runs: int) -> float | None:
    others = tuple(r for r in region_rows if r.buyer_country != cell.buyer)
    ev = summarise(AwardQuery(), others)
    if ev.shares.n < 5:
        return None
    # the region's winner-origin mix (each row's origin as seen by its own buyer)
    mix = summary_of(ev.shares)
    cal = Calibration(buyer=cell.buyer, sector=cell.sector, scope=f"region:{cell.region}-{cell.buyer}",
                      source="wb-contracts", n=ev.shares.n, years=None, origin_mix=mix, neighbour=None)
    t, _done = calibrated_tender(_tender(cell.buyer).model_copy(update={"rivals": ()}), cal)
    res = simulate(t, runs=runs, seed=1)
    return sum(p for name, p in res.win_probability.items() if name == "calibrated domestic")


def _brier(preds: list[tuple[float, int]]) -> float:
    a = np.array(preds, dtype=float)
    return float(np.mean((a[:, 0] - a[:, 1]) ** 2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warehouse")
    ap.add_argument("--min", type=int, default=5, help="award rows a cell needs (default 5)")
    ap.add_argument("--runs", type=int, default=2000, help="simulated tenders per prediction")
    args = ap.parse_args()
    wh = _warehouse(args.warehouse)
    regions = _regions(wh)
    t0 = time.perf_counter()
    cells: list[Cell] = []
    by_sector: dict[str, list[AwardRow]] = {}
    for sector in SECTORS:
        rows = [r for r in award_rows(wh, AwardQuery(products=(sector,)))
                if r.category in ("goods", None) and r.buyer_country]
        by_sector[sector] = rows
        grouped: dict[str, list[AwardRow]] = defaultdict(list)
        for r in rows:
            grouped[r.buyer_country].append(r)
        cells += [Cell(b, sector, regions.get(b), rs) for b, rs in sorted(grouped.items())
                  if sum(1 for r in rs if r.origin is not None) >= args.min]
    arch_cache: dict[str, float] = {}
    out: dict[str, list[tuple[float, int]]] = defaultdict(list)
    print(f"{'buyer':5} {'HS4':4} {'n':>4} {'observed':>8} {'95% interval':>13} "
          f"{'archetypes':>10} {'calibrated':>10} {'pooled':>7} {'constant':>8}")
    for c in cells:
        n, k = len(c.known), c.k
        lo, hi = wilson(k, n)
        others = [r for r in by_sector[c.sector] if r.buyer_country != c.buyer and r.origin is not None]
        pooled = sum(1 for r in others if r.origin == "domestic") / len(others) if others else 0.5
        if c.buyer not in arch_cache:
            arch_cache[c.buyer] = _archetype_p(c.buyer, args.runs)
        arch = arch_cache[c.buyer]
        region_rows = [r for r in by_sector[c.sector] if regions.get(r.buyer_country) == c.region]
        cal = _calibrated_p(c, region_rows, args.runs)
        preds = {"archetypes": arch, "calibrated": pooled if cal is None else cal, "pooled": pooled,
                 "constant": 0.5}
        for name, p in preds.items():
            out[name] += [(p, 1 if r.origin == "domestic" else 0) for r in c.known]
        cal_txt = "  (pool)" if cal is None else f"{cal:8.2f}"
        print(f"{c.buyer:5} {c.sector:4} {n:4d} {k / n:8.2f}   {lo:5.2f}–{hi:5.2f} "
              f"{arch:10.2f} {cal_txt:>10} {pooled:7.2f} {0.5:8.2f}")
    rows_n = len(out["constant"])
    print(f"\n{len(cells)} cells, {rows_n} award rows; {time.perf_counter() - t0:.0f} s")
    print("Brier score (lower is better; 'calibrated' falls back to 'pooled' where the region has < 5 rows):")
    for name in ("archetypes", "calibrated", "pooled", "constant"):
        print(f"  {name:11} {_brier(out[name]):.4f}")
    print("\nCalibration (award rows binned by predicted domestic share):")
    print(f"  {'model':11} {'bin':9} {'rows':>5} {'mean predicted':>15} {'observed':>9}")
    for name in ("archetypes", "calibrated", "pooled"):
        a = np.array(out[name], dtype=float)
        bins = np.minimum((a[:, 0] * 5).astype(int), 4)
        for b in range(5):
            sel = a[bins == b]
            if len(sel):
                print(f"  {name:11} {b / 5:.1f}–{(b + 1) / 5:.1f}  {len(sel):5d} {sel[:, 0].mean():15.3f} "
                      f"{sel[:, 1].mean():9.3f}")


if __name__ == "__main__":
    main()
