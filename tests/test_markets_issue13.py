# ruff: noqa: F811  (pytest fixtures imported from test_web_helpers)
"""Issue 13, the market finder's wrong figures: the exporter counted against itself in the
concentration screen, growth from a tiny base ranked as a strength, areas ranked as
markets, and filters that match nothing in the warehouse returning nothing silently.

Each reference figure is recomputed here from the rows the test writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.data.codes import AREAS
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError, NotFoundError
from chuhai.markets import Filters, ScanParams, Weights, scan
from chuhai.markets import screens as S
from chuhai.messages import render
from test_markets_support import build, world
from test_web_helpers import Client, assert_error_shape, client, web_home  # noqa: F401

K, E = "902820", "CHN"


def _hhi(values: list[float]) -> float:
    """Normalised HHI by hand: (Σ s² − 1/N)/(1 − 1/N), 1 for one supplier."""
    n, total = len(values), sum(values)
    if n == 1:
        return 1.0
    return (sum((v / total) ** 2 for v in values) - 1 / n) / (1 - 1 / n)


def _flow(year: int, exporter: str, importer: str, value: float, hs6: str = K) -> dict[str, Any]:
    return dict(year=year, exporter=exporter, importer=importer, hs6=hs6, hs_revision="HS17",
                value_usd=value, quantity_t=1.0)


# --- 1. the exporter is not its own rival ------------------------------------------------

@pytest.fixture(scope="module")
def conc(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    rows = [_flow(2023, "CHN", "MNG", 4e6),                        # CHN alone (the Mongolia case)
            _flow(2023, "CHN", "DEU", 1.6e7), _flow(2023, "KAZ", "DEU", 1e6),
            _flow(2023, "RUS", "DEU", 6e5), _flow(2023, "VNM", "DEU", 4e5),
            _flow(2023, "KAZ", "KGZ", 9e5), _flow(2023, "RUS", "KGZ", 1e5),  # CHN absent
            _flow(2023, "CHN", "RUS", 5e5), _flow(2023, "KAZ", "RUS", 5e5)]  # one rival
    return build(tmp_path_factory.mktemp("conc"), trade=rows)


def _screen(m: Any, name: str) -> Any:
    return next(s for s in m.screens if s.name == name)


def test_a_market_the_exporter_alone_supplies_is_not_dominated(conc: Warehouse) -> None:
    mng = next(m for m in scan(conc, product=K, exporter=E).markets if m.importer == "MNG")
    s = _screen(mng, "concentration")
    assert mng.hhi == 1.0 and mng.rivals_hhi is None  # `hhi` keeps its meaning
    assert s.passed and s.status == "pass"
    assert render(s.reason) == "No rival supplier: CHN is the only supplier of MNG in the window."
    assert "CHN, holds 100" not in render(mng.explanation)


def test_concentration_is_over_the_rivals_and_names_the_largest_rival(conc: Warehouse) -> None:
    by = {m.importer: m for m in scan(conc, product=K, exporter=E).markets}
    deu, kgz, rus = by["DEU"], by["KGZ"], by["RUS"]
    assert deu.hhi == pytest.approx(_hhi([1.6e7, 1e6, 6e5, 4e5]), rel=1e-12)  # 0.73
    assert deu.hhi > ScanParams().max_hhi  # CHN's own 89 % would have failed the screen
    assert deu.rivals_hhi == pytest.approx(_hhi([1e6, 6e5, 4e5]), rel=1e-12)  # 0.07
    s = _screen(deu, "concentration")
    assert s.passed and s.status == "pass"
    assert render(s.reason) == (
        "Normalised HHI of CHN's rivals 0.07 (cut-off 0.60; CHN itself, with 89 %, left out) — "
        "open to new suppliers; the largest rival, KAZ, holds 6 %.")
    # tightened cut-off: the rivals' figure decides, not the all-supplier one
    tight = scan(conc, product=K, exporter=E, params=ScanParams(max_hhi=0.2)).markets
    assert _screen(next(m for m in tight if m.importer == "DEU"), "concentration").passed
    # CHN absent: rivals are every supplier, today's sentence and figure
    assert kgz.rivals_hhi == pytest.approx(kgz.hhi, rel=1e-12)
    assert render(_screen(kgz, "concentration").reason) == (
        f"Normalised HHI {_hhi([9e5, 1e5]):.2f} (cut-off 0.60) — dominated by few suppliers; "
        "the largest supplier, KAZ, holds 90 %.")
    # one rival: a single supplier to compete with is HHI* 1
    r = _screen(rus, "concentration")
    assert rus.rivals_hhi == 1.0 and not r.passed
    assert "dominated by few rival suppliers; the largest rival, KAZ, holds 50 %" in render(r.reason)


def test_screen_uses_rivals_hhi_not_hhi() -> None:
    from test_markets_messages import _inputs

    s = S.concentration(_inputs(hhi=0.9, rivals_hhi=0.2, exporter_share=0.7,
                                lead=("DEU", 0.1)), ScanParams())
    assert s.passed and s.reason.code == "markets.screen.concentration.pass_rivals"
    s = S.concentration(_inputs(hhi=0.1, rivals_hhi=0.7, exporter_share=0.7,
                                lead=("DEU", 0.25)), ScanParams())
    assert not s.passed and s.reason.params["hhi"] == 0.7


# --- 2. growth from a tiny base ----------------------------------------------------------

@pytest.fixture(scope="module")
def growth(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    rows = []
    for y, zaf, moz, kgz in ((2021, 120.0, 1e6, 1e6), (2022, 5e4, 1e6, 1.1e6),
                             (2023, 6.4e6, 1e6, 1.2e6)):
        rows += [_flow(y, "DEU", "ZAF", zaf), _flow(y, "DEU", "MOZ", moz),
                 _flow(y, "DEU", "KGZ", kgz), _flow(y, "CHN", "KGZ", 1e5)]
    return build(tmp_path_factory.mktemp("growth"), trade=rows)


def test_growth_from_a_tiny_base_is_flagged_and_not_a_strength(growth: Warehouse) -> None:
    w = Weights.parse("growth=1,untapped=0,benchmark=0,size=0,access=0,risk=0,localisation=0,"
                      "screens=0")
    res = scan(growth, product=K, exporter=E, weights=w)
    by = {m.importer: m for m in res.markets}
    zaf, kgz = by["ZAF"], by["KGZ"]
    # short-run CAGR 2021 → 2023 from US$120: (6.4e6 / 120) ** (1/2) − 1 ≈ +23 000 %/yr
    assert zaf.imports_cagr_short == pytest.approx((6.4e6 / 120) ** 0.5 - 1, rel=1e-12)
    avg = (120 + 5e4 + 6.4e6) / 3
    floor = max(ScanParams().growth_base_usd, ScanParams().growth_base_share * avg)
    assert zaf.growth_base_usd == 120.0 and 120.0 < floor and zaf.growth_tiny_base
    assert not kgz.growth_tiny_base and kgz.growth_base_usd == pytest.approx(1.1e6)
    assert zaf.components.growth is None  # missing: counts 0.5, neither strength nor weakness
    assert kgz.components.growth is not None
    assert res.markets[0].importer == "KGZ"  # the only real growth ranks first
    text = render(zaf.explanation)
    assert "strongest on import growth" not in text
    assert (f"import growth (+{zaf.imports_cagr_short * 100:.1f} %/yr) not counted: its base "
            f"year's imports, US$120, are below the US${floor:,.0f} floor") in text
    imp = _screen(zaf, "imports")
    assert "from a base of US$120 (below the" in render(imp.reason)
    # an explicit floor of 0 ranks it again, as before
    off = scan(growth, product=K, exporter=E, weights=w,
               params=ScanParams(growth_base_usd=0.0, growth_base_share=0.0))
    assert off.markets[0].importer == "ZAF" and not off.markets[0].growth_tiny_base


# --- 3. areas are not markets ------------------------------------------------------------

@pytest.fixture(scope="module")
def areas(tmp_path_factory: pytest.TempPathFactory) -> tuple[Warehouse, list[dict[str, Any]]]:
    data = world(seed=3)
    extra = [_flow(y, "DEU", a, 2e6) for y in (2019, 2020, 2021, 2022, 2023)
             for a in ("S19", "X2", "_X")]
    extra += [_flow(y, "S19", "VNM", 3e6) for y in (2019, 2020, 2021, 2022, 2023)]
    data["trade"] += extra
    return build(tmp_path_factory.mktemp("areas"), **data), data["trade"]


def test_areas_are_not_ranked_but_count_in_world_totals(
        areas: tuple[Warehouse, list[dict[str, Any]]]) -> None:
    wh, trade = areas
    assert {"S19", "X2", "_X"} <= set(AREAS)
    res = scan(wh, product=K, exporter=E, years=(2019, 2023))
    ranked = {m.importer for m in res.markets}
    assert not ranked & set(AREAS) and len(ranked) == res.markets_scanned == 9
    world_total = sum(f["value_usd"] for f in trade if f["hs6"] == K) / 5
    vnm = next(m for m in res.markets if m.importer == "VNM")
    assert vnm.world_share == pytest.approx(vnm.imports_usd / world_total, rel=1e-12)
    # an area still supplies markets: S19 is VNM's rival
    assert any(s.exporter == "S19" for s in vnm.top_suppliers) or vnm.suppliers > 5
    w = [render(x) for x in res.warnings]
    assert ("S19 (Other Asia, nes), X2 (Free Zones), _X (Areas, nes) are areas, not countries: "
            "their flows count in world totals and among suppliers, but they are not ranked as "
            "markets") in w


# --- 4. unknown filter values are errors ------------------------------------------------

@pytest.fixture(scope="module")
def filt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = world(seed=4)
    data["agreements"].append(dict(agreement_id="EMPTY", name="No members", type="FTA",
                                   in_force=None))
    path = tmp_path_factory.mktemp("filters")
    build(path, **data)
    return path


@pytest.mark.parametrize(("filters", "field", "listed"), [
    (Filters(agreements=("BRI",)), "filters.agreements", "ACFTA, EAEU, EMPTY"),
    (Filters(regions=("Atlantis",)), "filters.regions", "EAP, ECA, NA, SSA"),
    (Filters(income_groups=("XL",)), "filters.income_groups", "UM"),
])
def test_unknown_filter_value_is_an_error_listing_the_valid_ones(
        filt: Path, filters: Filters, field: str, listed: str) -> None:
    with pytest.raises(NotFoundError) as err:
        scan(Warehouse(filt), product=K, exporter=E, filters=filters)
    assert err.value.context["field"] == field and f"the warehouse holds: {listed}" in str(err.value)


def test_known_filter_values_in_any_case_and_an_empty_agreement_are_fine(filt: Path) -> None:
    res = scan(Warehouse(filt), product=K, exporter=E, filters=Filters(agreements=("eaeu",)))
    assert {m.importer for m in res.markets} == {"KAZ", "KGZ", "RUS"}
    assert scan(Warehouse(filt), product=K, exporter=E,
                filters=Filters(agreements=("EMPTY",))).markets == ()


def test_cli_unknown_agreement_fails(filt: Path) -> None:
    r = CliRunner().invoke(app, ["markets", "--product", K, "--exporter", E, "--agreement",
                                 "BRI", "--warehouse", str(filt), "--json"])
    assert r.exit_code != 0 and isinstance(r.exception, NotFoundError)  # cli.main prints it, exit 1
    assert "'BRI'" in str(r.exception) and "ACFTA, EAEU, EMPTY" in str(r.exception)
    ok = CliRunner().invoke(app, ["markets", "--product", K, "--exporter", E, "--agreement",
                                  "EMPTY", "--warehouse", str(filt), "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["markets"] == []


# --- 5. --hs-revision: one revision for the whole window --------------------------------

HS92_YEARS, HS17_YEARS = (2019, 2020), (2021, 2022, 2023)
HS92_FLOWS = {"010111": 4e5, "010120": 3e5, "848180": 2e5}  # per (exporter, importer, year)
HS17_FLOWS = {"010121": 5e5, "010129": 1e5, "010130": 2e5, "010190": 7e4, "848180": 2.5e5}
TRADERS = ("CHN", "DEU", "KAZ", "VNM")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    rows = []
    for k, (e, i) in enumerate((e, i) for e in TRADERS for i in TRADERS if e != i):
        for years, flows, rev in ((HS92_YEARS, HS92_FLOWS, "HS92"), (HS17_YEARS, HS17_FLOWS, "HS17")):
            for y in years:
                for h, v in flows.items():
                    rows.append(dict(year=y, exporter=e, importer=i, hs6=h, hs_revision=rev,
                                     value_usd=v * (1 + 0.1 * k) * (1 + 0.05 * (y - 2019)),
                                     quantity_t=10.0))
    return build(tmp_path_factory.mktemp("mixed"), trade=rows)


def _world_by_hand(rows: list[dict[str, Any]]) -> float:
    """World imports of HS2017 010121 per year, HS1992 flows split by hand (UNSD links:
    010111 → 010121, 010130; 010120 → 010121, 010129, 010130, 010190) with the HS2017
    world trade of the targets in the window as weights."""
    w = {h: sum(r["value_usd"] for r in rows if r["hs6"] == h and r["hs_revision"] == "HS17")
         for h in ("010121", "010129", "010130", "010190")}
    share = {"010111": w["010121"] / (w["010121"] + w["010130"]),
             "010120": w["010121"] / sum(w.values())}
    total = 0.0
    for r in rows:
        if r["hs_revision"] == "HS17" and r["hs6"] == "010121":
            total += r["value_usd"]
        elif r["hs_revision"] == "HS92" and r["hs6"] in share:
            total += r["value_usd"] * share[r["hs6"]]
    return total / 5


def test_mixed_window_is_converted_to_the_newest_revision(mixed: Warehouse) -> None:
    with mixed.connect() as con:
        cols = [d[0] for d in con.execute("SELECT * FROM trade LIMIT 0").description]
        rows = [dict(zip(cols, r, strict=True)) for r in con.execute("SELECT * FROM trade").fetchall()]
    for r in rows:
        r["value_usd"] = float(r["value_usd"])
    res = scan(mixed, product="010121", exporter="CHN", years=(2019, 2023))
    assert res.years == (2019, 2020, 2021, 2022, 2023) and res.hs6 == ("010121",)
    m = res.markets[0]
    assert m.world_share is not None
    assert m.imports_usd / m.world_share == pytest.approx(_world_by_hand(rows), rel=1e-9)
    texts = [render(w) for w in res.warnings]
    assert not any("without a concordance" in t for t in texts)
    assert any(t.startswith("flows of 2019 HS92, 2020 HS92 converted to HS17") for t in texts)
    c = res.concordance
    assert c is not None and c.from_revisions == ("HS92",) and c.to_revision == "HS17"
    assert set(c.codes_split) == {"010111", "010120"} and c.share_split == 1.0
    d = res.to_dict()
    assert d["concordance"]["codes_split"] == ["010111", "010120"]
    # a code that is 1:1 in both: the world total is the stored one, year by year
    valves = scan(mixed, product="848180", exporter="CHN", years=(2019, 2023))
    stored = sum(r["value_usd"] for r in rows if r["hs6"] == "848180") / 5
    v = valves.markets[0]
    assert v.imports_usd / (v.world_share or 1) == pytest.approx(stored, rel=1e-12)
    assert valves.concordance is not None and valves.concordance.share_split == 0.0


def test_single_revision_window_is_not_converted_unless_asked(mixed: Warehouse) -> None:
    res = scan(mixed, product="848180", exporter="CHN", years=(2021, 2023))
    assert res.concordance is None and res.to_dict()["concordance"] is None
    asked = scan(mixed, product="848180", exporter="CHN", years=(2021, 2023), hs_revision="HS22")
    assert asked.concordance is not None and asked.concordance.to_revision == "HS22"
    assert [m.imports_usd for m in asked.markets] == pytest.approx(
        [m.imports_usd for m in res.markets], rel=1e-12)  # 848180 is 1:1 HS2017 → HS2022
    with pytest.raises(InputError) as err:
        scan(mixed, product="848180", exporter="CHN", hs_revision="HS99")
    assert err.value.field == "hs_revision"


def test_web_scan_takes_hs_revision_and_refuses_unknown_filters(client: Client) -> None:
    scan_url = "/api/v1/markets?product=902820&exporter=CHN"
    plain = client.get(scan_url).json()
    assert plain["concordance"] is None  # the small warehouse is HS17 only
    asked = client.get(scan_url + "&hs_revision=HS22")
    assert asked.status_code == 200, asked.text
    assert asked.json()["concordance"]["to_revision"] == "HS22"
    assert [m["imports_usd"] for m in asked.json()["markets"]] == pytest.approx(
        [m["imports_usd"] for m in plain["markets"]], rel=1e-12)  # 902820 is 1:1 HS17 → HS22
    assert_error_shape(client.get(scan_url + "&hs_revision=HS99"), 422, "invalid_request")
    bad = client.get(scan_url + "&agreement=BRI")
    assert_error_shape(bad, 404, "not_found")
    assert bad.json()["context"]["field"] == "filters.agreements"
