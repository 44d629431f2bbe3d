"""Worldwide Governance Indicators (WGI) importer -> ``indicators`` (source ``wgi``).

Layouts:

* long (``wgidataset.csv`` of the 2023+ releases): ``codeindyr, code, countryname, year,
  indicator (va/pv/ge/rq/rl/cc), estimate, stddev, nsource, pctrank, ...``; missing ``..``;
* DataBank wide export: ``Country Name, Country Code, Series Name, Series Code
  (VA.EST, PV.EST, ...), 1996 [YR1996], ...``; only the ``*.EST`` series are read.

Estimates (about -2.5 .. +2.5) land as ``wgi_va``, ``wgi_pv``, ``wgi_ge``, ``wgi_rq``,
``wgi_rl``, ``wgi_cc``. WB codes ADO, ROM, ZAR, KSV, TMP, WBG are mapped to ISO3.
Scope ``wgi``: a newer release replaces the years it covers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chuhai.data.sources._country_common import (
    CountryCodes,
    Table,
    fail,
    number,
    read_table,
    stage_rows,
    year_of,
)
from chuhai.data.warehouse import ImportBatch

__all__ = ["DIMENSIONS", "NAME", "detect", "parse", "stage"]

NAME = "wgi"
log = logging.getLogger(__name__)

#: WGI dimension code -> chuhai indicator.
DIMENSIONS: dict[str, str] = {
    "va": "wgi_va",  # Voice and Accountability
    "pv": "wgi_pv",  # Political Stability and Absence of Violence/Terrorism
    "ge": "wgi_ge",  # Government Effectiveness
    "rq": "wgi_rq",  # Regulatory Quality
    "rl": "wgi_rl",  # Rule of Law
    "cc": "wgi_cc",  # Control of Corruption
}
_YEAR_COL = re.compile(r"^(\d{4})(?: \[YR\d{4}\])?$")
_LIMIT = 5.0  # |estimate| beyond this is not a WGI estimate (they lie within about ±2.5)


def detect(path: Path, head: bytes) -> bool:
    text = head.decode("utf-8", "ignore").lstrip("\ufeff")
    first = text.split("\n", 1)[0].casefold()
    if "codeindyr" in first or {"countryname", "indicator", "estimate"} <= set(
            c.strip().strip('"') for c in first.split(",")):
        return True
    return "series code" in first and bool(re.search(r",\"?(VA|PV|GE|RQ|RL|CC)\.EST\b", text))


def parse(path: Path) -> tuple[list[dict[str, Any]], str]:
    """Indicator rows and the skipped-rows report."""
    table = read_table(path)
    codes = CountryCodes(path)
    records = _wide(table, codes) if table.col("Series Code") is not None else _long(table, codes)
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[str, int, str], int] = {}
    for iso, year, ind, value, line, fld in records:
        if abs(value) > _LIMIT:
            fail(f"estimate {value} is outside the WGI range (about -2.5 .. 2.5)", path, line, fld)
        key = (iso, year, ind)
        if key in seen:
            fail(f"duplicate {ind} for {iso} {year} (also line {seen[key]})", path, line, fld)
        seen[key] = line
        rows.append({"iso3": iso, "year": year, "indicator": ind, "value": value, "source": NAME})
    if not rows:
        fail("no WGI estimates in the file", path, None)
    return rows, codes.report()


Rec = tuple[str, int, str, float, int, str]


def _long(table: Table, codes: CountryCodes) -> Iterator[Rec]:
    c_code, c_year = table.need("code"), table.need("year")
    c_ind, c_est = table.need("indicator"), table.need("estimate")
    for line, row in table.rows:
        dim = row[c_ind].strip().lower()
        if dim not in DIMENSIONS:
            fail(f"unknown WGI indicator {row[c_ind]!r} (expected {', '.join(DIMENSIONS)})",
                 table.path, line, "indicator")
        iso = codes.code(row[c_code], line, "code")
        value = number(row[c_est], table.path, line, "estimate")
        if iso is None or value is None:
            continue
        yield iso, year_of(row[c_year], table.path, line, "year"), DIMENSIONS[dim], value, line, "estimate"


def _wide(table: Table, codes: CountryCodes) -> Iterator[Rec]:
    c_code, c_series = table.need("Country Code"), table.need("Series Code")
    years = {i: int(m.group(1)) for i, h in enumerate(table.header) if (m := _YEAR_COL.match(h))}
    for line, row in table.rows:
        series = row[c_series].strip().upper()
        if not series.endswith(".EST"):
            continue  # standard errors, ranks, source counts
        dim = series[:-4].lower()
        if dim not in DIMENSIONS:
            fail(f"unknown WGI series {series!r}", table.path, line, "Series Code")
        iso = codes.code(row[c_code], line, "Country Code")
        if iso is None:
            continue
        for col, year in years.items():
            value = number(row[col], table.path, line, table.header[col])
            if value is not None:
                yield iso, year, DIMENSIONS[dim], value, line, table.header[col]


def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None = None,
          release: str | None = None) -> ImportBatch:
    rows, skipped = parse(path)
    if skipped:
        log.info("%s: %s", path.name, skipped)
    load = stage_rows("indicators", rows, staging)
    years = tuple(sorted({r["year"] for r in rows}))
    return ImportBatch(source=NAME, file=path.name, sha256=sha256, scope="wgi", loads=(load,),
                       release=release, years=years)
