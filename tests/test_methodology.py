"""The formulas stated in docs/methodology.md ("Formulas as computed"), run on hand-sized
examples and recomputed here independently."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from chuhai.data.warehouse import Warehouse
from chuhai.markets import scan
from chuhai.markets.ranking import percentile_ranks, score
from chuhai.markets.types import Screen, Weights
from test_markets_support import COUNTRIES, build, world


def test_percentile_average_ties_and_single_market() -> None:
    assert percentile_ranks([10.0, 20.0, 20.0, 40.0]) == [0.0, 0.5, 0.5, 1.0]  # the doc's example
    assert percentile_ranks([3.0, None, 1.0]) == [1.0, None, 0.0]
    assert percentile_ranks([None, 7.0]) == [None, 1.0]
    assert percentile_ranks([5.0, 5.0, 5.0]) == [0.5, 0.5, 0.5]


def test_score_is_100_times_weighted_percentiles_missing_half() -> None:
    ok = Screen("macro", True, "x.", "pass")
    unknown = Screen("imports", True, "x.", "unknown")
    def market(untapped: float, imports: float | None, screens: list[Screen]) -> Any:
        # only the fields the ranking reads (duck-typed Assessed: a missing size is None)
        inputs = SimpleNamespace(untapped_usd=untapped, imports_usd=imports, tariff_exporter=None,
                                 tariff_average=None, imports_cagr=None, imports_cagr_short=None,
                                 benchmark_untapped_usd=None, wgi=None,
                                 growth_tiny_base=False)
        return SimpleNamespace(inputs=inputs, screens=tuple(screens), localisation_pressure=None)

    rows = [market(100.0, 1.0, [ok, ok]), market(300.0, None, [ok, unknown]),
            market(200.0, 5.0, [unknown, unknown])]
    w = Weights.parse("untapped=2,size=1,screens=1,benchmark=0,growth=0,access=0,risk=0,localisation=0")
    scored = score(rows, w)
    # by hand: untapped percentiles 0, 1, 0.5; size 0, (missing) 0.5, 1; screens 1, 0.5, 0
    hand = [100 * (0.5 * 0 + 0.25 * 0 + 0.25 * 1), 100 * (0.5 * 1 + 0.25 * 0.5 + 0.25 * 0.5),
            100 * (0.5 * 0.5 + 0.25 * 1 + 0.25 * 0)]
    assert [x.score for x in scored] == [round(h, 2) for h in hand]


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    tables = world(seed=5)
    # KGZ's governance: 2023 pv and rl in the window, a 2024 value after it (not used)
    tables["indicators"] = [r for r in tables["indicators"]
                            if not (r["iso3"] == "KGZ" and r["indicator"].startswith("wgi"))]
    tables["indicators"] += [dict(iso3="KGZ", year=2021, indicator="wgi_pv", value=-2.0),
                             dict(iso3="KGZ", year=2023, indicator="wgi_pv", value=0.5),
                             dict(iso3="KGZ", year=2022, indicator="wgi_rl", value=-0.1),
                             dict(iso3="KGZ", year=2024, indicator="wgi_rl", value=2.0)]
    path = tmp_path_factory.mktemp("meth")
    return build(path, **tables)


def test_wgi_is_the_mean_of_each_dimensions_latest_year_in_the_window(wh: Warehouse) -> None:
    r = scan(wh, product="902820", exporter="CHN", years=(2019, 2023))
    kgz = next(m for m in r.markets if m.importer == "KGZ")
    risk = next(s for s in kgz.screens if s.name == "country_risk")
    assert "(WGI) is +0.20" in str(risk.reason)  # (0.5 + (-0.1)) / 2: pv 2023, rl 2022


def test_group_tariffs_and_market_order(wh: Warehouse) -> None:
    tables = world(seed=5)
    r = scan(wh, product=["902820", "848180"], exporter="CHN", years=(2019, 2023))
    vnm = next(m for m in r.markets if m.importer == "VNM")
    mfn = 0.05 + 0.01 * COUNTRIES.index("VNM")  # the world's MFN rate of VNM on both lines

    def rate(s: str, h: str) -> float:
        return 0.0 if (s, h) == ("CHN", "902820") else mfn  # CHN's 0 % preference on 902820

    flows = [f for f in tables["trade"] if f["importer"] == "VNM" and f["hs6"] in ("902820", "848180")]
    lines = {h: sum(f["value_usd"] for f in flows if f["hs6"] == h) for h in ("902820", "848180")}
    t_exp = sum(lines[h] * rate("CHN", h) for h in lines) / sum(lines.values())
    t_avg = sum(f["value_usd"] * rate(f["exporter"], f["hs6"]) for f in flows) / sum(
        f["value_usd"] for f in flows)
    assert vnm.tariff_exporter == pytest.approx(t_exp, rel=1e-12)
    assert vnm.tariff_average == pytest.approx(t_avg, rel=1e-12)
    keys = [(-m.score, -m.untapped_usd, m.importer) for m in r.markets]
    assert keys == sorted(keys) and [m.rank for m in r.markets] == list(range(1, len(keys) + 1))
