"""UNSD HS correlation workbooks imported into the warehouse (source ``unsd-hs``) and used by
the concordance instead of the packaged links."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest

from chuhai.data.importer import detect_source, import_paths
from chuhai.data.queries.hs_links import imported_links
from chuhai.data.reference.concordance import PACKAGED, convert_flows, links
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError
from chuhai.markets import scan
from test_markets_support import build, world

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "hs-concordance"
REAL = SHARED / "HS2022toHS2017ConversionAndCorrelationTables.xlsx"
REAL_XLS = SHARED / "HS 2012 to HS 2007 Correlation and conversion tables.xls"
needs_shared = pytest.mark.skipif(not REAL.is_file(),
                                  reason="../shared/data/hs-concordance (UNSD workbooks) absent")
PACKAGED_PARQUET = (Path(__file__).resolve().parents[1] / "src" / "chuhai" / "data" / "reference"
                    / "hs_links.parquet")


def _workbook(path: Path, corr: list[list[object]], conv: list[list[object]],
              sheets: tuple[str, str] = ("Conversion HS17-HS12", "Correlation HS17-HS12"),
              old: str = "2012") -> Path:
    """A small workbook in the HS2017to* layout (Conversion first, 'Between' title row)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheets[0]
    ws.append(["From HS 2017", f"To HS {old}"])
    for row in conv:
        ws.append(row)
    wc = wb.create_sheet(sheets[1])
    wc.append(["Between"])
    wc.append(["HS 2017", f"HS {old}", "Relationship"])
    for row in corr:
        wc.append(row)
    wb.save(path)
    return path


# 848180 goes to 848190 here (not 1:1 as in UNSD's table); 010121 splits in two
CORR = [["848180", "848190", "n:1"], ["848190", "848190", "n:1"], ["010121", "010121", "1:n"],
        ["010121", "010129", "1:n"]]
CONV = [["848180", "848190"], ["848190", "848190"], ["010121", "010121"]]


def _stored(wh: Warehouse) -> list[tuple[object, ...]]:
    with wh.connect() as con:
        return con.execute("SELECT from_revision, to_revision, from_hs6, to_hs6, relation, "
                           "conversion, source, import_id FROM hs_links "
                           "ORDER BY ALL").fetchall()


