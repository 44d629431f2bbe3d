"""Issue 15 §2 and §3: each crash signature found by fuzzing is an InputError naming the
file and the line (or JSON path) and field; nonsense values are refused by their declared
range. Every case failed on the main of 2026-12-01 (a raw exception, or accepted)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from chuhai.data.importer import import_paths
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError
from test_bad_input import _digest

BACI = "t,i,j,k,v,q\n2021,710,24,382390,52.051,13.235\n2021,4,24,481890,0.041,0.022\n"


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    good = tmp_path / "BACI_HS22_Y2023_V202501.csv"
    good.write_text("t,i,j,k,v,q\n2023,156,398,902820,1.5,NA\n")
    w = Warehouse(tmp_path / "wh", notify=lambda _m: None)
    import_paths(w, [good])
    return w


def _refused(wh: Warehouse, path: Path, **kw: str) -> InputError:
    before = _digest(wh.home)
    with pytest.raises(InputError) as err:
        import_paths(wh, [path], **kw)  # type: ignore[arg-type]
    assert _digest(wh.home) == before
    assert err.value.file is not None and path.name in err.value.file
    return err.value


# -- §2 crashes ----------------------------------------------------------------------------
def _xlsx(tmp: Path, name: str = "geo_cepii.xlsx", patch: dict[str, bytes] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["iso2", "iso3", "cnum", "country", "lat", "lon", "landlocked", "continent"])
    ws.append(["AW", "ABW", 533, "Aruba", 12.55, -70.1, 0, "America"])
    buf = io.BytesIO()
    wb.save(buf)
    members = {}
    with zipfile.ZipFile(buf) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    for part, body in (patch or {}).items():
        members[part] = body(members[part]) if callable(body) else body
    path = tmp / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, body in members.items():
            zf.writestr(part, body)
    return path


SHEET = "xl/worksheets/sheet1.xml"


def test_malformed_sheet_xml(wh: Warehouse, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, patch={SHEET: lambda b: b[: len(b) // 2]})
    err = _refused(wh, path, source="geodist")
    assert "malformed worksheet XML" in str(err) or "not a readable .xlsx" in str(err)


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
])
def test_doctype_in_a_workbook_is_refused(wh: Warehouse, tmp_path: Path, doctype: bytes) -> None:
    def inject(body: bytes) -> bytes:
        end = body.index(b"?>") + 2 if body.startswith(b"<?xml") else 0
        return body[:end] + doctype + body[end:].replace(b"<v>533</v>", b"<v>&b;</v>", 1)

    err = _refused(wh, _xlsx(tmp_path, patch={SHEET: inject}), source="geodist")
    assert err.file is not None and err.file.endswith("!" + SHEET)
    assert err.field == "DOCTYPE" and err.line == 1


def test_corrupt_and_encrypted_members(wh: Warehouse, tmp_path: Path) -> None:
    good = _xlsx(tmp_path)
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 4
    data[start:start + 8] = b"\xff" * 8  # deflate data broken: zlib.error or a bad CRC
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(bytes(data))
    assert "corrupt" in str(_refused(wh, corrupt, source="geodist"))
    z = tmp_path / "BACI_HS92_V202301.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("BACI_HS92_Y2021_V202301.csv", BACI)
    raw = bytearray(z.read_bytes())
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.index(sig)
        raw[at + off] |= 1  # the "encrypted" flag
    z.write_bytes(bytes(raw))
    err = _refused(wh, z)
    assert err.file == f"{z}!BACI_HS92_Y2021_V202301.csv" and "encrypted" in str(err)


def _sdmx(shared: Path) -> dict:  # type: ignore[type-arg]
    doc = json.loads((shared / "wits-trains" / "sample_tariff_data.json").read_bytes())
    series = doc["dataSets"][0]["series"]
    doc["dataSets"][0]["series"] = dict(list(series.items())[:3])
    return doc


@pytest.mark.parametrize(("value", "fragment"), [
    ("NaN", "finite"), ("Infinity", "finite"), ('{"a": 1}', "expected a number"),
    ("9" * 5000, "finite"), ("[1]", "expected a number"),
])
def test_sdmx_observation_values(wh: Warehouse, tmp_path: Path, shared_data: Path, value: str,
                                 fragment: str) -> None:
    doc = _sdmx(shared_data)
    key = next(iter(doc["dataSets"][0]["series"]))
    obs = doc["dataSets"][0]["series"][key]["observations"]["0"]
    obs[0] = "__V__"
    path = tmp_path / "tariffs.json"
    path.write_text(json.dumps(doc).replace('"__V__"', value))
    err = _refused(wh, path, source="tariffs")
    assert fragment in str(err)
    assert err.field == f'dataSets[0].series[{key!r}].observations[\'0\'][0]'


def test_sdmx_series_as_a_list(wh: Warehouse, tmp_path: Path, shared_data: Path) -> None:
    doc = _sdmx(shared_data)
    doc["dataSets"][0]["series"] = list(doc["dataSets"][0]["series"].values())
    path = tmp_path / "tariffs.json"
    path.write_text(json.dumps(doc))
    err = _refused(wh, path, source="tariffs")
    assert err.field == "dataSets[0].series" and "expected an object" in str(err)


def test_thousands_of_digits(wh: Warehouse, tmp_path: Path, shared_data: Path) -> None:
    huge = "9" * 5000
    doc = _sdmx(shared_data)
    series = doc["dataSets"][0]["series"]
    series[f"0:0:{huge}:0:0"] = series.pop(next(iter(series)))
    sdmx = tmp_path / "tariffs.json"
    sdmx.write_text(json.dumps(doc))
    assert _refused(wh, sdmx, source="tariffs").field is not None
    rec = json.loads((shared_data / "comtrade" / "HS-60a6ad.json").read_text())
    rec["data"][0]["primaryValue"] = "__V__"
    text = json.dumps(rec).replace('"__V__"', huge)
    comtrade = tmp_path / "comtrade.json"
    comtrade.write_text(text)
    err = _refused(wh, comtrade, source="comtrade")
    assert err.field == "data[0].primaryValue"
    baci = tmp_path / "BACI_HS92_Y2021_V202301.csv"
    baci.write_text(BACI.replace("710,24", f"{huge},24"))
    err = _refused(wh, baci)
    assert (err.line, err.field) == (2, "i")


# -- §3 ranges -----------------------------------------------------------------------------
@pytest.mark.parametrize(("row", "field", "fragment"), [
    ("3000,710,24,382390,52.051,13.235", "t", "outside 1948"),
    ("1800,710,24,382390,52.051,13.235", "t", "outside 1948"),
    ("2021,710,24,382390,52.051,1e308", "q", "tonnes"),
    ("2021,710,24,382390,1e300,1", "v", "thousand US$"),
])
def test_baci_values_out_of_range(wh: Warehouse, tmp_path: Path, row: str, field: str,
                                  fragment: str) -> None:
    path = tmp_path / "BACI_HS92_Y2021_V202301.csv"
    path.write_text(BACI + row + "\n")
    err = _refused(wh, path)
    assert (err.line, err.field) == (4, field) and fragment in str(err)


def test_a_negative_year_is_not_read_as_its_last_four_digits(wh: Warehouse, tmp_path: Path,
                                                            shared_data: Path) -> None:
    lines = (shared_data / "wgi" / "wgidataset.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace(",1996,", ",-1996,")
    path = tmp_path / "wgidataset.csv"
    path.write_text("\n".join(lines[:20]) + "\n")
    err = _refused(wh, path, source="wgi")
    assert (err.line, err.field) == (2, "year") and "not a year" in str(err)


@pytest.mark.parametrize(("name", "value"), [("SP.POP.TOTL", "-106766.0"), ("PA.NUS.FCRF", "-1.79")])
def test_negative_population_and_exchange_rate(wh: Warehouse, tmp_path: Path, shared_data: Path,
                                               name: str, value: str) -> None:
    text = (shared_data / "wdi-one" / f"{name}.csv").read_text()
    first = text.splitlines()[1]
    path = tmp_path / f"{name}.csv"
    path.write_text(text.replace(first, "ABW," + value + ",2020", 1))
    err = _refused(wh, path, source="wdi")
    assert err.field == "value" and "ABW" in str(err) and "outside" in str(err)


def test_wits_line_count_of_two_to_the_63(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "tariffs.csv"
    path.write_text("Reporter,Partner,Product,Tariff Year,DutyType,Simple Average,Nbr NA Lines,"
                    "Nbr of Total Lines\nKEN,WLD,848180,2020,MFN,12.0,9223372036854775808,4\n")
    err = _refused(wh, path, source="tariffs")
    assert (err.line, err.field) == (2, "Nbr NA Lines") and "count of tariff lines" in str(err)


def test_hs_code_outside_the_nomenclature_in_a_product_dictionary(wh: Warehouse, tmp_path: Path,
                                                                  shared_data: Path) -> None:
    src = shared_data / "baci-v202501-hs22" / "product_codes_HS22_V202501.csv"
    lines = src.read_text().splitlines()[:10]
    path = tmp_path / "product_codes_HS22_V202501.csv"
    path.write_text("\n".join([*lines, '375566,"Not a product"']) + "\n")
    err = _refused(wh, path)
    assert (err.line, err.field) == (11, "code") and "nomenclature" in str(err)
