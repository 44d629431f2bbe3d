"""CEPII Gravity database importer (V202211 layout, 87 columns) -> ``distances`` and
``indicators``.

* ``distances`` (source ``gravity``): one row per ordered pair, from the latest year in
  the file where the pair has a distance; ``dist_km`` = ``distw_harmonic`` (population-
  weighted, harmonic mean) where present, else ``dist``; ``distcap_km`` = ``distcap``;
  ``contiguous`` = ``contig``; ``common_language`` = ``comlang_off``.
* ``indicators`` (source ``gravity``): ``gdp_usd`` = ``gdp_o``/``gdp_d`` × 1000 (thousand
  current USD) and ``population`` = ``pop_o``/``pop_d`` × 1000 (thousands), deduplicated
  over the many dyads a country-year appears in; conflicting copies are an error.

Rows for economies without a current ISO3 (SUN, YUG, CSK, DDR, ANT, ...) are skipped and
reported. The file is streamed (the full table is ~4.4 M rows). Scope ``gravity``.
"""

from __future__ import annotations

import csv
import logging
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from chuhai.data.sources._country_common import CountryCodes, fail, number, stage_rows, year_of
from chuhai.data.warehouse import ImportBatch

__all__ = ["NAME", "GravityParse", "detect", "parse", "stage"]

NAME = "gravity"
log = logging.getLogger(__name__)

_REQUIRED = ("year", "iso3_o", "iso3_d", "dist", "distcap", "contig", "comlang_off",
             "gdp_o", "gdp_d", "pop_o", "pop_d")
_REL_TOL = 1e-9  # copies of one country-year value must agree to float precision


def detect(path: Path, head: bytes) -> bool:
    first = head.decode("utf-8", "ignore").lstrip("\ufeff").split("\n", 1)[0]
    cells = {c.strip().strip('"') for c in first.split(",")}
    return {"iso3_o", "iso3_d", "distw_harmonic"} <= cells or {"iso3_o", "iso3_d", "gdp_o", "dist"} <= cells


class GravityParse:
    """Accumulates distances (latest year per pair) and deduplicated indicators."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.codes = CountryCodes(path)
        self.pairs: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
        self.values: dict[tuple[str, int, str], tuple[float, int]] = {}
        self.texts: dict[tuple[str, int, str], str] = {}
        self.rows_read = 0

    def indicator(self, iso: str, year: int, name: str, value: float, line: int, fld: str) -> None:
        key = (iso, year, name)
        old = self.values.get(key)
        if old is None:
            self.values[key] = (value, line)
        elif not math.isclose(old[0], value, rel_tol=_REL_TOL):
            fail(f"{fld} of {iso} in {year} is {value}, but {old[0]} at line {old[1]}",
                 self.path, line, fld)

    def indicator_rows(self) -> list[dict[str, Any]]:
        return [{"iso3": i, "year": y, "indicator": n, "value": v, "source": NAME}
                for (i, y, n), (v, _) in sorted(self.values.items())]

    def distance_rows(self) -> list[dict[str, Any]]:
        return [rec for _, (_, rec) in sorted(self.pairs.items())]


def _rows(fh: TextIO, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(fh)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        fail("the file is empty", path, 1)
    except (UnicodeDecodeError, csv.Error) as exc:
        fail(f"unreadable header ({exc}); not a UTF-8 CSV file?", path, 1)
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        fail(f"missing column {missing[0]!r}; not a CEPII Gravity table", path, 1, missing[0])
    idx = {c: header.index(c) for c in (*_REQUIRED, "distw_harmonic") if c in header}
    try:
        for row in reader:
            if not row:
                continue
            if len(row) != len(header):
                fail(f"{len(row)} fields where the header has {len(header)}", path, reader.line_num)
            yield reader.line_num, {c: row[i] for c, i in idx.items()}
    except csv.Error as exc:
        fail(f"malformed CSV: {exc}", path, reader.line_num)
    except UnicodeDecodeError as exc:
        fail(f"not valid UTF-8 text ({exc.reason}); wrong encoding?", path, reader.line_num)


def _flag(text: str, path: Path, line: int, fld: str) -> bool | None:
    v = number(text, path, line, fld, negative=False)
    return None if v is None else v >= 0.5


def _row(g: GravityParse, line: int, r: dict[str, str]) -> None:
    path = g.path
    year = year_of(r["year"], path, line, "year")
    o = g.codes.code(r["iso3_o"], line, "iso3_o")
    d = g.codes.code(r["iso3_d"], line, "iso3_d")
    for iso, side in ((o, "o"), (d, "d")):
        if iso is None:
            continue
        for name, fld in (("gdp_usd", f"gdp_{side}"), ("population", f"pop_{side}")):
            text, key = r[fld], (iso, year, name)
            if g.texts.get(key) == text:
                continue  # the same cell text as an earlier copy: nothing new to check
            g.texts[key] = text
            value = number(text, path, line, fld, negative=False)
            if value is not None:
                g.indicator(iso, year, name, value * 1000.0, line, fld)
    if o is None or d is None or (o, d) in g.pairs and g.pairs[(o, d)][0] >= year:
        return
    distw = number(r.get("distw_harmonic", ""), path, line, "distw_harmonic", negative=False)
    dist = number(r["dist"], path, line, "dist", negative=False)
    km = distw if distw is not None else dist
    if km is None:
        return
    g.pairs[(o, d)] = (year, {
        "origin": o, "destination": d, "dist_km": km,
        "distcap_km": number(r["distcap"], path, line, "distcap", negative=False),
        "contiguous": _flag(r["contig"], path, line, "contig"),
        "common_language": _flag(r["comlang_off"], path, line, "comlang_off"), "source": NAME})


def parse(path: Path) -> GravityParse:
    """Stream the file once. Every country-year cell text is checked once (later identical
    copies are skipped); distances are parsed for the latest year of each pair."""
    g = GravityParse(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for line, r in _rows(fh, path):
            _row(g, line, r)
            g.rows_read += 1
    if not g.rows_read:
        fail("no data rows", path, 2)
    return g


def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None = None,
          release: str | None = None) -> ImportBatch:
    g = parse(path)
    if g.codes.skipped:
        log.info("%s: %s", path.name, g.codes.report())
    ind = g.indicator_rows()
    loads = (stage_rows("distances", g.distance_rows(), staging),
             stage_rows("indicators", ind, staging))
    years = tuple(sorted({r["year"] for r in ind}))
    return ImportBatch(source=NAME, file=path.name, sha256=sha256, scope="gravity", loads=loads,
                       release=release, years=years)
