"""World Bank WDI importer: real samples (recomputed independently with csv) and bad input."""

from __future__ import annotations

import csv
import hashlib
import json
import math
from pathlib import Path

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chuhai.data.importer import detect_source, import_paths
from chuhai.data.sources import wdi
from chuhai.data.sources._wdi_layouts import indicator_from_name
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError


def _digest(home: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in home.iterdir() if p.is_file()}


def _is_country(code: str) -> bool:
    return code == "XKX" or pycountry.countries.get(alpha_3=code) is not None


def _indicator(wh: Warehouse, name: str, source: str = "wdi") -> dict[tuple[str, int], float]:
    with wh.connect() as con:
        rows = con.execute("SELECT iso3, year, value FROM indicators WHERE indicator = ? AND source = ?",
                           [name, source]).fetchall()
    return {(r[0], r[1]): r[2] for r in rows}


def test_datahub_gdp_long_layout(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "wdi-datahub-gdp" / "gdp.csv"
    assert detect_source(path) == "wdi"
    wh = Warehouse(tmp_path / "wh")
    (out,) = import_paths(wh, [path])
    # independent reference: every row whose code is a current ISO3 country
    with open(path, encoding="utf-8-sig", newline="") as fh:
        ref = {(r["Country Code"], int(r["Year"])): float(r["Value"])
               for r in csv.DictReader(fh) if _is_country(r["Country Code"]) and r["Value"]}
    got = _indicator(wh, "gdp_usd")
    assert out.rows == len(ref) == len(got)
    assert got.keys() == ref.keys()
    # sums of ~1e16 USD compared at 1e-12 relative (float summation order only)
    assert math.isclose(sum(got.values()), sum(ref.values()), rel_tol=1e-12)
    assert ("WLD", 2020) not in got and ("CHN", 2020) in got
    with wh.connect() as con:
        assert con.execute("SELECT scope FROM provenance WHERE source <> 'reference'").fetchone() == ("wdi/gdp_usd",)


def test_name_only_growth_file_resolves_names_and_makes_fractions(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "wdi-wbdata-2025" / "gdp_growth.csv"
    parsed = wdi.parse(path)
    got = {(r["iso3"], r["year"]): r["value"] for r in parsed.rows}
    # the same WB names carry their codes in the datahub file: every resolution must agree
    with open(shared_data / "wdi-datahub-gdp" / "gdp.csv", encoding="utf-8-sig", newline="") as fh:
        code_of = {r["Country Name"]: r["Country Code"] for r in csv.DictReader(fh)}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        src = list(csv.DictReader(fh))
    checked = 0
    for r in src:
        code = code_of.get(r["country"])
        if code and _is_country(code) and r["gdp_growth"]:
            assert got[(code, int(r["date"][:4]))] == pytest.approx(float(r["gdp_growth"]) / 100, rel=1e-12)
            checked += 1
    assert checked > 9000
    assert len(got) == sum(1 for r in src if r["gdp_growth"] and wdi_country(r["country"]))
    # SOURCE.md spot checks: China 5.25 %, Viet Nam 5.05 %, Kazakhstan 5.10 %, Nigeria 2.86 % (2023)
    for iso, pct in (("CHN", 5.25), ("VNM", 5.05), ("KAZ", 5.10), ("NGA", 2.86)):
        assert got[(iso, 2023)] == pytest.approx(pct / 100, abs=5e-5)  # rounding of the 2-dp figure
    world = sum(1 for r in src if r["country"] == "World" and r["gdp_growth"])
    assert f"WLD ({world})" in parsed.skipped and "CHI (" in parsed.skipped


def wdi_country(name: str) -> bool:
    from chuhai.data.sources._country_codes import aggregate_code

    return aggregate_code(name) is None


def test_code_named_columns_and_snapshot(shared_data: Path, tmp_path: Path) -> None:
    pip = shared_data / "wdi-pip" / "wdi.csv"
    parsed = wdi.parse(pip)
    with open(pip, encoding="utf-8", newline="") as fh:
        ref = [r for r in csv.DictReader(fh) if _is_country(r["country_code"]) and r["NY.GDP.PCAP.KD"] != "NA"]
    assert len(parsed.rows) == len(ref)
    assert {r["indicator"] for r in parsed.rows} == {"gdp_per_capita_usd"}  # NE.CON.* ignored
    snap = wdi.parse(shared_data / "wdi-one" / "SP.POP.TOTL.csv")
    assert snap.scope == "wdi/population/mrv"
    usa = [r for r in snap.rows if r["iso3"] == "USA"]
    assert len(usa) == 1 and usa[0]["year"] == 2020


def test_classification_files(shared_data: Path, tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    path = shared_data / "wb-income-groups" / "countries.csv"
    import_paths(wh, [path], release="FY2024")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        ref = {r["Code"]: r for r in csv.DictReader(fh) if r["Code"] and _is_country(r["Code"])}
    with wh.connect() as con:
        rows = {r[0]: r[1:] for r in con.execute(
            "SELECT iso3, year, region, income_group FROM country_classes").fetchall()}
    assert rows.keys() == ref.keys()
    assert rows["BGR"] == (2024, "Europe & Central Asia", "UM")
    assert rows["VEN"][2] is None  # unclassified, not guessed
    hist = wdi.parse(shared_data / "wb-income-groups" / "OGHIST_clean.csv")
    by = {(r["iso3"], r["year"]): r["income_group"] for r in hist.rows}
    # column 2023 (GNI year) is FY2025: Bulgaria and Russia high income, Algeria upper middle
    assert by[("BGR", 2025)] == "H" and by[("RUS", 2025)] == "H" and by[("DZA", 2025)] == "UM"


def _api_json(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps([{"page": 1, "pages": 1, "per_page": 50, "total": len(records)}, records]))
    return path


def _rec(iso: str, year: str, value: float | None, code: str = "SP.POP.GROW") -> dict[str, object]:
    return {"indicator": {"id": code, "value": "x"}, "country": {"id": iso[:2], "value": iso},
            "countryiso3code": iso, "date": year, "value": value}


def test_api_json_and_percent(tmp_path: Path) -> None:
    path = _api_json(tmp_path / "pop.json", [_rec("KGZ", "2022", 1.8), _rec("WLD", "2022", 0.9),
                                             _rec("KAZ", "2022", None)])
    assert detect_source(path) == "wdi"
    parsed = wdi.parse(path)
    assert parsed.rows == ({"iso3": "KGZ", "year": 2022, "indicator": "population_growth",
                            "value": pytest.approx(0.018), "source": "wdi"},)
    assert "WLD (1)" in parsed.skipped


def test_wide_bulk_csv_with_metadata_rows(tmp_path: Path) -> None:
    path = tmp_path / "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_1.csv"
    path.write_text(
        '\ufeff"Data Source","World Development Indicators",\n\n"Last Updated Date","2025-01-28",\n\n'
        '"Country Name","Country Code","Indicator Name","Indicator Code","2021","2022",\n'
        '"Kenya","KEN","GDP (current US$)","NY.GDP.MKTP.CD","110347000000","113420000000",\n'
        '"World","WLD","GDP (current US$)","NY.GDP.MKTP.CD","97000000000000","",\n', encoding="utf-8")
    assert detect_source(path) == "wdi"
    parsed = wdi.parse(path)
    assert [(r["iso3"], r["year"], r["value"]) for r in parsed.rows] == [
        ("KEN", 2021, 110347000000.0), ("KEN", 2022, 113420000000.0)]


@pytest.mark.parametrize(("text", "line", "field", "match"), [
    ("country,date,gdp_growth\nAtlantis,2020-01-01,1.5\n", 2, "country", "Atlantis"),
    ("Country Name,Country Code,Year,Value\nKenya,KEN,2020,abc\n", 2, "Value", "not a number"),
    ("Country Name,Country Code,Year,Value\nKenya,QQQ,2020,1\n", 2, "Country Code", "unknown country code"),
    ("Country Name,Country Code,Year,Value\nKenya,KEN,2020,1\nKenya,KEN,2020,2\n", 3, None, "duplicate"),
    ("Country Name,Country Code,Value\nKenya,KEN,1\n", 1, "Year", "no year column"),
])
def test_bad_input_names_file_line_field(tmp_path: Path, text: str, line: int, field: str | None,
                                         match: str) -> None:
    path = tmp_path / "gdp_growth.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=match) as err:
        wdi.parse(path)
    assert err.value.file == str(path) and err.value.line == line
    if field is not None:
        assert err.value.field == field


def test_missing_indicator_is_an_error_unless_given(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("Country Name,Country Code,Year,Value\nKenya,KEN,2020,5\n")
    with pytest.raises(InputError, match="which WDI indicator"):
        wdi.parse(path)
    rows = wdi.parse(path, indicator="NY.GDP.MKTP.KD.ZG").rows
    assert rows[0]["indicator"] == "gdp_growth" and rows[0]["value"] == pytest.approx(0.05)
    with pytest.raises(InputError, match="not one chuhai stores"):
        wdi.parse(path, indicator="SL.UEM.TOTL.ZS")


def test_bad_file_leaves_warehouse_unchanged(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    good = tmp_path / "population.csv"
    good.write_text("Country Name,Country Code,Year,Value\nKenya,KEN,2020,53771300\n")
    first = import_paths(wh, [good])
    again = import_paths(wh, [good])
    assert first[0].status == "imported" and again[0].status == "unchanged"
    before = _digest(wh.home)
    bad = tmp_path / "gdp.csv"
    bad.write_bytes("Country Name,Country Code,Year,Value\nC\xf4te,CIV,2020,1\n".encode("latin-1"))
    with pytest.raises(InputError, match="encoding"):
        import_paths(wh, [bad])
    assert _digest(wh.home) == before


def test_long_layout_with_indicator_column(shared_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("Country Code,Indicator Code,Year,Value\nKEN,SP.POP.GROW,2020,2.3\n"
                    "KEN,NY.GDP.MKTP.CD,2020,1.0e11\n")
    got = {r["indicator"]: r["value"] for r in wdi.parse(path).rows}
    assert got == {"population_growth": pytest.approx(0.023), "gdp_usd": 1.0e11}
    # ONE Campaign's file is in USD millions and names its indicator in words: refused
    with pytest.raises(InputError, match="GDP \\(current US\\$\\)"):
        wdi.parse(shared_data / "wdi-one" / "2019gdp.csv")


@settings(max_examples=40, deadline=None)
@given(data=st.dictionaries(
    st.tuples(st.sampled_from(["KEN", "KGZ", "MOZ", "PAK", "BRA", "WLD", "SSF"]), st.integers(1960, 2024)),
    st.one_of(st.none(), st.floats(-50, 50, allow_nan=False)), min_size=1, max_size=30))
def test_long_file_round_trip(tmp_path_factory: pytest.TempPathFactory,
                              data: dict[tuple[str, int], float | None]) -> None:
    """Any long growth file: every country value comes back once, as a fraction; aggregates
    and empty cells never do."""
    path = tmp_path_factory.mktemp("wdi") / "gdp_growth.csv"
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Country Name", "Country Code", "Year", "Value"])
        for (iso, year), v in data.items():
            w.writerow(["x", iso, year, "" if v is None else repr(v)])
    expected = {(iso, y): v / 100 for (iso, y), v in data.items()
                if v is not None and iso not in ("WLD", "SSF")}
    try:
        rows = wdi.parse(path).rows
    except InputError as err:
        assert not expected and "no indicator values" in str(err)
        return
    got = {(r["iso3"], r["year"]): r["value"] for r in rows}
    assert got.keys() == expected.keys()
    for k, v in expected.items():
        assert got[k] == pytest.approx(v, rel=1e-12, abs=1e-15)  # repr round-trips exactly


def test_bri_panel_with_alias_columns(shared_data: Path) -> None:
    """bri-vweno/wdi.csv: `Country, Code, Year, ..., GDP, ..., GDP_growth` (NA = missing)."""
    path = shared_data / "bri-vweno" / "wdi.csv"
    parsed = wdi.parse(path)
    assert parsed.scope == "wdi/gdp_growth+gdp_usd"
    with open(path, encoding="utf-8", newline="") as fh:
        src = [r for r in csv.DictReader(fh) if _is_country(r["Code"])]
    ref = sum(float(r["GDP"]) for r in src if r["GDP"] != "NA")
    got = sum(r["value"] for r in parsed.rows if r["indicator"] == "gdp_usd")
    assert math.isclose(got, ref, rel_tol=1e-12)
    assert sum(r["indicator"] == "gdp_growth" for r in parsed.rows) == sum(
        r["GDP_growth"] != "NA" for r in src)


@pytest.mark.parametrize(("rel", "code_col", "value_col", "indicator", "factor"), [
    ("wdi-datahub-population/population.csv", "Country Code", "Value", "population", 1.0),
    ("wdi-one/PA.NUS.FCRF.csv", "economy", "PA.NUS.FCRF", "fx_lcu_per_usd", 1.0),
    ("wdi-wbdata-2025/gdp_per_capita.csv", "country", "gdp_per_capita", "gdp_per_capita_usd", 1.0),
    ("wdi-wbdata-2025/population_growth.csv", "country", "population_growth", "population_growth", 0.01),
])
def test_more_real_samples(shared_data: Path, tmp_path: Path, rel: str, code_col: str,
                           value_col: str, indicator: str, factor: float) -> None:
    """Row count and value sum recomputed with csv; names mapped through the datahub file."""
    code_of = {"Channel Islands": "CHI", "Not classified": "INX"}
    for ref_file in ("wdi-datahub-gdp/gdp.csv", "wdi-datahub-population/population.csv"):
        with open(shared_data / ref_file, encoding="utf-8-sig", newline="") as fh:
            code_of.update({r["Country Name"]: r["Country Code"] for r in csv.DictReader(fh)})
    path = shared_data / rel
    with open(path, encoding="utf-8-sig", newline="") as fh:
        src = list(csv.DictReader(fh))
    ref = [float(r[value_col]) * factor for r in src
           if r[value_col] not in ("", "NA") and _is_country(code_of.get(r[code_col], r[code_col]))]
    wh = Warehouse(tmp_path / "wh")
    (out,) = import_paths(wh, [path])
    got = _indicator(wh, indicator)
    assert out.rows == len(ref) == len(got)
    assert math.isclose(sum(got.values()), math.fsum(ref), rel_tol=1e-12)


def test_class_xlsx(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "List of economies"
    ws.append(["Economy", "Code", "Region", "Income group", "Lending category"])
    ws.append(["Kyrgyz Republic", "KGZ", "Europe & Central Asia", "Lower middle income", "IDA"])
    ws.append(["Mozambique", "MOZ", "Sub-Saharan Africa", "Low income", "IDA"])
    ws.append(["World", "WLD", None, None, None])
    path = tmp_path / "CLASS.xlsx"
    wb.save(path)
    assert detect_source(path) == "wdi"
    parsed = wdi.parse(path, release="FY2025")
    assert parsed.scope == "wb-class" and parsed.years == (2025,)
    assert [(r["iso3"], r["income_group"]) for r in parsed.rows] == [("KGZ", "LM"), ("MOZ", "L")]


@pytest.mark.parametrize(("name", "indicator", "factor"), [
    ("SP.POP.GROW.csv", "population_growth", 0.01),
    ("SP.POP.TOTL.csv", "population", 1.0),
    ("NY.GDP.PCAP.KD.csv", "gdp_per_capita_usd", 1.0),
    ("NY.GDP.MKTP.CD.CSV", "gdp_usd", 1.0),
    ("NY.GDP.MKTP.KD.ZG.csv", "gdp_growth", 0.01),
    ("API_SP.POP.TOTL_DS2_en_csv_v2_1.csv", "population", 1.0),
    ("gdp_per_capita.csv", "gdp_per_capita_usd", 1.0),
])
def test_file_named_by_code_is_that_indicator(tmp_path: Path, name: str, indicator: str,
                                              factor: float) -> None:
    """Issue 13: codes with fewer than five parts were refused ('.CSV' swallowed) and
    NY.GDP.PCAP.KD.csv landed under gdp_usd (substring 'gdp'). Codes match exactly."""
    path = tmp_path / name
    path.write_text("Country Name,Country Code,Year,Value\nKenya,KEN,2020,1234.5\n")
    assert detect_source(path) == "wdi"
    parsed = wdi.parse(path)
    assert [(r["iso3"], r["year"], r["indicator"]) for r in parsed.rows] == [("KEN", 2020, indicator)]
    assert parsed.rows[0]["value"] == pytest.approx(1234.5 * factor, rel=1e-15)
    assert parsed.scope == f"wdi/{indicator}"


@pytest.mark.parametrize("name", ["SL.UEM.TOTL.ZS.csv", "NY.GDP.PCAP.PP.KD.csv"])
def test_unknown_code_in_file_name_is_refused_never_renamed(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Country Name,Country Code,Year,Value\nKenya,KEN,2020,5\n")
    code = name[: -len(".csv")]
    with pytest.raises(InputError, match=f"WDI indicator '{code}' is not one chuhai stores") as err:
        wdi.parse(path)
    assert err.value.file == str(path)


@pytest.mark.parametrize("name", ["gdp_and_more.csv", "2019gdp.csv", "my-population-file.csv",
                                  "NY.GDP.MKTP.CD+SP.POP.TOTL.csv"])
def test_alias_matches_whole_names_only(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Country Name,Country Code,Year,Value\nKenya,KEN,2020,5\n")
    with pytest.raises(InputError, match="which WDI indicator"):
        wdi.parse(path)
    assert indicator_from_name(name) is None
