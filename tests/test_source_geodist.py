"""CEPII GeoDist: dist_cepii and geo_cepii (csv and xlsx), recomputed with the csv module."""

from __future__ import annotations

import csv
import hashlib
import math
from pathlib import Path

import pytest

from chuhai.data.importer import detect_source, import_paths
from chuhai.data.sources import geodist
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError

RENAME = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "PAL": "PSE", "YUG": "SRB"}


def test_dist_cepii(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "cepii-geodist" / "dist_cepii.csv"
    assert detect_source(path) == "geodist"
    wh = Warehouse(tmp_path / "wh")
    (out,) = import_paths(wh, [path])
    with open(path, encoding="latin-1", newline="") as fh:
        src = [r for r in csv.DictReader(fh, delimiter=";") if "ANT" not in (r["iso_o"], r["iso_d"])]
    ref = {(RENAME.get(r["iso_o"], r["iso_o"]), RENAME.get(r["iso_d"], r["iso_d"])):
           float(r["distw"] if r["distw"] != "." else r["dist"]) for r in src}
    with wh.connect() as con:
        got = dict(((o, d), km) for o, d, km in con.execute(
            "SELECT origin, destination, dist_km FROM distances WHERE source='geodist'").fetchall())
        chn_kaz = con.execute("SELECT contiguous, distcap_km FROM distances "
                              "WHERE origin='CHN' AND destination='KAZ'").fetchone()
    assert out.rows == len(src) == len(got) and got.keys() == ref.keys()
    assert math.isclose(sum(got.values()), sum(ref.values()), rel_tol=1e-12)
    assert chn_kaz[0] is True
    assert got[("ROU", "COD")] == ref[("ROU", "COD")]


def test_geo_cepii_csv_and_xlsx_agree(shared_data: Path, tmp_path: Path) -> None:
    csv_path = shared_data / "cepii-geodist" / "geo_cepii.csv"
    xlsx_path = shared_data / "cepii-geodist" / "geo_cepii.xlsx"
    assert detect_source(csv_path) == "geodist" and detect_source(xlsx_path) == "geodist"
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, [csv_path])
    with wh.connect() as con:
        from_csv = sorted(con.execute("SELECT * EXCLUDE (import_id) FROM country_geo").fetchall())
    import_paths(wh, [xlsx_path])  # same scope: replaces the csv rows
    with wh.connect() as con:
        from_xlsx = sorted(con.execute("SELECT * EXCLUDE (import_id) FROM country_geo").fetchall())
    assert from_csv == from_xlsx
    with open(csv_path, encoding="latin-1", newline="") as fh:
        caps = {r["iso3"]: (r["city_en"], float(r["lat"]), float(r["lon"]))
                for r in csv.DictReader(fh, delimiter=";") if r["cap"] == "1"}
    by = {r[0]: r for r in from_csv}
    assert len(by) == 224
    for iso in ("CHN", "KGZ", "MOZ", "ARG"):
        assert by[iso][1:4] == caps[iso]
    assert by["KAZ"][1] == "Astana" and by["CIV"][1] == "Yamoussoukro"  # seat-of-government choice
    assert by["KGZ"][6] is True  # landlocked


def test_bad_values(tmp_path: Path) -> None:
    head = "iso_o;iso_d;contig;comlang_off;comlang_ethno;colony;comcol;curcol;col45;smctry;dist;distcap;distw;distwces\n"
    path = tmp_path / "dist_cepii.csv"
    path.write_text(head + "CHN;KAZ;2;0;0;0;0;0;0;0;3277;3700;3500;3400\n")
    with pytest.raises(InputError, match="0 or 1") as err:
        geodist.stage(path, tmp_path, sha256="0" * 64)
    assert (err.value.line, err.value.field) == (2, "contig")
    path.write_text(head + "CHN;XXX;1;0;0;0;0;0;0;0;3277;3700;3500;3400\n")
    with pytest.raises(InputError, match="unknown country code") as err:
        geodist.stage(path, tmp_path, sha256="0" * 64)
    assert err.value.field == "iso_d"
    path.write_text(head + "CHN;KAZ;1;0;0;0;0;0;0;0;3277;3700;.;.\nCHN;KAZ;1;0;0;0;0;0;0;0;1;1;1;1\n")
    with pytest.raises(InputError, match="duplicate") as err:
        geodist.stage(path, tmp_path, sha256="0" * 64)
    assert err.value.line == 3


def test_truncated_xlsx_changes_nothing(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh").create()
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in wh.home.iterdir()}
    bad = tmp_path / "geo_cepii.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(InputError, match="xlsx"):
        import_paths(wh, [bad])
    assert before == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in wh.home.iterdir()}
