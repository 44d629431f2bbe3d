"""The plan's JSON reports the regime threshold it applied (year steps, scenario overrides).

Reference figures are the rule-pack values read by hand from rules/rulepacks/
us-buy-american.toml (> 60 % to 2023, > 65 % 2024–2028, > 75 % from 2029) and the
override written in the scenario; qualification must use the same figure.
"""

from __future__ import annotations

from typing import Any

from chuhai.entry.planner import plan
from test_entry_support import hand_scenario


def _regimes(**top: Any) -> dict[str, dict[str, Any]]:
    res = plan(hand_scenario(**top))
    return {r["id"]: r for r in res.to_dict()["regimes"]}


def test_us_baa_threshold_follows_the_year() -> None:
    for year, expected, basis in ((2023, 0.60, "year_step"), (2026, 0.65, "year_step"),
                                  (2030, 0.75, "year_step")):
        row = _regimes(year=year)["us_baa"]
        assert row["threshold"] == expected, year
        assert row["threshold_default"] == 0.65
        assert row["threshold_basis"] == basis
        assert row["threshold_source"] == "S74"


def test_override_is_reported_and_used() -> None:
    ov = {"kz_ct_kz": {"threshold": 0.35, "source": "buyer's tender document, cl. 7"}}
    res = plan(hand_scenario(regime_overrides=ov))
    row = {r["id"]: r for r in res.to_dict()["regimes"]}["kz_ct_kz"]
    assert row["threshold"] == 0.35
    assert row["threshold_default"] == 0.30
    assert row["threshold_basis"] == "scenario_override"
    assert row["threshold_source"] == "buyer's tender document, cl. 7"
    for m in res.modes:  # qualification uses the reported figure (not strict: LC ≥ threshold)
        assert m.qualifies["kz_ct_kz"] == (m.local_content["kz_ct_kz"] >= 0.35 - 1e-12)


def test_default_threshold_basis() -> None:
    row = _regimes()["in_mii"]
    assert row["threshold"] == 0.50 and row["threshold_default"] == 0.50
    assert row["threshold_basis"] == "default"
    assert row["threshold_source"] == "S19 S21"
    kz = _regimes()["kz_ct_kz"]
    assert kz["threshold"] == 0.30 and kz["threshold_basis"] == "default"