@needs_shared
def test_real_workbook_imports_the_packaged_link_set(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    (out,) = import_paths(wh, [REAL])
    assert out.source == "unsd-hs" and out.status == "imported"
    rows = _stored(wh)
    packaged = pq.read_table(PACKAGED_PARQUET).to_pylist()
    want = {(r["new"], r["old"], bool(r["conv"])) for r in packaged
            if r["new_rev"] == "HS22" and r["old_rev"] == "HS17"}
    got = {(r[2], r[3], r[5]) for r in rows}
    assert got == want and len(rows) == len(want) == 15_656  # SOURCE.md: 15,657 with 999999
    assert {(r[0], r[1], r[6], r[7]) for r in rows} == {("HS22", "HS17", "unsd-hs", out.import_id)}
    # relations counted over the links, compared with counts computed here
    fan_out: dict[str, int] = {}
    fan_in: dict[str, int] = {}
    for new, old, _ in want:
        fan_out[new] = fan_out.get(new, 0) + 1
        fan_in[old] = fan_in.get(old, 0) + 1
    for r in rows[:500]:
        assert r[4] == f"{'n' if fan_in[str(r[3])] > 1 else '1'}:{'n' if fan_out[str(r[2])] > 1 else '1'}"
    # the concordance reads the same links from the warehouse and says so
    imported = imported_links(wh)
    assert set(imported) == {"HS22>HS17"}
    assert imported["HS22>HS17"].source == f"warehouse:{out.import_id} ({REAL.name})"
    assert links("HS17", "HS22", imported) == links("HS17", "HS22")
    flows = [("848180", 1e6), ("854140", 5e5), ("300219", 7.0)]
    via_wh = convert_flows(flows, "HS17", "HS22", imported=imported)
    packaged_conv = convert_flows(flows, "HS17", "HS22")
    assert via_wh.flows == packaged_conv.flows
    assert via_wh.concordance.source == f"warehouse:{out.import_id} ({REAL.name})"
    assert via_wh.concordance.link_sources == {"HS17>HS22": via_wh.concordance.source}
    assert packaged_conv.concordance.source == PACKAGED
    # idempotent: the same file again changes nothing
    before = wh.provenance()
    (again,) = import_paths(wh, [REAL])
    assert again.status == "unchanged" and again.import_id == out.import_id
    assert _stored(wh) == rows and wh.provenance() == before


@needs_shared
def test_detected_by_content_not_only_by_name(tmp_path: Path) -> None:
    xlsx = shutil.copy(REAL, tmp_path / "links.xlsx")
    xls = shutil.copy(REAL_XLS, tmp_path / "links.xls")
    assert detect_source(REAL) == "unsd-hs"
    assert detect_source(Path(xlsx)) == "unsd-hs"
    assert detect_source(Path(xls)) == "unsd-hs"


def test_warehouse_links_drive_the_conversion_and_a_newer_workbook_replaces(tmp_path: Path) -> None:
    wb = _workbook(tmp_path / "renamed.xlsx", CORR, CONV)
    assert detect_source(wb) == "unsd-hs"
    wh = Warehouse(tmp_path / "wh")
    (out,) = import_paths(wh, [wb])
    rows = _stored(wh)
    assert [(r[2], r[3], r[4], r[5]) for r in rows] == [
        ("010121", "010121", "1:n", True), ("010121", "010129", "1:n", False),
        ("848180", "848190", "n:1", True), ("848190", "848190", "n:1", True)]
    imported = imported_links(wh)
    got = convert_flows([("848180", 100.0), ("010121", 10.0)], "HS17", "HS12", imported=imported)
    # the packaged table keeps 848180 as 848180; the imported copy moves it to 848190
    assert convert_flows([("848180", 100.0)], "HS17", "HS12").flows == (("848180", 100.0),)
    assert got.flows == (("010121", 5.0), ("010129", 5.0), ("848190", 100.0))  # equal split
    assert got.concordance.source == f"warehouse:{out.import_id} (renamed.xlsx)"
    # another pair falls back on the packaged links
    other = convert_flows([("848180", 1.0)], "HS22", "HS17", imported=imported)
    assert other.concordance.source == PACKAGED
    # a newer workbook of the same pair replaces the rows
    wb2 = _workbook(tmp_path / "v2.xlsx", CORR[:2], CONV[:2])
    (out2,) = import_paths(wh, [wb2])
    assert out2.status == "replaced" and out2.replaced == (out.import_id,)
    assert [(r[2], r[3]) for r in _stored(wh)] == [("848180", "848190"), ("848190", "848190")]
    prov = {p["import_id"]: p["status"] for p in wh.provenance() if p["source"] == "unsd-hs"}
    assert prov == {out.import_id: f"replaced-by:{out2.import_id}", out2.import_id: "active"}


def test_a_code_that_is_not_six_digits_is_refused_naming_sheet_line_and_field(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, [_workbook(tmp_path / "good.xlsx", CORR, CONV)])
    before, stored = wh.provenance(), _stored(wh)
    bad = _workbook(tmp_path / "bad.xlsx", [*CORR, ["84818", "848180", "1:1"]], CONV)
    with pytest.raises(InputError) as err:
        import_paths(wh, [bad])
    text = str(err.value)
    assert "bad.xlsx" in text and "'84818'" in text and "6-digit" in text
    assert err.value.line == 7  # 2 header rows + 4 links + this one
    assert err.value.field == "Correlation HS17-HS12: HS 2017"
    assert wh.provenance() == before and _stored(wh) == stored  # nothing stored is lost


def test_missing_sheet_and_unknown_pair_are_refused(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    one = _workbook(tmp_path / "one.xlsx", CORR, CONV, sheets=("Notes", "Correlation HS17-HS12"))
    with pytest.raises(InputError) as err:
        import_paths(wh, [one], source="unsd-hs")
    assert err.value.field == "sheet" and "one.xlsx" in str(err.value)
    no_old = _workbook(tmp_path / "no_old.xlsx", [["848180", "", "1:1"]], CONV)
    with pytest.raises(InputError) as err:
        import_paths(wh, [no_old], source="unsd-hs")
    assert err.value.field == "Correlation HS17-HS12" and "two code columns" in str(err.value)
    wb = openpyxl.load_workbook(_workbook(tmp_path / "pair.xlsx", CORR, CONV))
    wb["Correlation HS17-HS12"]["A2"] = "HS 2027"
    wb.save(tmp_path / "pair.xlsx")
    with pytest.raises(InputError) as err:
        import_paths(wh, [tmp_path / "pair.xlsx"])
    assert "2027" in str(err.value) and err.value.line == 2
    assert err.value.field == "Correlation HS17-HS12: header"
    assert not wh.exists()  # bad input wrote nothing


def test_the_market_scan_converts_with_the_warehouse_links(tmp_path: Path) -> None:
    """HS1992 2019-2020 and HS2017 2021-2023 in one window; an imported HS2017->HS1992 table
    sends HS1992 848180 to HS2017 848190 (UNSD's table: 848180 -> 848180), so the window's
    world imports of 848190 take the HS1992 848180 flows and 848180 keeps only its own."""
    rows = []
    for y, rev in ((2019, "HS92"), (2020, "HS92"), (2021, "HS17"), (2022, "HS17"), (2023, "HS17")):
        for e, i, v in (("CHN", "DEU", 100.0), ("DEU", "KAZ", 40.0), ("VNM", "DEU", 10.0)):
            for h, f in (("848180", 1.0), ("848190", 0.5)):
                rows.append(dict(year=y, exporter=e, importer=i, hs6=h, hs_revision=rev,
                                 value_usd=v * f * (y - 2017), quantity_t=1.0))
    wh = build(tmp_path / "wh", trade=rows)
    packaged = scan(wh, product="848190", exporter="CHN", years=(2019, 2023))
    assert packaged.concordance is not None and packaged.concordance.source == PACKAGED
    book = _workbook(tmp_path / "t.xlsx", [["848190", "848180", "n:1"], ["848190", "848190", "n:1"]],
                     [["848190", "848190"]], sheets=("Conversion HS17-HS92", "Correlation HS17-HS92"),
                     old="1992")
    (out,) = import_paths(wh, [book])
    res = scan(wh, product="848190", exporter="CHN", years=(2019, 2023))
    c = res.concordance
    assert c is not None and c.source == f"warehouse:{out.import_id} (t.xlsx)"
    assert res.to_dict()["concordance"]["source"] == c.source
    world = sum(r["value_usd"] for r in rows if r["hs6"] == "848190" and r["hs_revision"] == "HS17"
                or r["hs_revision"] == "HS92") / 5
    m = res.markets[0]
    assert m.world_share is not None
    assert m.imports_usd / m.world_share == pytest.approx(world, rel=1e-12)
    before = packaged.markets[0]
    assert before.world_share is not None
    assert before.imports_usd / before.world_share == pytest.approx(
        sum(r["value_usd"] for r in rows if r["hs6"] == "848190") / 5, rel=1e-12)


def test_links_are_reference_data_and_keep_a_demo_warehouse(tmp_path: Path) -> None:
    """Importing UNSD's tables into the demo does not retire the demo's trade (they are
    reference data, not statistics)."""
    wh = build(tmp_path / "demo", demo=True, **world())
    with wh.connect() as con:
        before = con.execute("SELECT count(*), sum(value_usd) FROM trade").fetchone()
    (out,) = import_paths(wh, [_workbook(tmp_path / "links.xlsx", CORR, CONV)])
    assert out.status == "imported" and wh.is_demo()
    with wh.connect() as con:
        after = con.execute("SELECT count(*), sum(value_usd) FROM trade").fetchone()
        assert after is not None and before is not None
        assert after[0] == before[0] and after[1] == pytest.approx(before[1], rel=1e-12)  # sum order
        assert con.execute("SELECT count(*) FROM hs_links").fetchone() == (len(CORR),)
