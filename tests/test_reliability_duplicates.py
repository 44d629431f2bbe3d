"""Issue 15 §1: a repeated (year, exporter, importer, hs6) key across the members of one
BACI zip, or across imports, is refused -- never summed in silence."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from chuhai.data.importer import import_paths
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError

SAMPLE = ("baci-hs92-y2021-zaf-afg", "ExampleTradeData.csv")


def _digest(home: Path) -> dict[str, str]:
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file()}


def test_a_copied_member_of_a_release_zip_is_refused(shared_data: Path, tmp_path: Path) -> None:
    data = (shared_data / SAMPLE[0] / SAMPLE[1]).read_bytes()
    z = tmp_path / "BACI_HS92_V202301.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("BACI_HS92_Y2021_V202301.csv", data)
        zf.writestr("BACI_HS92_Y2021_V202301 (1).csv", data)
    wh = Warehouse(tmp_path / "wh")
    with pytest.raises(InputError, match="counted twice") as err:
        import_paths(wh, [z])
    assert err.value.file == f"{z}!BACI_HS92_Y2021_V202301.csv"  # sorted: "(1)" comes first
    assert "BACI_HS92_Y2021_V202301 (1).csv" in str(err.value)
    assert "71,192 rows" in str(err.value)
    assert not wh.exists()


def test_members_with_disjoint_rows_of_one_year_are_kept(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / SAMPLE[0] / SAMPLE[1]).read_text().splitlines(keepends=True)
    head, body = lines[0], lines[1:]
    z = tmp_path / "BACI_HS92_V202301.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("BACI_HS92_Y2021_V202301_a.csv", head + "".join(body[:1000]))
        zf.writestr("BACI_HS92_Y2021_V202301_b.csv", head + "".join(body[1000:]))
    (out,) = import_paths(Warehouse(tmp_path / "wh"), [z])
    assert out.rows == len(body) == 71_192


def test_a_second_import_repeating_stored_keys_is_refused(shared_data: Path, tmp_path: Path) -> None:
    """Comtrade files of two reporters hold the mirror of the same flow: refused, not summed."""
    wh = Warehouse(tmp_path / "wh")
    shared = shared_data / SAMPLE[0] / SAMPLE[1]
    (first,) = import_paths(wh, [shared], source="baci", hs_revision="HS92")
    before = _digest(wh.home)
    # three of the same flows, as a Comtrade API answer of reporter AFG (another scope)
    rows = [ln.split(",") for ln in shared.read_text().splitlines()[1:4]]
    recs = [{"reporterCode": 4, "partnerCode": int(r[2]), "partner2Code": 0, "cmdCode": r[3].zfill(6),
             "flowCode": "X", "period": "2021", "refYear": 2021, "classificationCode": "H0",
             "primaryValue": float(r[4]) * 1000, "netWgt": None, "motCode": 0, "customsCode": "C00",
             "isAggregate": False, "partnerISO": "", "reporterISO": "AFG", "qtyUnitCode": -1,
             "qty": None, "altQty": None, "altQtyUnitCode": -1}
            for r in rows if r[1] == "4"]
    assert recs
    comtrade = tmp_path / "afg.json"
    comtrade.write_text(json.dumps({"data": recs}))
    with pytest.raises(InputError, match="counted") as err:
        import_paths(wh, [comtrade], source="comtrade")
    assert first.import_id in str(err.value)
    assert _digest(wh.home) == before
    with wh.connect() as con:
        assert con.execute("SELECT count(*) FROM trade").fetchone() == (71_192,)
