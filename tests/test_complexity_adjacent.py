"""Adjacent products over a warehouse, and the `chuhai products adjacent` command."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from ecomplexity import ecomplexity
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.errors import InputError, NotFoundError
from chuhai.markets.adjacent import adjacent_products
from chuhai.markets.adjacent_data import load_exports
from factories import make_warehouse

TOL = 1e-9  # absolute; see tests/test_complexity.py
EXPORTERS = ("AAA", "BRA", "CHN", "DEU", "EGY", "FRA", "GHA", "IND", "JPN", "KEN", "MOZ", "ZAF")
IMPORTERS = ("USA", "GBR", "KGZ")
PRODUCTS = tuple(f"{8400 + i // 10:04d}{i % 10:02d}" for i in range(40))


def trade_rows(seed: int = 11, years: tuple[int, ...] = (2020, 2021, 2022)) -> list[dict[str, Any]]:
    """Nested synthetic flows exporter → 3 importers, several years, seeded."""
    rng = np.random.default_rng(seed)
    cap, comp = rng.uniform(size=len(EXPORTERS)), rng.uniform(size=len(PRODUCTS))
    prob = 1 / (1 + np.exp(-5 * (cap[:, None] - comp[None, :])))
    rows = []
    for year in years:
        for i, exp in enumerate(EXPORTERS):
            for k, hs6 in enumerate(PRODUCTS):
                for imp in IMPORTERS:
                    if rng.uniform() < prob[i, k]:
                        rows.append({"year": year, "exporter": exp, "importer": imp, "hs6": hs6,
                                     "hs_revision": "HS17", "value_usd": float(rng.lognormal(10, 1)),
                                     "quantity_t": 1.0})
    return rows


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return trade_rows()


@pytest.fixture
def wh(tmp_path: Path, rows: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
    products = [{"hs6": p, "hs_revision": "HS17", "description": f"product {p}"} for p in PRODUCTS]
    return make_warehouse(tmp_path / "wh", trade=rows, products=products)


def package_for(rows: list[dict[str, Any]], years: tuple[int, ...]) -> pd.DataFrame:
    """py-ecomplexity on annual-average exports by exporter × hs6 (computed with pandas)."""
    df = pd.DataFrame(rows)
    df = df[df["year"].isin(years)]
    agg = df.groupby(["exporter", "hs6"], as_index=False)["value_usd"].sum()
    agg["value_usd"] /= len(years)
    agg["year"] = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ecomplexity(agg, {"time": "year", "loc": "exporter", "prod": "hs6", "val": "value_usd"},
                          check_logsupermodularity=False, verbose=False)
    return out.set_index(["exporter", "hs6"])


def test_adjacent_figures_equal_package(wh, rows) -> None:  # type: ignore[no-untyped-def]
    res = adjacent_products(wh, exporter="moz", top=100)
    ref = package_for(rows, (2020, 2021, 2022)).loc["MOZ"]
    assert res.exporter == "MOZ" and res.years == (2020, 2021, 2022) and res.hs_revision == "HS17"
    assert res.products, "MOZ should have candidates"
    assert res.eci == pytest.approx(ref["eci"].iloc[0], abs=TOL)
    assert res.coi == pytest.approx(ref["coi"].iloc[0], abs=TOL)
    assert res.diversity == int(ref["diversity"].iloc[0])
    candidates = set(ref.index[ref["mcp"] == 0])
    assert {p.hs6 for p in res.products} == candidates  # top=100 > number of candidates
    for p in res.products:
        row = ref.loc[p.hs6]
        assert p.density == pytest.approx(row["density"], abs=TOL)
        assert p.cog == pytest.approx(row["cog"], abs=TOL)
        assert p.pci == pytest.approx(row["pci"], abs=TOL)
        assert p.rca == pytest.approx(row["rca"], abs=TOL)
        assert p.rca < 1 and p.distance == pytest.approx(1 - p.density)
        assert p.description == f"product {p.hs6}"
        assert str(p.explanation).endswith(".") and "density" in str(p.explanation)
        for n in p.neighbours:  # neighbours are products MOZ holds (RCA ≥ 1)
            assert ref.loc[n.hs6, "mcp"] == 1 and n.rca >= 1


def test_ranking_is_sorted_and_top_limits(wh) -> None:  # type: ignore[no-untyped-def]
    res = adjacent_products(wh, exporter="MOZ", top=5)
    assert [p.rank for p in res.products] == [1, 2, 3, 4, 5]
    scores = [p.score for p in res.products]
    assert scores == sorted(scores, reverse=True)
    by_density = adjacent_products(wh, exporter="MOZ", top=5, rank_by="density")
    dens = [p.density for p in by_density.products]
    assert dens == sorted(dens, reverse=True) and by_density.products[0].score == dens[0]


def test_window_and_missing_years(wh, rows) -> None:  # type: ignore[no-untyped-def]
    res = adjacent_products(wh, exporter="MOZ", years=(2021, 2024), top=100)
    assert res.years == (2021, 2022)
    assert any("2023, 2024" in str(n) for n in res.notes)
    ref = package_for(rows, (2021, 2022)).loc["MOZ"]
    first = res.products[0]
    assert first.density == pytest.approx(ref.loc[first.hs6, "density"], abs=TOL)
    # exports are annual averages over the years held in the window
    want = sum(r["value_usd"] for r in rows if r["exporter"] == "MOZ" and r["hs6"] == first.hs6
               and r["year"] in (2021, 2022)) / 2
    assert first.exports_usd == pytest.approx(want, rel=1e-12)
    assert any("only 12 countries" in str(n) for n in res.notes)


def test_errors_are_chuhai_errors(wh) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError, match="XYZ has no exports"):
        adjacent_products(wh, exporter="XYZ")
    with pytest.raises(NotFoundError, match="no trade data for 1990-1991"):
        adjacent_products(wh, exporter="MOZ", years=(1990, 1991))
    with pytest.raises(InputError, match="rank_by"):
        adjacent_products(wh, exporter="MOZ", rank_by="magic")


def test_newest_revision_per_year(tmp_path: Path) -> None:
    rows = trade_rows(3, years=(2021,))
    dup = [dict(r, hs_revision="HS12", value_usd=r["value_usd"] * 7) for r in rows]
    wh = make_warehouse(tmp_path / "rev", trade=rows + dup)
    win = load_exports(wh)
    assert win.hs_revision == "HS17"
    total = sum(r["value_usd"] for r in rows)
    assert win.values.sum() == pytest.approx(total, rel=1e-12)  # HS12 duplicate not counted
    assert any("several HS revisions" in str(n) for n in win.notes)


def test_single_exporter_warehouse(tmp_path: Path) -> None:
    rows = [r for r in trade_rows(5, years=(2022,)) if r["exporter"] == "ZAF"]
    wh = make_warehouse(tmp_path / "one", trade=rows)
    res = adjacent_products(wh, exporter="ZAF")
    assert res.countries == 1 and res.eci_rank is None and res.products == ()
    assert any("undefined" in str(n) for n in res.notes)
    out = res.to_dict()
    assert out["eci"] is None and out["coi"] is None
    json.dumps(out, allow_nan=False)


def test_cli_json_contract(wh) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    res = runner.invoke(app, ["products", "adjacent", "--exporter", "MOZ", "--years", "2020-2022",
                              "--top", "3", "--warehouse", str(wh.home), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["demo"] is False and out["exporter"] == "MOZ" and out["years"] == [2020, 2021, 2022]
    assert len(out["products"]) == 3
    first = out["products"][0]
    for key in ("hs6", "description", "rank", "score", "density", "distance", "pci", "cog", "rca",
                "exports_usd", "world_exports_usd", "ubiquity", "neighbours", "explanation"):
        assert key in first
    assert set(first["neighbours"][0]) == {"hs6", "proximity", "rca"}
    assert set(out["weights"]) >= {"density", "cog", "pci", "confidence"}


def test_cli_table_and_demo_banner(tmp_path: Path, rows) -> None:  # type: ignore[no-untyped-def]
    wh = make_warehouse(tmp_path / "demo", trade=rows, demo=True)
    res = CliRunner().invoke(app, ["products", "adjacent", "-e", "MOZ", "-w", str(wh.home), "--top", "4"])
    assert res.exit_code == 0, res.output
    assert "DEMO DATA" in res.output and "Adjacent products for MOZ" in res.output
    js = CliRunner().invoke(app, ["products", "adjacent", "-e", "MOZ", "-w", str(wh.home), "--json"])
    assert json.loads(js.stdout)["demo"] is True


def test_cli_bad_years(wh) -> None:  # type: ignore[no-untyped-def]
    res = CliRunner().invoke(app, ["products", "adjacent", "-e", "MOZ", "-w", str(wh.home),
                                   "--years", "20x1"])
    assert isinstance(res.exception, InputError) and "--years" in str(res.exception)
