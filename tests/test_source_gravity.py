"""CEPII Gravity V202211 sample: distances (latest year per pair) and GDP / population."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from chuhai.data.importer import detect_source, import_paths
from chuhai.data.sources import gravity
from chuhai.data.sources._country_codes import HISTORIC
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError


def test_gravity_sample(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "cepii-gravity" / "Gravity_V202211_sample.csv"
    assert detect_source(path) == "gravity"
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, [path])
    with open(path, encoding="utf-8", newline="") as fh:
        src = list(csv.DictReader(fh))
    gdp: dict[tuple[str, int], float] = {}
    latest: dict[tuple[str, str], tuple[int, float]] = {}
    for r in src:
        for side in ("o", "d"):
            iso = r[f"iso3_{side}"]
            if iso not in HISTORIC and r[f"gdp_{side}"]:
                gdp[(iso, int(r["year"]))] = float(r[f"gdp_{side}"]) * 1000
        pair = (r["iso3_o"], r["iso3_d"])
        km = r["distw_harmonic"] or r["dist"]
        if km and not set(pair) & set(HISTORIC) and int(r["year"]) >= latest.get(pair, (0, 0.0))[0]:
            latest[pair] = (int(r["year"]), float(km))
    with wh.connect() as con:
        got_gdp = dict(((i, y), v) for i, y, v in con.execute(
            "SELECT iso3, year, value FROM indicators WHERE source='gravity' AND indicator='gdp_usd'").fetchall())
        got_km = dict(((o, d), v) for o, d, v in con.execute(
            "SELECT origin, destination, dist_km FROM distances WHERE source='gravity'").fetchall())
    assert got_gdp.keys() == gdp.keys()
    assert math.isclose(sum(got_gdp.values()), sum(gdp.values()), rel_tol=1e-12)
    assert got_km == {k: v for k, (_, v) in latest.items()}


HEAD = "year,iso3_o,iso3_d,dist,distw_harmonic,distcap,contig,comlang_off,gdp_o,gdp_d,pop_o,pop_d\n"


def test_conflicting_copies_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "Gravity_V202211.csv"
    path.write_text(HEAD + "2019,CHN,KGZ,3000,2900,3100,1,0,100,5,10,1\n"
                           "2019,CHN,KAZ,3300,3200,3400,1,0,101,50,10,2\n")
    with pytest.raises(InputError, match="gdp_o of CHN in 2019") as err:
        gravity.parse(path)
    assert err.value.line == 3


def test_latest_year_wins_and_units(tmp_path: Path) -> None:
    path = tmp_path / "Gravity_V202211.csv"
    path.write_text(HEAD + "2019,CHN,KGZ,3000,2900,3100,1,0,100,5,10,1\n"
                           "2021,CHN,KGZ,3000,,3100,1.0,0.0,120,6,11,1\n")
    g = gravity.parse(path)
    assert g.distance_rows() == [{"origin": "CHN", "destination": "KGZ", "dist_km": 3000.0,
                                  "distcap_km": 3100.0, "contiguous": True,
                                  "common_language": False, "source": "gravity"}]
    vals = {(r["iso3"], r["year"], r["indicator"]): r["value"] for r in g.indicator_rows()}
    assert vals[("CHN", 2021, "gdp_usd")] == 120_000.0 and vals[("KGZ", 2019, "population")] == 1000.0


def test_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "Gravity_V202211.csv"
    path.write_text("year,iso3_o,iso3_d,dist\n2019,CHN,KGZ,3000\n")
    with pytest.raises(InputError, match="missing column") as err:
        gravity.parse(path)
    assert err.value.line == 1


def test_binary_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "Gravity_V202211.csv"
    path.write_bytes(b"\xff\xfe\x00\x01garbage\n")
    with pytest.raises(InputError, match="UTF-8") as err:
        gravity.parse(path)
    assert err.value.line == 1
