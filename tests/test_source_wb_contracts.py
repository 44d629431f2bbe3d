"""World Bank Major Contract Awards importer: the real FY files recounted with DuckDB over
the raw CSV, every SOURCE.md quirk, bad input, and a Hypothesis round trip of the parser."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chuhai.data.importer import detect_source, import_paths
from chuhai.data.sources import wb_contracts
from chuhai.data.sources._wb_fix import restore_x
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError

HEADER = ("As of Date,Fiscal Year,Region,Borrower Country,Borrower Country Code,Project ID,"
          "Project Name,Procurement Type,Procurement Category,Procurement Method,Product line,"
          "Major Sector,WB Contract Number,Contract Description,Contract Signing Date,Supplier,"
          "Supplier Country,Supplier Country Code,Supplier State,Total Contract Amount (USD),"
          "Borrower Contract Reference Number,UN Supplier Flag")
COLS = HEADER.split(",")


def _row(**kw: str) -> dict[str, str]:
    base = {c: "Not assigned" for c in COLS}
    base.update({"As of Date": "07/01/2005 12:00:00 AM", "Fiscal Year": "2006", "Region": "AFE",
                 "Borrower Country": "Kenya", "Borrower Country Code": "KE", "Project ID": "P1",
                 "Project Name": "KE-Water", "Procurement Category": "GOODS",
                 "Procurement Method": "International Competitive Bidding",
                 "Product line": "IBRD/IDA", "Major Sector": "Water/Sanit/Waste",
                 "WB Contract Number": "100", "Contract Description": "SUPPLY OF WATER METERS",
                 "Contract Signing Date": "09/30/2005 12:00:00 AM", "Supplier": "ACME LTD",
                 "Supplier Country": "Kenya", "Supplier Country Code": "KE",
                 "Total Contract Amount (USD)": "1000", "UN Supplier Flag": "No"})
    by_key = {"".join(ch for ch in c if ch.isalnum()).lower(): c for c in COLS}
    for key, value in kw.items():
        base[by_key[key.replace("_", "").lower()]] = value  # KeyError on a typo
    return base


def _write(path: Path, rows: list[dict[str, str]], header: list[str] = COLS) -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


_RECOUNT = """
WITH raw AS (
  SELECT "WB Contract Number" c, Supplier s, "Major Sector" sec,
         CAST("Total Contract Amount (USD)" AS DOUBLE) amt
  FROM read_csv(?, all_varchar = true, header = true)),
