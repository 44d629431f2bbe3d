"""Property tests (Hypothesis): shares sum to 1, HHI in [0, 1], potential ≥ 0, and more
tariff or more distance never raises the potential in that market."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chuhai.markets import ScanParams, scan
from chuhai.markets.ranking import percentile_ranks
from test_markets_support import COUNTRIES, build

C = COUNTRIES[:6]
K = "902820"
FAST = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def worlds(draw: Any) -> dict[str, Any]:
    """A random small world: flows, tariffs (some unknown), distances, a customs union."""
    flows = draw(st.lists(st.tuples(st.sampled_from(C), st.sampled_from(C),
                                    st.sampled_from((K, "848180")), st.sampled_from((2022, 2023)),
                                    st.floats(1e3, 1e7)), min_size=8, max_size=40))
    trade = [dict(year=y, exporter=e, importer=i, hs6=h, hs_revision="HS17", value_usd=v,
                  quantity_t=v / 1e4) for e, i, h, y, v in flows if e != i]
    trade.append(dict(year=2023, exporter="CHN", importer="DEU", hs6=K, hs_revision="HS17",
                      value_usd=1e5, quantity_t=10.0))
    rates = draw(st.lists(st.floats(0, 0.4), min_size=len(C), max_size=len(C)))
    tariffs = [dict(importer=c, partner="MFN", hs6=K, year=2023, rate=r, non_ad_valorem=False)
               for c, r in zip(C, rates, strict=True) if r < 0.35]
    dists = draw(st.lists(st.floats(300, 15000), min_size=30, max_size=30))
    pairs = [(a, b) for a in C for b in C if a < b]
    distances = [dict(origin=a, destination=b, dist_km=d)
                 for (a, b), d in zip(pairs, dists, strict=False)]
    return dict(trade=trade, tariffs=tariffs, distances=distances,
                agreements=[dict(agreement_id="EAEU", name="EAEU", type="CU",
                                 in_force=dt.date(2015, 1, 1))],
                agreement_members=[dict(agreement_id="EAEU", iso3=c) for c in ("KAZ", "KGZ")])


def _scan(data: dict[str, Any], **kw: Any) -> Any:
    with tempfile.TemporaryDirectory() as tmp:
        wh = build(Path(tmp), **data)
        return scan(wh, product=K, exporter="CHN", params=ScanParams(top_suppliers=50), **kw)


@FAST
@given(worlds())
def test_shares_hhi_potential(data: dict[str, Any]) -> None:
    res = _scan(data)
    for m in res.markets:
        total = m.exporter_share + sum(s.share for s in m.top_suppliers)
        assert abs(total - 1.0) < 1e-9
        assert m.hhi is not None and 0.0 <= m.hhi <= 1.0
        assert m.potential_usd >= 0 and m.untapped_usd >= 0
        assert m.supply >= 0 and m.demand >= 0 and m.ease >= 0
        assert m.localisation_pressure is None or 0 <= m.localisation_pressure <= 1


@FAST
@given(worlds(), st.floats(0.001, 0.5), st.floats(1.01, 20.0))
def test_more_tariff_or_distance_never_raises_potential(
    data: dict[str, Any], extra: float, factor: float
) -> None:
    j = "DEU"
    tariffs = [t for t in data["tariffs"] if t["importer"] != j]
    tariffs.append(dict(importer=j, partner="MFN", hs6=K, year=2023, rate=0.05,
                        non_ad_valorem=False))
    with tempfile.TemporaryDirectory() as tmp:
        wh = build(Path(tmp), **dict(data, tariffs=tariffs))

        def market() -> Any:
            res = scan(wh, product=K, exporter="CHN")
            return next(m for m in res.markets if m.importer == j)

        def potential() -> float:
            return float(market().potential_usd)

        base_m = market()
        base = base_m.potential_usd
        with wh.connect(read_only=False) as con:
            con.execute("UPDATE tariffs SET rate = rate + ? WHERE importer = ?", [extra, j])
        assert market().tariff_exporter == pytest.approx(0.05 + extra)  # the change is seen
        assert potential() <= base * (1 + 1e-9) + 1e-9
        with wh.connect(read_only=False) as con:
            con.execute("UPDATE tariffs SET rate = rate - ? WHERE importer = ?", [extra, j])
            con.execute("UPDATE distances SET dist_km = dist_km * ? WHERE "
                        "(origin = 'CHN' AND destination = ?) OR (origin = ? AND "
                        "destination = 'CHN')", [factor, j, j])
        if base_m.distance_km is not None:
            assert market().distance_km == pytest.approx(base_m.distance_km * factor)
        assert potential() <= base * (1 + 1e-9) + 1e-9


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(-1e9, 1e9)), max_size=30))
def test_percentile_ranks(values: list[float | None]) -> None:
    out = percentile_ranks(values)
    assert [o is None for o in out] == [v is None for v in values]
    known = [(v, o) for v, o in zip(values, out, strict=True) if v is not None]
    for v, o in known:
        assert o is not None and 0.0 <= o <= 1.0
        for w, p in known:
            if v < w:
                assert o < p  # type: ignore[operator]
            if v == w:
                assert o == p
