"""Comtrade importer: CSV exports and API JSON; World rows and aggregates not double counted."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chuhai.data.importer import detect_source, import_paths
from chuhai.data.sources import comtrade
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError

FILES = ["AG6 Argentina 2022.csv", "AG6 Belize 2003-2007.csv", "AG6 Belize 2000-2001-2002.csv"]


def _reference_total(path: Path) -> tuple[Decimal, int]:
    """Independent sum: HS6 rows to real partners (not World, not TOTAL), cp1252 csv."""
    total, rows = Decimal(0), 0
    with open(path, encoding="cp1252", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["PartnerCode"] != "0" and len(r["CmdCode"]) == 6 and r["FlowCode"] == "X":
                total += Decimal(r["PrimaryValue"])
                rows += 1
    return total, rows


@pytest.mark.parametrize("name", FILES)
def test_csv_exports_match_source(shared_data: Path, tmp_path: Path, name: str) -> None:
    path = shared_data / "comtrade" / name
    assert detect_source(path) == "comtrade"
    wh = Warehouse(tmp_path / "wh")
    (out,) = import_paths(wh, [path])
    total, rows = _reference_total(path)
    assert out.rows == rows
    assert abs(Decimal(str(out.value_usd)) - total) < 1  # to the dollar
    with wh.connect() as con:
        world = con.execute("SELECT count(*) FROM trade WHERE importer IN ('W00', 'WLD')").fetchone()
        bad_hs = con.execute("SELECT count(*) FROM trade WHERE length(hs6) <> 6").fetchone()
    assert world == (0,) and bad_hs == (0,)


def test_argentina_rows_units_and_scope(shared_data: Path, tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, [shared_data / "comtrade" / "AG6 Argentina 2022.csv"])
    with wh.connect() as con:
        # C,A,...,ARG,X,76,BRA,...,010121,... NetWgt 17500 kg, PrimaryValue 171000
        row = con.execute("SELECT exporter, importer, hs_revision, value_usd, quantity_t FROM trade "
                          "WHERE hs6 = '010121' AND importer = 'BRA'").fetchall()
        valves = con.execute("SELECT count(*) FROM trade WHERE hs6 LIKE '8481%'").fetchone()
    assert row == [("ARG", "BRA", "HS17", 171000.0, 17.5)]
    assert valves is not None and valves[0] > 0
    assert [p for p in wh.provenance() if p["source"] != "reference"][0]["scope"] == "comtrade/ARG/X/HS17"


def test_mixed_revisions_in_one_file(shared_data: Path, tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, [shared_data / "comtrade" / "AG6 Belize 2003-2007.csv"])
    with wh.connect() as con:
        revs = con.execute("SELECT DISTINCT hs_revision FROM trade ORDER BY 1").fetchall()
    assert revs == [("HS02",), ("HS96",)]
    assert [p for p in wh.provenance() if p["source"] != "reference"][0]["scope"] == "comtrade/BLZ/X/HS02+HS96"


def _api_doc(shared: Path) -> dict:
    return json.loads((shared / "comtrade" / "HS-60a6ad.json").read_text())


def test_api_json_total_only_is_a_clear_error(shared_data: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no HS 6-digit"):
        import_paths(Warehouse(tmp_path / "wh"), [shared_data / "comtrade" / "HS-60a6ad.json"])


def test_api_json_imports_and_mirrors_flows(shared_data: Path, tmp_path: Path) -> None:
    doc = _api_doc(shared_data)  # China 2010: M and X with ARG and DEU, cmdCode TOTAL
    for n, rec in enumerate(doc["data"]):
        rec["cmdCode"], rec["aggrLevel"] = f"90282{n}", 6
    world = dict(doc["data"][0], partnerCode=0, partnerISO="W00", primaryValue=1e12)
    doc["data"].append(world)
    p = tmp_path / "api.json"
    p.write_text(json.dumps(doc))
    assert detect_source(p) == "comtrade"
    rows = comtrade.parse_file(p)
    expected = {(r["flowCode"], r["partnerISO"]): r["primaryValue"] for r in doc["data"][:4]}
    for year, exporter, importer, _hs6, rev, value, *_ in rows:
        assert year == 2010 and rev == "HS07"
        if exporter == "CHN":
            assert value == Decimal(str(expected[("X", importer)]))
        else:
            assert importer == "CHN" and value == Decimal(str(expected[("M", exporter)]))
    assert len(rows) == 4  # the World record is dropped


def test_json_bad_value_names_record_and_field(shared_data: Path, tmp_path: Path) -> None:
    doc = _api_doc(shared_data)
    for rec in doc["data"]:
        rec["cmdCode"] = "902820"
    doc["data"][2]["primaryValue"] = "lots"
    p = tmp_path / "api.json"
    p.write_text(json.dumps(doc))
    with pytest.raises(InputError) as err:
        comtrade.parse_file(p)
    assert err.value.field == "data[2].primaryValue"


HEADER = ("TypeCode,FreqCode,RefYear,ReporterCode,ReporterISO,FlowCode,PartnerCode,PartnerISO,"
          "Partner2Code,ClassificationCode,CmdCode,CustomsCode,MotCode,NetWgt,PrimaryValue")
PARTNERS = [(76, "BRA"), (152, "CHL"), (156, "CHN"), (490, "S19"), (899, "_X ")]
flows = st.lists(
    st.tuples(st.sampled_from(PARTNERS), st.integers(0, 999_999),
              st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
              st.sampled_from(["X", "M", "RX"])),
    min_size=1, max_size=30, unique_by=lambda r: (r[0][0], r[1], r[3]),
)


def _comtrade_csv(tmp: Path, data: list) -> Path:
    lines = [HEADER]
    for (code, iso), k, v, flow in data:
        lines.append(f"C,A,2022,32,ARG,{flow},{code},{iso},0,H6,{k:06d},C00,0,1000,{v}")
        lines.append(f"C,A,2022,32,ARG,{flow},0,W00,0,H6,{k:06d},C00,0,1000,{v}")  # World
    p = tmp / "c.csv"
    p.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return p


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=flows, bad=st.integers(0, 10**6))
def test_property_world_rows_never_double_count(tmp_path: Path, data: list, bad: int) -> None:
    kept = [r for r in data if r[3] in ("X", "M")]
    p = _comtrade_csv(tmp_path, data)
    if not kept:
        with pytest.raises(InputError, match="no HS 6-digit"):
            comtrade.parse_file(p)
        return
    rows = comtrade.parse_file(p)
    assert len(rows) == len(kept)
    assert sum(r[5] for r in rows) == sum(r[2] for r in kept)
    assert all(r[4] == "HS22" and len(r[3]) == 6 for r in rows)
    # a negative value on any data line is reported on that line
    lines = p.read_bytes().decode("cp1252").split("\r\n")
    n = 1 + bad % (len(lines) - 2)
    lines[n] = lines[n].rsplit(",", 1)[0] + ",-5"
    p.write_bytes("\r\n".join(lines).encode("cp1252"))
    with pytest.raises(InputError) as err:  # World and RX rows are checked too
        comtrade.parse_file(p)
    assert err.value.line == n + 1 and err.value.field == "PrimaryValue"


def test_bad_comtrade_inputs(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_text(HEADER.replace("PrimaryValue", "Value") + "\n")
    with pytest.raises(InputError) as err:
        comtrade.parse_file(p)
    assert err.value.line == 1 and err.value.field == "primaryvalue"
    p.write_text(HEADER + "\nC,A,2022,32,ARG,X,9999,,0,H6,902820,C00,0,,5\n")
    with pytest.raises(InputError, match="unknown country") as err:
        comtrade.parse_file(p)
    assert err.value.line == 2 and err.value.field == "PartnerCode"
    row = "C,A,2022,32,ARG,X,76,BRA,0,H6,902820,C00,0,,5"
    p.write_text(f"{HEADER}\n{row}\n{row}\n")
    with pytest.raises(InputError, match="duplicate") as err:
        comtrade.parse_file(p)
    assert err.value.line == 3
    p.write_text(f"{HEADER}\n{row}\nC,A,2022,32,ARG,X,76\n")
    with pytest.raises(InputError, match="fields") as err:
        comtrade.parse_file(p)
    assert err.value.line == 3
    p.write_bytes(HEADER.encode() + b"\r\n" + row.replace("BRA", "BR\x81").encode("latin-1"))
    with pytest.raises(InputError, match="encoding") as err:
        comtrade.parse_file(p)
    assert err.value.line == 2
    p.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        comtrade.parse_file(p)
    j = tmp_path / "a.json"
    j.write_text('{"data": [1, ')
    with pytest.raises(InputError, match="malformed JSON") as err:
        comtrade.parse_file(j)
    assert err.value.line == 1
