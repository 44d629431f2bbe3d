"""WGI importer: the 2024 release long file, recomputed with csv; the DataBank wide layout."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from chuhai.data.importer import detect_source, import_paths
from chuhai.data.sources import wgi
from chuhai.data.sources._country_codes import iso3_from_code
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError


def test_real_wgi_release(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "wgi" / "wgidataset.csv"
    assert detect_source(path) == "wgi"
    wh = Warehouse(tmp_path / "wh")
    (out,) = import_paths(wh, [path])
    # independent reference with the csv module: rows with an estimate, for current countries;
    # WB codes ROM/ZAR/TMP/ADO/KSV/WBG are renamed, ANT (Netherlands Antilles) dropped.
    rename = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "ADO": "AND", "KSV": "XKX", "WBG": "PSE"}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        ref = {(rename.get(r["code"], r["code"]), int(r["year"]), "wgi_" + r["indicator"]): float(r["estimate"])
               for r in csv.DictReader(fh) if r["estimate"] != ".." and r["code"] != "ANT"}
    with wh.connect() as con:
        got = {(r[0], r[1], r[2]): r[3] for r in con.execute(
            "SELECT iso3, year, indicator, value FROM indicators WHERE source='wgi'").fetchall()}
    assert out.rows == len(ref) == len(got) and got.keys() == ref.keys()
    assert math.isclose(sum(got.values()), sum(ref.values()), abs_tol=1e-6)  # 2-dp inputs
    assert ("ROU", 2023, "wgi_cc") in got and ("COD", 2023, "wgi_rl") in got
    assert all(iso3_from_code(k[0]) for k in got)


def test_databank_wide_layout(tmp_path: Path) -> None:
    path = tmp_path / "WGI_export.csv"
    path.write_text(
        "Country Name,Country Code,Series Name,Series Code,2021 [YR2021],2022 [YR2022]\n"
        "Kenya,KEN,Control of Corruption: Estimate,CC.EST,-0.85,-0.80\n"
        "Kenya,KEN,Control of Corruption: Standard Error,CC.STD.ERR,0.14,0.13\n"
        "Kyrgyz Republic,KGZ,Rule of Law: Estimate,RL.EST,..,-1.05\n")
    assert detect_source(path) == "wgi"
    rows, _ = wgi.parse(path)
    assert sorted((r["iso3"], r["year"], r["indicator"], r["value"]) for r in rows) == [
        ("KEN", 2021, "wgi_cc", -0.85), ("KEN", 2022, "wgi_cc", -0.80), ("KGZ", 2022, "wgi_rl", -1.05)]


@pytest.mark.parametrize(("body", "line", "field"), [
    ("AFGcc1996,AFG,Afghanistan,1996,xx,-1.29", 2, "indicator"),
    ("AFGcc1996,AFG,Afghanistan,1996,cc,minus", 2, "estimate"),
    ("AFGcc1996,AFG,Afghanistan,1996,cc,7.5", 2, "estimate"),
    ("AFGcc1996,QQQ,Nowhere,1996,cc,0.5", 2, "code"),
])
def test_bad_rows(tmp_path: Path, body: str, line: int, field: str) -> None:
    path = tmp_path / "wgidataset.csv"
    path.write_text("codeindyr,code,countryname,year,indicator,estimate\n" + body + "\n")
    with pytest.raises(InputError) as err:
        wgi.parse(path)
    assert (err.value.line, err.value.field) == (line, field)


def test_duplicate_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wgidataset.csv"
    path.write_text("codeindyr,code,countryname,year,indicator,estimate\n"
                    "KENcc2020,KEN,Kenya,2020,cc,-0.9\nKENcc2020,KEN,Kenya,2020,cc,-0.8\n")
    with pytest.raises(InputError, match="duplicate") as err:
        wgi.parse(path)
    assert err.value.line == 3
