"""The packaged real tables are what chuhai's importers read from the shared World Bank and
UNSD files (re-derived here), with provenance that names those files."""

from __future__ import annotations

import hashlib
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from chuhai.data.reference.real import real_income_groups, real_indicators, real_tables
from chuhai.data.sources import wdi, wgi


def test_provenance_names_the_inputs_and_the_licence(shared_data: Path) -> None:
    meta = real_tables()
    assert meta.licence == "CC BY 4.0" and "World Bank" in meta.attribution
    for rel, sha in meta.inputs:
        assert hashlib.sha256((shared_data / rel).read_bytes()).hexdigest() == sha, rel
    links = tomllib.loads(files("chuhai.data.reference").joinpath("hs_links.toml").read_text())
    assert "United Nations Statistics Division" in links["attribution"]
    assert len(links["workbooks"]) == 21
    for wb in links["workbooks"]:
        path = shared_data / "hs-concordance" / wb["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == wb["sha256"], wb["file"]


@pytest.mark.parametrize(("rel", "name"), [
    ("wdi-wbdata-2025/population_growth.csv", "population_growth"),
    ("wdi-datahub-population/population.csv", "population"),
    ("wdi-wbdata-2025/gdp_per_capita.csv", "gdp_per_capita_usd"),
])
def test_indicators_equal_the_importers_reading(shared_data: Path, rel: str, name: str) -> None:
    years = real_tables().years
    ref = {(r["iso3"], r["year"]): r["value"] for r in wdi.parse(shared_data / rel).rows
           if r["year"] in years}
    t = real_indicators(years).to_pylist()
    got = {(r["iso3"], r["year"]): r["value"] for r in t if r["indicator"] == name}
    assert got == ref and len(got) > 900


def test_wgi_and_income_groups(shared_data: Path) -> None:
    years = real_tables().years
    rows, _ = wgi.parse(shared_data / "wgi" / "wgidataset.csv")
    ref = {(r["iso3"], r["year"], r["indicator"]): r["value"] for r in rows if r["year"] in years}
    got = {(r["iso3"], r["year"], r["indicator"]): r["value"] for r in real_indicators().to_pylist()
           if r["source"] == "wgi"}
    assert got == ref
    inc = real_income_groups().to_pylist()
    fy = {r["year"] for r in inc}
    assert fy == set(real_tables().fiscal_years) == set(range(2019, 2026))
    assert {r["income_group"] for r in inc} == {"L", "LM", "UM", "H"}
