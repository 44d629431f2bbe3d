"""CEPII GeoDist importer: ``dist_cepii`` -> ``distances``, ``geo_cepii`` -> ``country_geo``.

* ``dist_cepii`` (``;``-separated, ``.`` = missing): ``iso_o;iso_d;contig;comlang_off;
  comlang_ethno;colony;comcol;curcol;col45;smctry;dist;distcap;distw;distwces``.
  ``dist_km`` = ``distw`` (population-weighted) where present, else ``dist`` (most
  populated cities); ``distcap_km`` = ``distcap``. Scope ``geodist``.
* ``geo_cepii`` (``;``-separated, latin-1): one row per city; the capital (``cap`` = 1,
  else the seat of government ``cap`` = 2/3, else the main city) gives ``capital``,
  ``lat``, ``lon``; also ``area``, ``dis_int``, ``landlocked``. Scope ``geodist-geo``.

Both also as ``.xlsx`` (openpyxl). CEPII's old codes are mapped: ROM->ROU, ZAR->COD,
TMP->TLS, PAL->PSE, YUG->SRB (GeoDist's YUG is Serbia and Montenegro, measured from
Belgrade); ANT (Netherlands Antilles) has no current code and is skipped and reported.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from chuhai.data.sources._country_common import (
    CountryCodes,
    Table,
    fail,
    number,
    read_table,
    stage_rows,
)
from chuhai.data.sources._country_xlsx import read_xlsx_table
from chuhai.data.warehouse import ImportBatch

__all__ = ["NAME", "detect", "parse_dist", "parse_geo", "stage"]

NAME = "geodist"
log = logging.getLogger(__name__)

#: GeoDist-only code choices on top of the shared legacy codes.
CEPII_OVERRIDES: dict[str, str] = {"YUG": "SRB"}
_DIST_HEAD = ("iso_o", "iso_d", "contig", "comlang_off")
_GEO_HEAD = ("iso2", "iso3", "cnum", "country")


def detect(path: Path, head: bytes) -> bool:
    name = path.name.lower()
    if name.endswith(".xlsx"):
        return name.startswith(("dist_cepii", "geo_cepii"))
    first = head.decode("latin-1").lstrip("\ufeff").lstrip("ï»¿").split("\n", 1)[0]
    cells = tuple(c.strip().strip('"').lower() for c in first.replace(";", ",").split(","))
    return cells[:4] in (_DIST_HEAD, _GEO_HEAD)


def _table(path: Path) -> Table:
    if path.suffix.lower() == ".xlsx":

        return read_xlsx_table(path)
    first = path.read_bytes()[:4096].decode("latin-1")
    delim = ";" if first.count(";") > first.count(",") else ","
    return read_table(path, delimiter=delim, encodings=("utf-8-sig", "latin-1"))


def _iso(codes: CountryCodes, text: str, line: int, fld: str) -> str | None:
    raw = text.strip().upper()
    return codes.code(CEPII_OVERRIDES.get(raw, raw), line, fld)


def _num(text: str, path: Path, line: int, fld: str) -> float | None:
    t = text.strip()
    if t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")  # decimal comma of some CEPII exports
    return number(t, path, line, fld, negative=fld in ("lat", "lon"))


def _flag(text: str, path: Path, line: int, fld: str) -> bool | None:
    value = _num(text, path, line, fld)
    if value is None:
        return None
    if value not in (0.0, 1.0):
        fail(f"expected 0 or 1, got {text!r}", path, line, fld)
    return value == 1.0


def parse_dist(table: Table, codes: CountryCodes) -> list[dict[str, Any]]:
    path = table.path
    cols = {c: table.need(c) for c in ("iso_o", "iso_d", "contig", "comlang_off", "dist", "distcap")}
    c_w = table.col("distw")
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in table.rows:
        o = _iso(codes, row[cols["iso_o"]], line, "iso_o")
        d = _iso(codes, row[cols["iso_d"]], line, "iso_d")
        if o is None or d is None:
            continue
        if (o, d) in seen:
            fail(f"duplicate pair {o}-{d} (also line {seen[(o, d)]})", path, line, "iso_d")
        seen[(o, d)] = line
        dist = _num(row[cols["dist"]], path, line, "dist", )
        distw = _num(row[c_w], path, line, "distw") if c_w is not None else None
        km = distw if distw is not None else dist
        if km is None:
            fail("no distance (dist and distw both missing)", path, line, "dist")
        rows.append({"origin": o, "destination": d, "dist_km": km,
                     "distcap_km": _num(row[cols["distcap"]], path, line, "distcap"),
                     "contiguous": _flag(row[cols["contig"]], path, line, "contig"),
                     "common_language": _flag(row[cols["comlang_off"]], path, line, "comlang_off"),
                     "source": NAME})
    return rows


def _rank(cap: float | None, main: float | None) -> tuple[int, int]:
    """Lower is better: capital (1) first, then seat of government (2, 3), then main city."""
    return (int(cap) if cap in (1.0, 2.0, 3.0) else 9, 0 if main == 1.0 else 1)


def parse_geo(table: Table, codes: CountryCodes) -> list[dict[str, Any]]:
    path = table.path
    cols = {c: table.need(c) for c in ("iso3", "city_en", "lat", "lon", "cap")}
    opt = {c: table.col(c) for c in ("maincity", "area", "dis_int", "landlocked")}
    best: dict[str, tuple[tuple[int, int], dict[str, Any]]] = {}
    for line, row in table.rows:
        iso = _iso(codes, row[cols["iso3"]], line, "iso3")
        if iso is None:
            continue
        lat, lon = _num(row[cols["lat"]], path, line, "lat"), _num(row[cols["lon"]], path, line, "lon")
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            fail(f"capital coordinates {row[cols['lat']]!r}, {row[cols['lon']]!r} are not valid",
                 path, line, "lat")

        def get(c: str, row: tuple[str, ...] = row, line: int = line) -> float | None:
            i = opt[c]
            return None if i is None else _num(row[i], path, line, c)

        rank = _rank(_num(row[cols["cap"]], path, line, "cap"), get("maincity"))
        landlocked = get("landlocked")
        rec = {"iso3": iso, "capital": row[cols["city_en"]].strip() or None, "lat": lat, "lon": lon,
               "area_km2": get("area"), "internal_km": get("dis_int"),
               "landlocked": None if landlocked is None else landlocked == 1.0, "source": NAME}
        if iso not in best or rank < best[iso][0]:
            best[iso] = (rank, rec)
    return [rec for _, rec in best.values()]


def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None = None,
          release: str | None = None) -> ImportBatch:
    table = _table(path)
    codes = CountryCodes(path)
    header = tuple(h.lower() for h in table.header[:4])
    if header == _DIST_HEAD:
        rows, target, scope = parse_dist(table, codes), "distances", "geodist"
    elif header == _GEO_HEAD:
        rows, target, scope = parse_geo(table, codes), "country_geo", "geodist-geo"
    else:
        fail("not a CEPII GeoDist file: expected a header starting iso_o;iso_d;... (dist_cepii) "
             "or iso2;iso3;cnum;country;... (geo_cepii)", path, table.header_line, table.header[0])
    if not rows:
        fail("no rows for any current country", path, None)
    if codes.skipped:
        log.info("%s: %s", path.name, codes.report())
    load = stage_rows(target, rows, staging)
    return ImportBatch(source=NAME, file=path.name, sha256=sha256, scope=scope, loads=(load,),
                       release=release)
