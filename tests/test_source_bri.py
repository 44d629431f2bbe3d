"""Belt and Road membership: the official signatory list and the research panel, imported
with dates; ``--agreement BRI`` then selects the signatory markets."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from chuhai.data.importer import detect_source, import_paths
from chuhai.data.sources import bri
from chuhai.errors import InputError
from chuhai.markets import scan
from chuhai.markets.types import Filters, ScanParams
from test_markets_support import build, world

LIST = ("List of countries that have signed cooperation documents with China for the Belt and "
        "Road Initiative-China Belt and Road Initiative.xlsx")


def test_official_list_with_its_date(shared_data: Path) -> None:
    path = shared_data / "bri-vweno" / LIST
    assert detect_source(path) == "bri"
    agreements, members, day = bri.parse(path)
    # independent count: the non-empty cells of the 'country' column under the title
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert "138 countries" in str(rows[0][0])
    names = [r[1] for r in rows[2:] if r[1] and str(r[1]).strip()]
    assert len(names) == 138 and len(members) == 138 + 1  # + China, the counterpart
    assert day == date(2020, 1, 31)  # "As of the end of January 2020"
    by = {m["iso3"]: m for m in members}
    assert by["CHN"]["joined"] == bri.LAUNCH == date(2013, 9, 7)
    assert {by[c]["joined"] for c in by if c != "CHN"} == {day}
    assert {"ITA", "ZAF", "KGZ", "KAZ", "MOZ", "PAK", "NZL", "COK", "DOM", "DMA", "BIH"} <= set(by)
    assert not {"USA", "DEU", "IND", "JPN", "BTN"} & set(by)
    assert agreements == [{"agreement_id": "BRI", "type": "MOU", "in_force": bri.LAUNCH,
                           "source": "bri", "name": bri.AGREEMENT["name"]}]


def test_panel_needs_its_date(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "bri-vweno" / "bri.csv"
    assert detect_source(path) == "bri"
    with pytest.raises(InputError, match="--release YYYY-MM-DD") as err:
        bri.parse(path)
    assert err.value.field == "release"
    _, members, day = bri.parse(path, release="2021-05-29")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        ref = {r["Code"] for r in csv.DictReader(fh) if r["BRI_latest"] == "1"}
    assert {m["iso3"] for m in members} == ref | {"CHN"} and len(ref) == 135
    bad = tmp_path / "bri.csv"
    bad.write_text("Country,Code,BRI_init,BRI_core,BRI_latest\nKenya,KEN,0,0,yes\n")
    with pytest.raises(InputError, match="0 or 1") as err:
        bri.parse(bad, release="2021-01-01")
    assert err.value.line == 2 and err.value.field == "BRI_latest"


def test_agreement_bri_filter_on_imported_membership(shared_data: Path, tmp_path: Path) -> None:
    wh = build(tmp_path / "wh", **world(seed=3))
    (out,) = import_paths(wh, [shared_data / "bri-vweno" / LIST])
    assert out.status == "imported" and out.source == "bri"
    with wh.connect() as con:
        assert con.execute("SELECT scope, release FROM provenance WHERE source = 'bri'").fetchone() == (
            "bri", "2020-01-31")
    members = {"CHN", "KAZ", "KGZ", "RUS", "MOZ", "ZAF", "VNM", "IDN"}  # of the world's ten
    r = scan(wh, product="902820", exporter="DEU", filters=Filters(agreements=("BRI",)))
    assert {m.importer for m in r.markets} == members
    assert all("BRI" not in m.agreements for m in r.markets)  # Germany signed nothing
    chn = scan(wh, product="848180", exporter="CHN", filters=Filters(agreements=("bri",)))
    assert {m.importer for m in chn.markets} == members - {"CHN"}
    assert all("BRI" in m.agreements for m in chn.markets)
    # a cooperation document is not a trade agreement: never a tariff preference
    z = scan(wh, product="848180", exporter="CHN", params=ScanParams(fta_zero=True))
    assert not [m.importer for m in z.markets if "BRI" in (m.tariff_basis or "")]
    # a window that ends before the list's date does not count the signatories yet
    early = scan(wh, product="848180", exporter="DEU", years=(2019, 2019),
                 filters=Filters(agreements=("BRI",)))
    assert {m.importer for m in early.markets} == set()  # China alone is no pair