sector AS (SELECT c, s, sec, first(amt) amt FROM raw GROUP BY c, s, sec),
pair AS (SELECT c, s, sum(amt) amt FROM sector GROUP BY c, s)
SELECT count(*), sum(amt), count(DISTINCT c) FROM pair
"""


@pytest.mark.parametrize("year", [2006, 2016, 2019])
def test_real_file_matches_an_independent_recount(shared_data: Path, tmp_path: Path,
                                                   year: int) -> None:
    path = shared_data / "wb-major-contract-awards" / f"{year}_Major_Contract_Awards.csv"
    assert detect_source(path) == "wb-contracts"
    wh = Warehouse(tmp_path / "wh")
    (out,) = import_paths(wh, [path])
    with duckdb.connect() as ref:
        n, total, contracts = ref.execute(_RECOUNT, [str(path)]).fetchone()  # type: ignore[misc]
    # the pair counts of SOURCE.md's table
    assert n == {2006: 8164, 2016: 7142, 2019: 2909}[year]
    with wh.connect() as con:
        got = con.execute("SELECT count(*), sum(amount_usd), count(DISTINCT contract_id), "
                          "count(*) FILTER (WHERE buyer_country IS NULL) FROM contract_awards"
                          ).fetchone()
        value = con.execute("SELECT sum(a) FROM (SELECT contract_id, max(award_amount) a "
                            "FROM contract_awards GROUP BY 1)").fetchone()
        products = con.execute("SELECT count(*) FROM contract_products").fetchone()
        prov = con.execute("SELECT scope, years, rows FROM provenance WHERE source = "
                           "'wb-contracts'").fetchone()
    assert got is not None and value is not None
    assert products is not None
    assert got[0] == n and got[2] == contracts and out.rows == n + products[0]
    # recount keys on the raw supplier; the importer's on the repaired one (same pairs)
    assert math.isclose(got[1], total, rel_tol=1e-12)
    assert out.value_usd is not None and math.isclose(out.value_usd, value[0], rel_tol=1e-12)
    assert prov == (f"wb-contracts/FY{year}", str(year), n + products[0])
    assert got[3] > 0  # multi-country projects (3E Eastern Africa ...) have no buyer country
    # the same file again changes nothing
    (again,) = import_paths(wh, [path])
    assert again.status == "unchanged"


def test_sector_shares_are_summed(shared_data: Path) -> None:
    """FY2006 1255709 WAGTECH: three sector rows 29,365 + 58,731 + 29,365 (a 25/50/25 split)."""
    rows = wb_contracts.parse(shared_data / "wb-major-contract-awards" / "2006_Major_Contract_Awards.csv")
    (wag,) = [r for r in rows if r["contract_id"] == "1255709"]
    assert wag["amount_usd"] == 29365 + 58731 + 29365
    assert wag["sector"] == "Agriculture; Public Admin; Social Protection"


def test_others_defect_and_codes_in_the_real_files(shared_data: Path) -> None:
    folder = shared_data / "wb-major-contract-awards"
    rows = wb_contracts.parse(folder / "2020_Major_Contract_Awards.csv")
    suppliers = {r["supplier"] for r in rows}
    assert not any("Others" in s for s in suppliers)
    assert any(s.startswith("HEXING") for s in suppliers)
    assert any("XÂY DỰNG" in s for s in suppliers)  # Vietnamese, non-ASCII neighbours
    assert any(r["supplier_country"] == "MEX" for r in rows)  # code "MOthers" = MX
    assert {r["sector"] for r in rows} >= {"Others"}  # the literal Major Sector stays
    old = wb_contracts.parse(folder / "2006_Major_Contract_Awards.csv")
    assert any(r["buyer_country"] == "COD" for r in old)  # ZR
    assert any(r["buyer_country"] == "SRB" for r in old)  # YF
    assert {r["method"] for r in old} >= {"icb", "ncb", "qcbs"}


def test_quirks_on_a_small_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "fy.csv", [
        # one contract, three sectors: shares summed, one row
        _row(Major_Sector="Water/Sanit/Waste", Total_Contract_Amount_USD="500"),
        _row(Major_Sector="Health", Total_Contract_Amount_USD="300"),
        _row(Major_Sector="Public Admin", Total_Contract_Amount_USD="200"),
        # a joint venture: two suppliers, each with the whole amount
        _row(WB_Contract_Number="200", Supplier="JV A", Total_Contract_Amount_USD="70"),
        _row(WB_Contract_Number="200", Supplier="JV B", Supplier_Country="China",
             Supplier_Country_Code="CN", Total_Contract_Amount_USD="70"),
        # Namibia's code is NA; a multi-country borrower; a row repeated in one sector
        _row(WB_Contract_Number="300", Supplier="N", Supplier_Country="Namibia",
             Supplier_Country_Code="NA", Borrower_Country="Eastern Africa",
             Borrower_Country_Code="3E", Contract_Signing_Date="NA"),
        _row(WB_Contract_Number="300", Supplier="N", Supplier_Country="Namibia",
             Supplier_Country_Code="NA", Borrower_Country="Eastern Africa",
             Borrower_Country_Code="3E", Contract_Signing_Date="NA"),
    ])
    rows = {(r["contract_id"], r["supplier"]): r for r in wb_contracts.parse(path)}
    assert len(rows) == 4
    one = rows[("100", "ACME LTD")]
    assert one["amount_usd"] == 1000 and one["award_amount"] == 1000
    assert one["buyer_country"] == "KEN" and one["method"] == "icb" and one["category"] == "goods"
    assert str(one["award_date"]) == "2005-09-30"
    jv = [rows[("200", "JV A")], rows[("200", "JV B")]]
    assert [r["suppliers_in_award"] for r in jv] == [2, 2]
    assert [r["award_amount"] for r in jv] == [70, 70] and jv[1]["supplier_country"] == "CHN"
    ns = rows[("300", "N")]
    assert ns["supplier_country"] == "NAM" and ns["buyer_country"] is None
    assert ns["award_date"] is None and ns["amount_usd"] == 1000


@pytest.mark.parametrize(("change", "line", "field"), [
    ({"Total_Contract_Amount_USD": "1,2x"}, 2, "Total Contract Amount (USD)"),
    ({"Total_Contract_Amount_USD": "-5"}, 2, "Total Contract Amount (USD)"),
    ({"Supplier_Country_Code": "QQ", "Supplier_Country": "Nowhere"}, 2, "Supplier Country Code"),
    ({"Borrower_Country_Code": "Z9"}, 2, "Borrower Country Code"),
    ({"Contract_Signing_Date": "31/31/2005"}, 2, "Contract Signing Date"),
    ({"Procurement_Category": "ROCKETS"}, 2, "Procurement Category"),
    ({"Fiscal_Year": "20x6"}, 2, "Fiscal Year"),
])
def test_bad_cells_name_file_line_and_field(tmp_path: Path, change: dict[str, str], line: int,
                                            field: str) -> None:
    path = _write(tmp_path / "bad.csv", [_row(**change), _row(WB_Contract_Number="2")])
    with pytest.raises(InputError) as err:
        wb_contracts.parse(path)
    assert err.value.line == line and err.value.field == field
    assert "bad.csv" in str(err.value)


def test_missing_column_and_truncated_file_store_nothing(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    good = _write(tmp_path / "good.csv", [_row()])
    import_paths(wh, [good], source="wb-contracts")
    before = wh.provenance()
    cols = [c for c in COLS if c != "Supplier Country Code"]
    missing = _write(tmp_path / "missing.csv", [_row()], header=cols)
    with pytest.raises(InputError) as err:
        import_paths(wh, [missing], source="wb-contracts")
    assert err.value.field == "Supplier Country Code" and err.value.line == 1
    text = good.read_text(encoding="utf-8")
    cut = tmp_path / "cut.csv"
    cut.write_text(text + text.splitlines()[1][:80].replace(",100,", ",101,"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_paths(wh, [cut], source="wb-contracts")
    assert err.value.line == 3
    assert wh.provenance() == before
    with wh.connect() as con:
        assert con.execute("SELECT count(*) FROM contract_awards").fetchone() == (1,)


def test_restore_x_examples() -> None:
    assert restore_x("HEOthersING") == "HEXING"
    assert restore_x("MeOthersico") == "Mexico"
    assert restore_x("PICK UP 4Others4") == "PICK UP 4x4"
    assert restore_x("Others-RAY") == "X-RAY"
    assert restore_x("Recipient EOthersecuted A") == "Recipient Executed A"
    assert restore_x("Others") == "Others" and restore_x("pipes and Others") == "pipes and Others"


_name = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs"), exclude_characters="\r\n"),
                min_size=1, max_size=30).map(str.strip).filter(lambda s: s not in ("", "NA"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contracts=st.lists(st.tuples(
    st.integers(1, 10 ** 7),                                           # contract number
    _name,                                                             # supplier
    st.lists(st.tuples(st.sampled_from(["Health", "Energy & Extractives", "Education"]),
                       st.integers(0, 10 ** 9)), min_size=1, max_size=3,
             unique_by=lambda t: t[0]),                                # sector shares
    st.sampled_from(["KE", "CN", "ZR", "3E", "MZ", "NA"]),
), min_size=1, max_size=12, unique_by=lambda t: (t[0], t[1])))
def test_parser_round_trip(tmp_path: Path,
                           contracts: list[tuple[int, str, list[tuple[str, int]], str]]) -> None:
    """Any file written with csv (quoting as needed) parses back to one row per contract ×
    supplier with the sum of its sector shares; the importer never misreads a cell."""
    rows = []
    for number, supplier, shares, code in contracts:
        for sector, amount in shares:
            rows.append(_row(WB_Contract_Number=str(number), Supplier=supplier, Major_Sector=sector,
                             Total_Contract_Amount_USD=str(amount), Supplier_Country_Code=code,
                             Supplier_Country="Namibia" if code == "NA" else "x"))
    path = _write(tmp_path / "h.csv", rows)
    got = {(r["contract_id"], r["supplier"]): r for r in wb_contracts.parse(path)}
    iso = {"KE": "KEN", "CN": "CHN", "ZR": "COD", "3E": None, "MZ": "MOZ", "NA": "NAM"}
    assert len(got) == len(contracts)
    for number, supplier, shares, code in contracts:
        r = got[(str(number), supplier)]
        assert r["amount_usd"] == sum(a for _, a in shares)
        assert r["supplier_country"] == iso[code]
        assert r["sector"] == "; ".join(s for s, _ in shares)
