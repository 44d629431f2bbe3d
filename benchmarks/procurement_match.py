"""Benchmark: contract -> product matching (data/reference/procurement_rules.toml) on the
hand-labelled real contract descriptions of tests/data/procurement_labels.csv.

Prints precision, recall and counts per product class, the misses and false alarms, and
the matcher's speed over every deduplicated World Bank award when ../shared is present.

    PYTHONPATH=src python benchmarks/procurement_match.py [--errors]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

from chuhai.data.reference.procurement_rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "procurement_labels.csv"
SECOND = ROOT / "tests" / "data" / "procurement_labels_2.csv"


def labelled(path: Path) -> list[tuple[str, frozenset[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["description"], frozenset(r["classes"].split())) for r in csv.DictReader(fh)]


def scores(rows: list[tuple[str, frozenset[str]]]) -> dict[str, dict[str, float]]:
    """Per class: tp, fp, fn, precision, recall (NaN when undefined)."""
    rules = load_rules()
    out: dict[str, dict[str, float]] = {c: {"tp": 0, "fp": 0, "fn": 0} for c in rules.classes}
    for text, truth in rows:
        got = {m.product_class for m in rules.match(text)}
        for c in rules.classes:
            key = "tp" if c in got and c in truth else "fp" if c in got else "fn" if c in truth else ""
            if key:
                out[c][key] += 1
    for s in out.values():
        s["precision"] = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else float("nan")
        s["recall"] = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else float("nan")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--errors", action="store_true", help="list misses and false alarms")
    args = ap.parse_args()
    first, second = labelled(LABELS), labelled(SECOND)
    rows = first + second
    for name, part in ((LABELS.name, first), (SECOND.name, second), ("both", rows)):
        print(f"{len(part)} hand-labelled descriptions ({name})")
        print(f"{'class':<18}{'n':>4}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}")
        for c, s in scores(part).items():
            n = int(s["tp"] + s["fn"])
            print(f"{c:<18}{n:>4}{int(s['tp']):>5}{int(s['fp']):>5}{int(s['fn']):>5}"
                  f"{s['precision']:>11.3f}{s['recall']:>8.3f}")
    if args.errors:
        rules = load_rules()
        for text, truth in rows:
            got = {m.product_class: m.rule for m in rules.match(text)}
            if set(got) != truth:
                print(f"  truth={sorted(truth)} got={got}: {text!r}")
    shared = Path(os.environ.get("CHUHAI_SHARED", ROOT.parent / "shared")) / "data"
    folder = shared / "wb-major-contract-awards"
    if folder.is_dir():
        from chuhai.data.sources.wb_contracts import parse

        texts = [r["description"] for f in sorted(folder.glob("*.csv")) for r in parse(f)]
        rules = load_rules()
        t0 = time.perf_counter()
        hits = sum(bool(rules.match(t)) for t in texts)
        dt = time.perf_counter() - t0
        print(f"all WB awards: {len(texts):,} descriptions matched in {dt:.2f} s "
              f"({len(texts) / dt:,.0f}/s); {hits:,} with a product class")
    return 0


if __name__ == "__main__":
    sys.exit(main())
