"""The award read side (data/queries/awards.py) over real World Bank rows, against
counts recomputed here from the fixture CSV, and the Wilson interval against SciPy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from scipy.stats import binomtest
from tests.awards_fixture import awards_warehouse, fixture_rows

from chuhai.data.queries.awards import AwardQuery, award_evidence, has_awards
from chuhai.data.queries.shares import share, wilson
from chuhai.data.reference.blocs import load_blocs
from chuhai.data.warehouse import Warehouse


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return awards_warehouse(tmp_path_factory.mktemp("awards"))


def _expected_origin(buyer: str, supplier: str | None, day: date) -> str | None:
    if not supplier:
        return None
    if supplier == buyer:
        return "domestic"
    if supplier == "CHN":
        return "chinese"
    for a in load_blocs():
        if len(a.members) > 2 and {buyer, supplier} <= set(a.members_on(day)):
            return "bloc"
    return "other"


def _reference(pred) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {"domestic": 0, "bloc": 0, "chinese": 0, "other": 0, "unknown": 0}
    for r in fixture_rows():
        if pred(r):
            day = date.fromisoformat(r["award_date"]) if r["award_date"] else date(r["fiscal_year"], 1, 1)
            counts[_expected_origin(r["buyer_country"], r["supplier_country"], day) or "unknown"] += 1
    return counts


@pytest.mark.parametrize(("k", "n"), [(0, 5), (1, 5), (3, 5), (5, 5), (36, 59), (1, 200)])
def test_wilson_matches_scipy(k: int, n: int) -> None:
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson(k, n)
    assert low == pytest.approx(ci.low, abs=1e-12)
    assert high == pytest.approx(ci.high, abs=1e-12)
    assert share(k, n).share == pytest.approx(k / n)
    assert wilson(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(("country", "products", "pred"), [
    ("MOZ", ("9028",), lambda r: r["buyer_country"] == "MOZ" and r["hs"].startswith("9028")),
    ("AGO", ("902820",), lambda r: r["buyer_country"] == "AGO" and r["hs"] == "902820"),
    ("MWI", ("90",), lambda r: r["buyer_country"] == "MWI" and r["hs"].startswith("90")),
    ("EGY", ("8481",), lambda r: r["buyer_country"] == "EGY" and r["hs"].startswith("8481")),
    ("EGY", (), lambda r: r["buyer_country"] == "EGY"),
])
def test_shares_against_recount(wh: Warehouse, country: str, products: tuple[str, ...], pred) -> None:  # type: ignore[no-untyped-def]
    ev = award_evidence(wh, AwardQuery(country=country, products=products))
    ref = _reference(pred)
    n = sum(v for k, v in ref.items() if k != "unknown")
    assert ev.available and ev.shares.n == n and ev.shares.unknown == ref["unknown"]
    assert n > 0
    for origin in ("domestic", "bloc", "chinese", "other"):
        got = ev.shares.get(origin)  # type: ignore[arg-type]
        assert (got.k, got.n) == (ref[origin], n)
        assert (got.low, got.high) == pytest.approx(wilson(ref[origin], n))
    rows = [r for r in fixture_rows() if pred(r)]
    assert ev.value_usd == pytest.approx(sum(r["amount_usd"] for r in rows), rel=1e-12)
    assert ev.contracts == len({r["contract_id"] for r in rows})
    assert sum(m.shares.n + m.shares.unknown for m in ev.by_method) == len(rows)
    for m in ev.by_method:
        mrows = [r for r in rows if r["method"] == m.method]
        assert m.value_usd == pytest.approx(sum(r["amount_usd"] for r in mrows), rel=1e-12)


def test_bloc_winner_is_counted(wh: Warehouse) -> None:
    """Malawi's meters won from South Africa (SADC) count as same-bloc, not as 'other'."""
    ev = award_evidence(wh, AwardQuery(country="MWI", products=("9028",)))
    zaf = [r for r in ev.rows if r.supplier_country == "ZAF"]
    assert zaf and all(r.origin == "bloc" and r.bloc in ("SADC", "AfCFTA") for r in zaf)
    assert ev.shares.bloc.k == len(zaf)


def test_filters_years_methods_and_products(wh: Warehouse) -> None:
    all_moz = award_evidence(wh, AwardQuery(country="MOZ", products=("9028",)))
    water = award_evidence(wh, AwardQuery(country="MOZ", products=("902820",)))
    recent = award_evidence(wh, AwardQuery(country="MOZ", products=("9028",), years=(2017, 2021)))
    rfb = award_evidence(wh, AwardQuery(country="MOZ", products=("9028",), methods=("rfb",)))
    assert {r.match_hs for r in water.rows} == {"902820"}
    assert {r.contract_id for r in water.rows} < {r.contract_id for r in all_moz.rows}
    assert all(r.fiscal_year is not None and 2017 <= r.fiscal_year <= 2021 for r in recent.rows)
    assert len(recent.rows) == sum(1 for r in all_moz.rows if (r.fiscal_year or 0) >= 2017)
    assert {r.method for r in rfb.rows} == {"rfb"} and len(rfb.rows) < len(all_moz.rows)
    # a contract matched to a broader code (9028) is found from a narrower request too
    broad = award_evidence(wh, AwardQuery(country="MOZ", products=("902830", "902820")))
    assert len(broad.rows) == len(all_moz.rows)
    # largest winners first, with their countries
    amounts = [w.amount_usd for w in all_moz.winners]
    assert amounts == sorted(amounts, reverse=True)
    assert all_moz.winners[0].supplier_country == "CHN"


def test_region_query(wh: Warehouse) -> None:
    ev = award_evidence(wh, AwardQuery(region="AFE", products=("902820",)))
    rows = [r for r in fixture_rows() if r["region"] == "AFE" and r["hs"] == "902820"]
    assert len(ev.rows) == len(rows) > 5


def test_no_award_tables(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "empty").create()
    assert not has_awards(wh)
    ev = award_evidence(wh, AwardQuery(country="MOZ", products=("9028",)))
    assert not ev.available and ev.rows == () and ev.shares.n == 0 and ev.shares.domestic.share is None
