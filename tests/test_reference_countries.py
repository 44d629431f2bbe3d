"""Country reference table and resolution of codes and names (pycountry + country_converter)."""

from __future__ import annotations

import csv
import math
import tomllib
from importlib import resources
from pathlib import Path

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chuhai.data.reference import country_table, get_country, list_countries, resolve_country
from chuhai.errors import NotFoundError


@pytest.mark.parametrize("text", ["吉尔吉斯斯坦", "吉尔吉斯坦", "吉尔吉斯共和国", "Kyrgyz Republic", "Kyrgyzstan",
                                  "kyrgyzstan", "KG", "kg", "KGZ", 417, "417", " Kyrgyzstan "])
def test_kyrgyzstan_every_way(text: str | int) -> None:
    assert resolve_country(text) == "KGZ"


@pytest.mark.parametrize(("text", "iso3"), [
    ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"),
    ("Congo, Dem. Rep.", "COD"), ("刚果（金）", "COD"), ("South Korea", "KOR"), ("韩国", "KOR"),
    ("大韩民国", "KOR"), ("Viet Nam", "VNM"), ("越南", "VNM"), ("Mozambique", "MOZ"), ("莫桑比克", "MOZ"),
    ("哈萨克斯坦", "KAZ"), ("Tanzania", "TZA"), ("Eswatini", "SWZ"), ("Swaziland", "SWZ"),
    ("柬埔寨", "KHM"), ("004", "AFG"), (4, "AFG"), ("NA", "NAM"), ("Namibia", "NAM"), ("UK", "GBR"),
])
def test_names_and_codes(text: str | int, iso3: str) -> None:
    assert resolve_country(text) == iso3


def test_unknown_country_suggests() -> None:
    with pytest.raises(NotFoundError) as err:
        resolve_country("Kirgizstan")
    assert "KGZ" in str(err.value)
    assert any("KGZ" in s for s in err.value.context["suggestions"])
    with pytest.raises(NotFoundError):
        resolve_country("")
    with pytest.raises(NotFoundError):
        resolve_country("XQZ")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(c.alpha_3 for c in pycountry.countries)))
def test_every_code_round_trips(iso3: str) -> None:
    c = get_country(iso3)
    assert c is not None
    assert resolve_country(c.iso2) == iso3
    assert resolve_country(c.iso_numeric) == iso3
    assert resolve_country(c.name_en) == iso3
    if c.name_zh:
        assert resolve_country(c.name_zh) == iso3


def test_table_rows() -> None:
    rows = country_table()
    assert len(rows) == len(pycountry.countries)
    kgz = get_country("KGZ")
    assert kgz is not None
    assert (kgz.iso_numeric, kgz.iso2, kgz.name_zh) == (417, "KG", "吉尔吉斯斯坦")
    assert kgz.region == "Europe & Central Asia" and kgz.income_group == "LM"
    assert kgz.capital == "Bishkek"
    # Bishkek is at about 42.87 N, 74.59 E (GeoNames); tolerance 0.1 degree
    assert kgz.lat is not None and kgz.lon is not None
    assert math.isclose(kgz.lat, 42.87, abs_tol=0.1) and math.isclose(kgz.lon, 74.59, abs_tol=0.1)
    with_capital = [c for c in rows if c.region and c.lat is not None]
    assert len(with_capital) >= 200


def test_worldbank_file_is_consistent() -> None:
    text = resources.files("chuhai.data.reference").joinpath("worldbank.toml").read_text("utf-8")
    data = tomllib.loads(text)
    region_of: dict[str, str] = {}
    for region, isos in data["regions"].items():
        for iso in isos:
            assert iso not in region_of, f"{iso} in two regions"
            assert get_country(iso) is not None, iso
            region_of[iso] = region
    grouped: set[str] = set()
    for group, isos in data["income"].items():
        assert group in {"L", "LM", "UM", "H"}
        for iso in isos:
            assert iso not in grouped, f"{iso} in two income groups"
            assert iso in region_of, f"{iso} has an income group but no region"
            grouped.add(iso)
    uncertain = set(data["uncertain"]["iso3"])
    assert not uncertain & grouped
    assert set(region_of) == grouped | uncertain  # every classified economy has a group or a reason
    assert len(data["income"]["L"]) == 26  # FY2025: 26 low-income economies


def test_list_filters() -> None:
    sas = list_countries(region="South Asia")
    assert {c.iso3 for c in sas} == {"AFG", "BGD", "BTN", "IND", "LKA", "MDV", "NPL", "PAK"}
    assert [c.iso3 for c in list_countries("吉尔吉斯")] == ["KGZ"]
    assert all(c.income_group == "L" for c in list_countries(income_group="L"))


@pytest.mark.shared
def test_worldbank_file_matches_the_bank_history(shared_data: Path) -> None:
    """Independent check of the hand-typed worldbank.toml: income groups against OGHIST's
    GNI-2023 column (= FY2025 list) and regions against CLASS, for every ISO economy."""
    folder = shared_data / "wb-income-groups"
    if not folder.is_dir():
        pytest.skip(f"{folder} not present")
    with open(folder / "OGHIST_clean.csv", encoding="utf-8-sig", newline="") as fh:
        hist = {r["Code"]: (r["2023"] if r["2023"] not in ("", "NaN") else None) for r in csv.DictReader(fh)}
    with open(folder / "countries.csv", encoding="utf-8-sig", newline="") as fh:
        regions = {r["Code"]: r["Region"] for r in csv.DictReader(fh) if r["Region"]}
    iso = {c.iso3 for c in country_table()}
    for code, group in hist.items():
        if code in iso:
            c = get_country(code)
            assert c is not None and c.income_group == group, (code, group)
    for code, region in regions.items():
        if code in iso:
            c = get_country(code)
            assert c is not None and c.region == region, (code, region)
