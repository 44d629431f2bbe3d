"""Back-test on real OCDS bids: how often does the real winner rank first when chuhai's
tender evaluator (chuhai.tenders) ranks the real priced bids under the matching rule pack?

Imports the OCDS samples that publish bids (Armenia's ARMEPS package and Ukraine's
ProZorro releases in ../shared/data, or ``$CHUHAI_SHARED/data``) into a temporary
warehouse — or reads ``--warehouse DIR`` — then, for every competition (a tender, or a lot
where bids are per lot) with at least two priced bids, evaluates them and prints how often
the real winner ranks first over all bids and after qualification, with the counts.

Then the effect of the rival parameters measured from OCDS bids (chuhai.tenders.bidtest):
every real bid of those competitions with a usable estimate simulated as the own offer at
its real price, against the four shipped archetypes (without OCDS parameters) and against
rivals priced and counted from the buyer's other processes (with them; leave one process
out), and against the same prices with the real number of other bids; the Brier score of
each over the bids' outcomes (won or not) beside the base rate 1 / bids.

    PYTHONPATH=src python benchmarks/backtest_ocds.py [--warehouse DIR] [--all] [--rows] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from chuhai.data.importer import import_paths
from chuhai.data.queries.ocds_bids import competitions
from chuhai.data.warehouse import Warehouse
from chuhai.tenders.backtest import BacktestResult, backtest
from chuhai.tenders.bidtest import MODELS, PriceBacktest, price_backtest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CHUHAI_SHARED", ROOT.parent / "shared")) / "data"
WITH_BIDS = ("ocds-sample-armenia-armeps/releases", "ocds-sample-ukraine-prozorro/releases")


def sample_files(shared: Path, every: bool) -> list[Path]:
    dirs = [shared / d for d in WITH_BIDS] if not every else \
        sorted(p for p in shared.glob("ocds-sample-*/*") if p.is_dir())
    return [f for d in dirs for f in sorted(d.glob("*.json"))]


def _share(k: int, n: int) -> str:
    return f"{k}/{n} = {k / n:.0%}" if n else f"{k}/0 (no competition)"


def report(res: BacktestResult, *, rows: bool) -> str:
    lines = [
        f"competitions with >= 2 priced bids: {res.competitions} (rule packs: "
        + ", ".join(f"{k} {v}" for k, v in sorted(res.packs.items())) + ")",
        f"  real winner among the bids:            {res.with_winner}",
        f"  winner ranked first, all bids:         {_share(res.first_all, res.with_winner)}",
        f"  winner ranked first, after qualification: "
        f"{_share(res.first_qualified, res.qualified)}",
        f"  awarded on price (lowestCost / unstated): winner first "
        f"{_share(res.first_price_criteria, res.price_criteria)}",
    ]
    by_pub: dict[str, list[int]] = {}
    for r in res.rows:
        if r.winner_rank is None:
            continue
        key = r.ocid.split("-UA-")[0] if "-UA-" in r.ocid else r.ocid[:6]
        tally = by_pub.setdefault(key, [0, 0, 0, 0])
        tally[0] += 1
        tally[1] += r.winner_rank == 1
        if r.winner_rank_qualified is not None:
            tally[2] += 1
            tally[3] += r.winner_rank_qualified == 1
    for key, (n, k, nq, kq) in sorted(by_pub.items()):
        lines.append(f"  {key}: first {_share(k, n)}; after qualification {_share(kq, nq)}")
    if rows:
        lines.append("ocid | lot | pack | bids | qualified | winner rank (all / qualified) | criteria")
        for r in res.rows:
            lines.append(f"{r.ocid} | {r.lot or '-'} | {r.pack} | {r.bids} | {r.qualified_bids} | "
                         f"{r.winner_rank} / {r.winner_rank_qualified} | {r.award_criteria}")
    return "\n".join(lines)


def price_report(res: PriceBacktest, *, rows: bool) -> str:
    scored = [o for o in res.outcomes if o.p_ocds is not None]
    lines = [f"rival prices from OCDS bids: {res.competitions} competitions with a usable estimate, "
             f"{len(res.outcomes)} bids ({len(scored)} with the buyer's other processes measured, "
             f"{sum(o.won for o in scored)} winners)",
             "  Brier score over those bids (lower is better); mean predicted win probability of winners / losers:"]
    for m in MODELS:
        b, w, lo = res.brier(m), res.mean_p(m, won=True), res.mean_p(m, won=False)
        lines.append(f"  {m:16} {'-' if b is None else f'{b:.4f}'}   "
                     f"{'-' if w is None else f'{w:.3f}'} / {'-' if lo is None else f'{lo:.3f}'}")
    if rows:
        lines.append("ocid | lot | bid/estimate | won | bids | p archetypes | p ocds (rivals) | p ocds real count")
        for o in res.outcomes:
            lines.append(f"{o.ocid} | {o.lot or '-'} | {o.ratio:.3f} | {int(o.won)} | {o.bids} | "
                         f"{o.p_archetypes:.3f} | {o.p_ocds} ({o.rivals_ocds}) | {o.p_ocds_real_count}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warehouse", type=Path, help="read this warehouse instead of importing")
    ap.add_argument("--all", action="store_true", help="import every OCDS sample, not only those with bids")
    ap.add_argument("--rows", action="store_true", help="print one line per competition and per bid")
    ap.add_argument("--runs", type=int, default=4000, help="simulated tenders per bid (default 4000)")
    args = ap.parse_args(argv)
    if args.warehouse is not None:
        wh = Warehouse(args.warehouse)
    else:
        if not SHARED.is_dir():
            print(f"no OCDS samples at {SHARED}", file=sys.stderr)
            return 1
        wh = Warehouse(Path(tempfile.mkdtemp(prefix="chuhai-backtest-")))
        files = sample_files(SHARED, args.all)
        import_paths(wh, files)
        print(f"imported {len(files)} OCDS files into {wh.home}")
    print(report(backtest(competitions(wh)), rows=args.rows))
    print(price_report(price_backtest(wh, runs=args.runs), rows=args.rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
