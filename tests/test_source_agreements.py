"""Agreements: DESTA treaty list / dyads and the WTO RTA export, checked against the files."""

from __future__ import annotations

import csv
import warnings
from datetime import date
from pathlib import Path

import openpyxl
import pycountry
import pytest

from chuhai.data.importer import detect_source, import_paths
from chuhai.data.sources import agreements
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError

RCEP = {"AUS", "BRN", "CHN", "IDN", "JPN", "KHM", "KOR", "LAO", "MMR", "MYS", "NZL", "PHL",
        "SGP", "THA", "VNM"}
EAEU = {"ARM", "BLR", "KAZ", "KGZ", "RUS"}


def _members(wh: Warehouse, aid: str) -> dict[str, tuple[date | None, date | None]]:
    with wh.connect() as con:
        return {r[0]: (r[1], r[2]) for r in con.execute(
            "SELECT iso3, joined, left_on FROM agreement_members WHERE agreement_id = ?", [aid]).fetchall()}


def test_desta_treaty_list(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "desta" / "desta_list_of_treaties_02_02.csv"
    assert detect_source(path) == "agreements"
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, [path])
    with open(path, encoding="utf-8-sig", newline="") as fh:
        src = list(csv.DictReader(fh))
    base = {r["base_treaty"] for r in src if r["entry_type"] == "base_treaty"}
    with wh.connect() as con:
        ids = {r[0] for r in con.execute("SELECT agreement_id FROM agreements WHERE source <> 'chuhai-blocs'").fetchall()}
        rcep = con.execute("SELECT name, in_force FROM agreements WHERE agreement_id='DESTA-1044'").fetchone()
    assert ids == {f"DESTA-{b}" for b in base}
    assert rcep == ("Regional Comprehensive Economic Partnership (RCEP)", date(2022, 1, 1))
    assert set(_members(wh, "DESTA-1044")) == RCEP
    eaeu = _members(wh, "DESTA-1040")
    assert set(eaeu) == EAEU and eaeu["KGZ"][0] == date(2015, 1, 1)
    afcfta = _members(wh, "DESTA-988")
    assert len(afcfta) == 54 and afcfta["NGA"][0] == date(2020, 1, 1)  # Nigeria acceded (988+3)
    # the UK left the EC's agreement with Albania (withdrawal 8_1, 2020)
    assert _members(wh, "DESTA-8")["GBR"][1] == date(2020, 1, 1)
    assert _members(wh, "DESTA-8")["DEU"][1] is None


def test_desta_dyads_match_the_list(shared_data: Path) -> None:
    dyads, scope = agreements.parse(shared_data / "desta" / "desta_list_of_treaties_02_02_dyads.csv")
    assert scope == "desta"
    with open(shared_data / "desta" / "desta_list_of_treaties_02_02_dyads.csv", encoding="utf-8-sig",
              newline="") as fh:
        src = list(csv.DictReader(fh))
    numeric = {c for r in src if r["base_treaty"] == "1044" for c in (r["iso1"], r["iso2"])}
    expected = {pycountry.countries.get(numeric=c.zfill(3)).alpha_3 for c in numeric}
    assert {iso for (aid, iso) in dyads.members if aid == "DESTA-1044"} == expected == RCEP
    listed, _ = agreements.parse(shared_data / "desta" / "desta_list_of_treaties_02_02.csv")
    assert set(dyads.agreements) <= set(listed.agreements)


def test_wto_rta_export(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "wto-rta" / "AllRTAs.xlsx"
    assert detect_source(path) == "agreements"
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, [path])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb["AllRTAs"].iter_rows(values_only=True))
    wb.close()
    head = {h: i for i, h in enumerate(rows[0])}
    expected = {f"WTO-RTA-{r[head['RTA ID']]}" for r in rows[1:]
                if r[head["Type"]] and (r[head["Date of Entry into Force (G)"]] or r[head["Date of Entry into Force (S)"]])}
    with wh.connect() as con:
        got = dict(con.execute("SELECT agreement_id, type FROM agreements WHERE source <> 'chuhai-blocs'").fetchall())
        eaeu = con.execute("SELECT in_force FROM agreements WHERE agreement_id='WTO-RTA-909'").fetchone()
    assert set(got) == expected
    assert got["WTO-RTA-909"] == "CU+EIA" and eaeu == (date(2015, 1, 1),)
    m = _members(wh, "WTO-RTA-909")
    assert set(m) == EAEU and m["KGZ"][0] == date(2015, 8, 12) and m["ARM"][0] == date(2015, 1, 2)
    # "Serbia; Eurasian Economic Union (EAEU)": the bloc party expands to its members
    assert set(_members(wh, "WTO-RTA-1149")) == EAEU | {"SRB"}
    # the interim EAEU-Iran agreement is inactive since the full FTA (15 May 2025)
    assert {v[1] for v in _members(wh, "WTO-RTA-1028").values()} == {date(2025, 5, 15)}


def test_bad_agreement_files(tmp_path: Path) -> None:
    path = tmp_path / "desta_list.csv"
    path.write_text("number,base_treaty,name,entry_type,consolidated,year,entryforceyear,c1,c2\n"
                    "1,1,A B,base_treaty,0,2003,2003,4,999\n")
    with pytest.raises(InputError, match="unknown ISO numeric") as err:
        agreements.parse(path)
    assert (err.value.line, err.value.field) == (2, "c2")
    path.write_text("number,base_treaty,name,entry_type,consolidated,year,entryforceyear,c1,c2\n"
                    "1,1,A B,base_treaty,0,2003,20x3,4,356\n")
    with pytest.raises(InputError, match="not a number") as err:
        agreements.parse(path)
    assert err.value.field == "entryforceyear"
    rta = tmp_path / "AllRTAs.csv"
    rta.write_text("RTA ID,RTA Name,Type,Status,Current signatories,Date of Entry into Force (G)\n"
                   "1,X - Y,FTA,In Force,China; Atlantis,2020-01-01\n")
    with pytest.raises(InputError, match="Atlantis") as err:
        agreements.parse(rta)
    assert (err.value.line, err.value.field) == (2, "Current signatories")
