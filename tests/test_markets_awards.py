"""Localisation pressure's procurement part from real award data: the measured
domestic-winner share where the awards cover the market (≥ MIN_AWARDS rows), the hand table
(marked) elsewhere; the pressure recomputed here from its parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.awards_fixture import add_awards, fixture_rows

from chuhai.data.queries.shares import wilson
from chuhai.data.warehouse import Warehouse
from chuhai.markets import scan
from chuhai.markets.localisation import (
    MIN_AWARDS,
    PART_WEIGHTS,
    PROCUREMENT_PRODUCTS,
    PROCUREMENT_REGIMES,
)
from factories import make_warehouse

TRADE = [
    {"year": y, "exporter": e, "importer": i, "hs6": "902820", "hs_revision": "HS17",
     "value_usd": v * (1 + 0.1 * (y - 2019)), "quantity_t": v / 5000}
    for y in range(2019, 2024)
    for e, i, v in (("CHN", "KEN", 2e6), ("DEU", "KEN", 1e6), ("CHN", "AGO", 5e5),
                    ("PRT", "AGO", 9e5), ("DEU", "MOZ", 3e5), ("ZAF", "MOZ", 8e5), ("CHN", "TZA", 4e5))
]


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    home: Path = tmp_path_factory.mktemp("mkt-awards")
    return add_awards(make_warehouse(home, trade=TRADE))


def _measured(buyer: str) -> tuple[int, int]:
    rows = [r for r in fixture_rows() if r["buyer_country"] == buyer and r["hs"].startswith("9028")
            and r["supplier_country"]]
    return sum(1 for r in rows if r["supplier_country"] == buyer), len(rows)


def test_measured_share_replaces_the_regime_factor(wh: Warehouse) -> None:
    res = scan(wh, product="902820", exporter="CHN")
    by = {m.importer: m for m in res.markets}
    for iso in ("KEN", "AGO", "MOZ", "TZA"):
        k, n = _measured(iso)
        parts = by[iso].localisation_parts
        if n >= MIN_AWARDS:
            assert parts.procurement_basis == "awards" and parts.procurement_awards == n
            assert parts.procurement_domestic_share == pytest.approx(k / n)
            assert parts.procurement_interval == pytest.approx(wilson(k, n))
            assert parts.procurement == pytest.approx(PROCUREMENT_PRODUCTS["9028"].value * k / n)
            assert parts.procurement_source and parts.procurement_source.startswith("awards:")
        else:
            regime = PROCUREMENT_REGIMES[iso].value if iso in PROCUREMENT_REGIMES else 0.5
            assert parts.procurement_basis == "table" and parts.procurement_awards is None
            assert parts.procurement == pytest.approx(PROCUREMENT_PRODUCTS["9028"].value * regime)
        known = {k2: v for k2, v in (("production", parts.production),
                                     ("zero_tariff_share", parts.zero_tariff_share),
                                     ("procurement", parts.procurement)) if v is not None}
        wsum = sum(PART_WEIGHTS[k2] for k2 in known)
        expected = sum(PART_WEIGHTS[k2] * v for k2, v in known.items()) / wsum
        assert by[iso].localisation_pressure == pytest.approx(expected)
    # the fixture covers both cases
    assert {by[i].localisation_parts.procurement_basis for i in ("KEN", "AGO", "MOZ", "TZA")} == {"awards", "table"}


def test_without_awards_the_table_stays(tmp_path: Path) -> None:
    res = scan(make_warehouse(tmp_path / "plain", trade=TRADE), product="902820", exporter="CHN")
    assert {m.localisation_parts.procurement_basis for m in res.markets} == {"table"}
    d = res.to_dict()["markets"][0]["localisation_parts"]
    assert d["procurement_basis"] == "table" and d["procurement_awards"] is None
