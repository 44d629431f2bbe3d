"""WITS/TRAINS tariffs: the USA 2017 SDMX-JSON sample decoded independently, and the CSV layout."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuhai.data.importer import detect_source, import_paths
from chuhai.data.sources import tariffs
from chuhai.data.sources._tariff_layouts import _decide
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError


def _decode_reference(path: Path) -> dict[str, tuple[float, int, int]]:
    """hs6 -> (OBS_VALUE %, NBR_MFN_LINES, NBR_NA_LINES), read straight from the JSON.

    The WITS series key carries the product index in its 3rd part (see SOURCE.md).
    Products with no national line (empty TOTALNOOFLINES: 271000) are left out."""
    doc = json.loads(path.read_text())
    products = doc["structure"]["dimensions"]["series"][3]["values"]
    attrs = doc["structure"]["attributes"]["observation"]
    pos = {a["id"]: i + 1 for i, a in enumerate(attrs)}
    out = {}
    for key, series in doc["dataSets"][0]["series"].items():
        obs = series["observations"]["0"]
        def attr(name: str, obs: list = obs) -> int:
            return int(attrs[pos[name] - 1]["values"][obs[pos[name]]]["id"] or 0)
        if attr("TOTALNOOFLINES") == 0:
            continue
        out[products[int(key.split(":")[2])]["id"]] = (obs[0], attr("NBR_MFN_LINES"), attr("NBR_NA_LINES"))
    return out


def test_usa_mfn_2017(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "wits-trains" / "sample_tariff_data.json"
    assert detect_source(path) == "tariffs"
    ref = _decode_reference(path)
    wh = Warehouse(tmp_path / "wh")
    (out,) = import_paths(wh, [path])
    with wh.connect() as con:
        got = {r[0]: r[1:] for r in con.execute(
            "SELECT hs6, rate, non_ad_valorem, importer, partner, year, hs_revision FROM tariffs").fetchall()}
        scope = con.execute("SELECT scope FROM provenance WHERE source <> 'reference'").fetchone()
    assert out.rows == len(ref) == len(got) == 5387  # 5,388 products, 271000 has no line
    assert scope == ("wits/USA/2017/MFN",)
    assert {v[2:] for v in got.values()} == {("USA", "MFN", 2017, "HS17")}
    only_nav = {k for k, (_, mfn, na) in ref.items() if na > 0 and mfn == 0}
    assert {k for k, v in got.items() if v[0] is None} == only_nav and len(only_nav) == 376
    assert {k for k, v in got.items() if v[1]} == {k for k, (_, _, na) in ref.items() if na > 0}
    ad_valorem = sum(v / 100 for k, (v, _, _) in ref.items() if k not in only_nav)
    assert math.isclose(sum(v[0] for v in got.values() if v[0] is not None), ad_valorem, rel_tol=1e-12)
    # the planner's products: 9028 meters carry compound duties -> unknown, never 0
    for hs6 in ("902810", "902820", "902830"):
        assert got[hs6][:2] == (None, True)
    assert got["848180"][:2] == (pytest.approx(0.035), False)
    assert got["902890"][:2] == (pytest.approx(0.02), False)


def test_trade_stats_json_is_not_a_tariff_file(shared_data: Path) -> None:
    path = shared_data / "wits-trains" / "sample_trade_data.json"
    assert not tariffs.detect(path, path.read_bytes()[:65536])


CSV_HEAD = ("Selected Nomen,Native Nomen,Reporter,Reporter Name,Product,Product Name,Partner,"
            "Partner Name,Tariff Year,DutyType,Simple Average,AVE,Nbr of Total Lines,Nbr NA Lines\n")


def test_wits_csv_layout(tmp_path: Path) -> None:
    path = tmp_path / "wits_tariffs.csv"
    path.write_text(CSV_HEAD +
                    "HS,H5,417,Kyrgyz Republic,902820,Meters,000,World,2022,MFN,10,,1,0\n"
                    "HS,H5,417,Kyrgyz Republic,902830,Meters,000,World,2022,MFN,0,,1,1\n"
                    "HS,H5,417,Kyrgyz Republic,848180,Valves,000,World,2022,MFN,0,4.5,2,2\n"
                    "HS,H5,417,Kyrgyz Republic,84818,Valves,398,Kazakhstan,2022,PRF,0,,3,0\n")
    assert detect_source(path) == "tariffs"
    rows = {(r.hs6, r.partner): (r.rate, r.non_ad_valorem, r.hs_revision) for r in tariffs.parse(path)}
    assert rows == {("902820", "MFN"): (0.10, False, "HS17"), ("902830", "MFN"): (None, True, "HS17"),
                    ("848180", "MFN"): (0.045, True, "HS17"), ("084818", "KAZ"): (0.0, False, "HS17")}
    wh = Warehouse(tmp_path / "wh")
    (out,) = import_paths(wh, [path])
    with wh.connect() as con:
        assert con.execute("SELECT scope FROM provenance WHERE source <> 'reference'").fetchone() == ("wits/KGZ/2022/ALL",)


@pytest.mark.parametrize(("row", "field", "match"), [
    ("HS,H5,417,K,902820,M,000,World,2022,MFN,abc,,1,0", "Simple Average", "not a number"),
    ("HS,H5,417,K,902820,M,000,World,2022,MFN,-3,,1,0", "Simple Average", "negative"),
    ("HS,H5,417,K,9028,M,000,World,2022,MFN,3,,1,0", "Product", "6-digit"),
    ("HS,H5,918,EU,902820,M,000,World,2022,MFN,3,,1,0", "Reporter", "not a country"),
    ("HS,H5,417,K,902820,M,000,World,2022,BND,3,,1,0", "DutyType", "not stored"),
    ("HS,H5,417,K,902820,M,000,World,2022,AHS,3,,1,0", "Partner", "averages over partners"),
    ("HS,H5,417,K,902820,M,000,World,2022,MFN,,,1,0", "Simple Average", "no simple-average"),
])
def test_bad_csv_rows(tmp_path: Path, row: str, field: str, match: str) -> None:
    path = tmp_path / "wits.csv"
    path.write_text(CSV_HEAD + row + "\n")
    with pytest.raises(InputError, match=match) as err:
        tariffs.parse(path)
    assert (err.value.line, err.value.field) == (2, field)


def test_duplicate_line(tmp_path: Path) -> None:
    path = tmp_path / "wits.csv"
    row = "HS,H5,417,K,902820,M,000,World,2022,MFN,3,,1,0\n"
    path.write_text(CSV_HEAD + row + row)
    with pytest.raises(InputError, match="duplicate") as err:
        tariffs.parse(path)
    assert err.value.line == 3


@given(avg=st.one_of(st.none(), st.floats(0, 500)), ave=st.one_of(st.none(), st.floats(0, 500)),
       na=st.integers(0, 5), av=st.integers(0, 5))
def test_never_a_silent_zero(avg: float | None, ave: float | None, na: int, av: int) -> None:
    """Whatever the counts, a line without ad-valorem lines and no AVE has no rate, and a
    rate is always the AVE or the simple average of the ad-valorem lines, in fractions."""
    try:
        rate, nav = _decide(avg, ave, na, av, Path("x"), 2, "Simple Average")
    except InputError:
        assert avg is None and ave is None and not (na > 0 and av <= 0)
        return
    assert nav == (na > 0)
    if ave is not None:
        assert rate == pytest.approx(ave / 100)
    elif na > 0 and av <= 0:
        assert rate is None
    else:
        assert avg is not None and rate == pytest.approx(avg / 100)
