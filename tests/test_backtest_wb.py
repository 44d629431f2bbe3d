"""benchmarks/backtest_wb.py on the real WB meter/valve award rows of the fixture: it prints
the cells, the four Brier scores and the calibration table; the pooled baseline's Brier
score is recomputed here from the rows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from tests.awards_fixture import awards_warehouse

from chuhai.data.queries.awards import AwardQuery, award_rows

ROOT = Path(__file__).resolve().parents[1]


def test_backtest_prints_brier_scores_and_calibration(tmp_path: Path) -> None:
    wh = awards_warehouse(tmp_path / "wh")
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "backtest_wb.py"), "--warehouse",
                          str(wh.home), "--min", "3", "--runs", "500"], env=env, capture_output=True,
                         text=True, timeout=600, check=True).stdout
    scores = dict(re.findall(r"^  (archetypes|calibrated|pooled|constant)\s+([0-9.]+)$", out, re.M))
    assert set(scores) == {"archetypes", "calibrated", "pooled", "constant"}
    assert all(0.0 <= float(v) <= 1.0 for v in scores.values())
    assert float(scores["constant"]) == pytest.approx(0.25)
    assert "Calibration (award rows binned" in out
    # the pooled baseline by hand: per sector, the other countries' domestic share
    preds: list[tuple[float, int]] = []
    for sector in ("9028", "8481"):
        rows = [r for r in award_rows(wh, AwardQuery(products=(sector,)))
                if r.category in ("goods", None) and r.buyer_country and r.origin is not None]
        by: dict[str, list[int]] = defaultdict(list)
        for r in rows:
            by[r.buyer_country].append(1 if r.origin == "domestic" else 0)
        for buyer, ys in by.items():
            if len(ys) < 3:
                continue
            others = [y for b, yy in by.items() if b != buyer for y in yy]
            p = sum(others) / len(others)
            preds += [(p, y) for y in ys]
    brier = sum((p - y) ** 2 for p, y in preds) / len(preds)
    assert float(scores["pooled"]) == pytest.approx(brier, abs=1e-4)
