"""Shared scenario builders for the entry-planner tests (no tests here).

The "hand" scenario has round numbers so every formula can be checked with plain
arithmetic in the tests (see test_entry_formulas.py for the worked figures).
"""

from __future__ import annotations

import copy
from typing import Any

from chuhai.entry.scenario import Scenario, parse_scenario

HAND_MODE: dict[str, Any] = {
    "key": "ckd_test", "label": "CKD test", "import_form": "ckd", "local_sourcing": "ckd",
    "home_assembly_share": 0.2, "local_labour_hours_per_unit": 1.0,
    "local_overhead_usd_per_unit": 0.5, "fixed_cost_usd_per_year": 10_000, "capex_usd": 30_000,
    "asset_life_years": 3, "capex_share": 0.0, "profit_share": "s", "royalty": True,
    "local_entity": "partner", "bidder": "partner", "tender_share": 1.0,
    "manufactures_locally": True,
}

HAND: dict[str, Any] = {
    "name": "hand", "year": 2025, "horizon_years": 3,
    "regimes": ["in_mii", "wb_group_a", "kz_ct_kz", "id_tkdn", "vn_domestic_cost", "us_baa"],
    "firm": {
        "hs6": "902820", "assembly_hours_per_unit": 0.5, "home_wage_usd_per_hour": 6.0,
        "overhead_usd_per_unit": 2.0, "discount_rate": 0.12,
        "components": [
            {"name": "chip", "cost_usd": 10.0, "critical": True},
            {"name": "housing", "cost_usd": 5.0, "localisable": "ckd", "local_cost_factor": 1.2},
            {"name": "board", "cost_usd": 5.0, "localisable": "full", "local_cost_factor": 1.0},
        ],
    },
    "market": {
        "country": "MOZ", "fx_lcu_per_usd": 10.0, "price_lcu": 500.0,
        "tender_units_per_year": 10_000, "private_units_per_year": 0,
        "wage_lcu_per_hour": 40.0, "hours_per_year": 2000, "corporate_tax": 0.25,
        "wht_dividends": 0.10, "wht_royalties": 0.20, "vat": 0.15,
        "freight_usd_per_unit": 1.0, "insurance_rate": 0.01, "clearance_usd_per_unit": 0.5,
        "tariffs": {"cbu": 0.20, "skd": 0.10, "ckd": 0.05, "components": 0.0},
    },
    "partner": {"share": 0.15, "royalty_rate": 0.02, "kit_markup": 0.10,
                "discount_rate": 0.15, "firm_equity": 0.4},
    "modes": [HAND_MODE],
}


def hand_data(**top: Any) -> dict[str, Any]:
    """A deep copy of the hand scenario data with top-level keys replaced."""
    d = copy.deepcopy(HAND)
    d.update(top)
    return d


def hand_scenario(**top: Any) -> Scenario:
    return parse_scenario(hand_data(**top))


def with_path(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set ``a.b.c`` (list indices as ``[i]``) in a copy of ``data``."""
    d = copy.deepcopy(data)
    node: Any = d
    parts = path.replace("[", ".").replace("]", "").split(".")
    for p in parts[:-1]:
        node = node[int(p)] if p.isdigit() else node.setdefault(p, {})
    last = parts[-1]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return d
