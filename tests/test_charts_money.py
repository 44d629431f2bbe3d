"""Money on chart axes and in hover texts reads as sentences do: 万/亿 on Chinese pages."""

from __future__ import annotations

import math

import pytest

from chuhai import charts, numbers
from chuhai.charts.style import money_axis, nice_ticks


@pytest.mark.parametrize(("values", "ticks"), [
    ([3.5e8], [0, 1e8, 2e8, 3e8, 4e8]),              # rough step 8.75e7 -> 1e8
    ([-2e7, 3.5e8], [-1e8, 0, 1e8, 2e8, 3e8, 4e8]),  # rough 9.25e7 -> 1e8
    ([9e5], [0, 2.5e5, 5e5, 7.5e5, 1e6]),            # rough 2.25e5 -> 2.5e5
    ([12.0], [0, 5, 10, 15]),                        # rough 3 -> 5
    ([0.0], [0]),
])
def test_nice_ticks(values: list[float], ticks: list[float]) -> None:
    assert nice_ticks(values) == pytest.approx(ticks)


@pytest.mark.parametrize(("value", "zh", "en"), [
    (1.5e8, "1.5亿", "150M"), (2.5e7, "2,500万", "25M"), (1e8, "1亿", "100M"),
    (65_709_500, "6,570.95万", "65.7M"), (800, "800", "800"), (-2.5e5, "-25万", "-250K"),
    (1.2e6, "120万", "1.2M"), (0, "0", "0"),
])
def test_money_ticks(value: float, zh: str, en: str) -> None:
    assert numbers.money_tick(value, "zh") == zh
    assert numbers.money_tick(value, "en") == en


def test_a_scaled_axis_is_labelled_in_real_money() -> None:
    axis = money_axis([1.5, 3.2], "zh", scale=1e6)  # values plotted in US$ millions
    assert axis["tickvals"] == pytest.approx([0, 1, 2, 3, 4])
    assert axis["ticktext"] == ["0", "100万", "200万", "300万", "400万"]


SCAN = {"exporter": "CHN", "markets": [
    {"importer": "KEN", "name": "肯尼亚", "rank": 1, "untapped_usd": 65_709_500.0,
     "benchmark_untapped_usd": 3.54e8, "potential_usd": 7e7, "exporter_exports_usd": 4.3e6,
     "supply": 0.5, "demand": 2.2e8, "ease": 0.8, "top_suppliers": []},
    {"importer": "TZA", "name": "坦桑尼亚", "rank": 2, "untapped_usd": 9_500.0,
     "benchmark_untapped_usd": None, "potential_usd": 1e4, "exporter_exports_usd": 500.0,
     "supply": 0.5, "demand": 1e6, "ease": 0.7, "top_suppliers": []}]}


def test_the_market_map_speaks_chinese_money() -> None:
    fig = charts.market_map(SCAN, title="未开发潜力", label="美元/年", lang="zh")
    trace = fig["data"][0]
    assert trace["customdata"] == ["US$6,570.95万", "US$9,500.00"]
    assert all(t.endswith(("万", "亿")) or t == "0" for t in trace["colorbar"]["ticktext"])
    bars = charts.market_map(SCAN, title="t", label="l", geo=False, lang="zh")
    assert bars["data"][0]["customdata"][0] == "US$6,570.95万"
    assert bars["layout"]["yaxis"]["ticktext"][-1] == "8,000万"  # 6,570.95万 / 4 -> 2e7 steps


def test_untapped_bars_label_the_scaled_values_in_full() -> None:
    fig = charts.untapped_bars(SCAN, title="t", x_title="百万美元", names=("未开发", "基准"),
                               scale=1e6, lang="zh")
    assert fig["data"][1]["customdata"] == ["3.54亿美元", "US$0.00"]
    assert fig["data"][0]["x"] == pytest.approx([65.7095, 0.0095])
    assert "亿" in fig["layout"]["xaxis"]["ticktext"][-1]


def test_entry_charts_in_chinese() -> None:
    plan = {"modes": [{"mode": "a", "pareto": True, "local_value_added_usd": 2.5e7, "firm_npv_usd": -3e6},
                      {"mode": "b", "pareto": False, "local_value_added_usd": 1e6, "firm_npv_usd": 1.2e8}],
            "tornado": {"bars": [{"variable": "price", "npv_low": -5e6, "npv_high": 8e6, "base_npv": 1e6}]}}
    fr = charts.frontier(plan, title="t", x="本地增加值", y="净现值", lang="zh")
    assert fr["data"][0]["customdata"] == [["US$2,500.00万", "-US$300.00万"]]
    assert fr["layout"]["yaxis"]["ticktext"][-1] == "1.5亿"
    tor = charts.tornado(plan, title="t", low="低", high="高", lang="zh")
    assert [tr["customdata"] for tr in tor["data"]] == [["-US$500.00万"], ["US$800.00万"]]
    vals = tor["layout"]["xaxis"]["tickvals"]
    assert min(vals) <= -5e6 and max(vals) >= 8e6
    mc = charts.montecarlo({"montecarlo": {"hist_edges": [0, 1e7, 2e7], "hist_counts": [3, 4],
                                            "p10": 1e6, "p50": 1e7, "p90": 1.9e7}},
                           title="t", x_title="净现值", y_title="次数", lang="zh")
    assert mc["data"][0]["customdata"] == ["US$500.00万", "US$1,500.00万"]
    assert mc["layout"]["xaxis"]["ticktext"] == ["0", "500万", "1,000万", "1,500万", "2,000万"]


def test_english_charts_keep_compact_money() -> None:
    fig = charts.potential_bars(SCAN["markets"][0], title="t",
                                names={"potential": "p", "actual": "a", "untapped": "u", "benchmark": "b"})
    assert fig["data"][0]["customdata"] == ["$70M", "$4.3M", "$65.7M", "$354M"]
    assert not any(math.isnan(v) for v in fig["layout"]["yaxis"]["tickvals"])
