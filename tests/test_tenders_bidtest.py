"""The back-test of the OCDS-derived rival prices (chuhai.tenders.bidtest): each real bid's
simulated win probability against the closed form for lognormal rivals measured without the
bid's own process, and the Brier scores recomputed from the outcomes."""

from __future__ import annotations

import json
import math
import statistics
import sys
from pathlib import Path

import pytest
from scipy.stats import norm

from chuhai.data.importer import import_paths
from chuhai.data.warehouse import Warehouse
from chuhai.tenders.bidtest import MODELS, PriceBacktest, price_backtest
from test_tenders_bidcal import RELEASES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> PriceBacktest:
    tmp = tmp_path_factory.mktemp("bidtest")
    path = tmp / "ukr.json"
    path.write_text(json.dumps({"version": "1.1", "releases": RELEASES}), "utf-8")
    wh = Warehouse(tmp / "wh")
    import_paths(wh, [path])
    return price_backtest(wh, runs=20_000, seed=5)


def test_only_competitions_with_a_usable_estimate_count(result: PriceBacktest) -> None:
    # t-5 (estimate 0.01) and t-6 (direct: not in the bid sample) have none
    assert sorted({o.ocid for o in result.outcomes}) == ["ocds-t-1", "ocds-t-2", "ocds-t-3", "ocds-t-4",
                                                          "ocds-t-7", "ocds-t-8"]
    assert result.competitions == 6 and len(result.outcomes) == 15
    assert sum(o.won for o in result.outcomes) == 6


def test_win_probability_is_the_closed_form_leave_one_process_out(result: PriceBacktest) -> None:
    # t-3 left out: the other usable bids (t-1, 2, 4, 7, 8) and tenderer counts (t-1, 2, 4, 5, 7, 8)
    others = [0.9, 0.8, 0.95, 0.9, 0.95, 0.75, 0.7, 1200 / 1300, 1150 / 1300, 0.99, 0.94]
    med, sd = statistics.median(others), statistics.stdev(math.log(x) for x in others)
    k = max(math.floor(statistics.median([3, 3, 2, 2, 2, 2]) + 0.5) - 1, 1)
    assert k == 1
    for o in (o for o in result.outcomes if o.ocid == "ocds-t-3"):
        assert o.rivals_ocds == k
        closed = (1 - norm.cdf((math.log(o.ratio) - math.log(med)) / sd)) ** k
        assert o.p_ocds == pytest.approx(closed, abs=0.015), o.ratio
        real = (1 - norm.cdf((math.log(o.ratio) - math.log(med)) / sd)) ** 3  # 4 bids: 3 others
        assert o.p_ocds_real_count == pytest.approx(real, abs=0.015), o.ratio


def test_brier_scores_recomputed(result: PriceBacktest) -> None:
    rows = [o for o in result.outcomes if o.p_ocds is not None]
    y = [1.0 if o.won else 0.0 for o in rows]
    want = {"archetypes": [o.p_archetypes for o in rows], "ocds": [o.p_ocds or 0.0 for o in rows],
            "ocds_real_count": [o.p_ocds_real_count or 0.0 for o in rows], "base_rate": [1 / o.bids for o in rows]}
    for m in MODELS:
        assert result.brier(m) == pytest.approx(sum((p - t) ** 2 for p, t in zip(want[m], y, strict=True)) / len(y))


def test_benchmark_prints_the_effect(result: PriceBacktest) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from backtest_ocds import price_report
    finally:
        sys.path.pop(0)
    text = price_report(result, rows=True)
    assert "6 competitions with a usable estimate, 15 bids" in text
    for m in MODELS:
        assert f"  {m:16} {result.brier(m):.4f}" in text
