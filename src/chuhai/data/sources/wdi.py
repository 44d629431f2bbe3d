"""World Bank WDI importer: API JSON, bulk CSV (wide and long), name-only files, and the
World Bank income / region classification (CLASS, OGHIST).

Indicators land in ``indicators`` (source ``wdi``) under chuhai's names (see
:data:`~chuhai.data.sources._wdi_layouts.INDICATORS`; growth rates become fractions);
classifications land in ``country_classes``. Aggregates (World, regions, income groups)
and historic economies are skipped and reported (logged, and returned by :func:`parse`).
Scope: ``wdi/<indicator>[+<indicator>...]`` (``.../mrv`` for most-recent-value
snapshots), ``wb-class`` or ``wb-oghist``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chuhai.data.sources._country_common import CountryCodes, Table, fail, read_table, stage_rows
from chuhai.data.sources._country_xlsx import read_xlsx_table
from chuhai.data.sources._wb_class import class_rows, is_class_table, is_oghist_table
from chuhai.data.sources._wdi_layouts import (
    ALIASES,
    INDICATORS,
    Record,
    indicator_from_name,
    json_records,
    table_records,
)
from chuhai.data.warehouse import ImportBatch

__all__ = ["INDICATORS", "NAME", "WdiParse", "detect", "parse", "stage"]

NAME = "wdi"
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WdiParse:
    """What a WDI file holds: rows for one table, its scope, and what was skipped."""

    table: str  # "indicators" or "country_classes"
    rows: tuple[dict[str, Any], ...]
    scope: str
    skipped: str = ""
    years: tuple[int, ...] = field(default=())


def _first_line(head: bytes) -> str:
    return head.decode("utf-8", "ignore").lstrip("\ufeff").lstrip().split("\n", 1)[0].strip()


def detect(path: Path, head: bytes) -> bool:
    """WB API JSON, a WDI CSV layout, or a WB classification file."""
    if path.suffix.lower() == ".xlsx":
        return path.name.lower().startswith("class")
    text = head.decode("utf-8", "ignore").lstrip("\ufeff").lstrip()
    if text.startswith("["):
        return '"page"' in text[:300] or ('"indicator"' in text and '"countryiso3code"' in text)
    first = _first_line(head)
    cells = tuple(c.strip().strip('"') for c in first.split(","))
    folded = {c.casefold() for c in cells}
    if cells[:2] == ("Data Source", "World Development Indicators"):
        return True
    if {"country code", "indicator code"} <= folded:
        return True
    if {"country code", "series code"} <= folded:  # DataBank export; WGI's *.EST go to wgi
        return any(code in text for code in INDICATORS)
    if is_class_table(cells) or is_oghist_table(cells):
        return True
    has_country = bool(folded & {"country name", "country code", "country", "country_code", "economy"})
    has_year = bool(folded & {"year", "date"}) or any(c.endswith(":T") for c in cells)
    named = any(c in INDICATORS or c.lower() in ALIASES for c in cells)
    if has_country and has_year and named:
        return True
    return has_country and "value" in folded and indicator_from_name(path.name) is not None


def parse(path: Path, *, release: str | None = None, indicator: str | None = None) -> WdiParse:
    """Parse and validate a WDI or classification file completely.

    ``indicator`` (a WDI code such as ``NY.GDP.MKTP.CD``) names the indicator of a file
    whose single ``Value`` column does not say it and whose name does not either.
    """
    codes = CountryCodes(path)
    raw = path.read_bytes()
    if not raw.strip():
        fail("the file is empty", path, 1)
    if path.suffix.lower() == ".xlsx":  # CLASS.xlsx: first sheet "List of economies"

        table = read_xlsx_table(path, header_contains="Code")
        if not is_class_table(table.header):
            fail("not a World Bank CLASS workbook (needs Code and Income group columns)",
                 path, table.header_line, "Income group")
        classes, cscope = class_rows(table, codes, release)
        cyears = tuple(sorted({r["year"] for r in classes if r["year"] is not None}))
        return WdiParse("country_classes", tuple(classes), cscope, codes.report(), cyears)
    if raw.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"["):
        records: Iterable[Record] = json_records(path, raw, codes)
        snapshot = False
    else:
        first = raw[:200].decode("utf-8", "ignore").lstrip("\ufeff")
        table = _skip_metadata(path) if first.startswith('"Data Source"') else read_table(path)
        if is_class_table(table.header) or is_oghist_table(table.header):
            classes, cscope = class_rows(table, codes, release)
            cyears = tuple(sorted({r["year"] for r in classes if r["year"] is not None}))
            return WdiParse("country_classes", tuple(classes), cscope, codes.report(), cyears)
        records = table_records(table, codes, indicator)
        snapshot = any(h.endswith(":T") for h in table.header)
    rows = _indicator_rows(path, records)
    names = sorted({r["indicator"] for r in rows})
    if not names:
        fail("no indicator values for any country in the file", path, None)
    years = tuple(sorted({r["year"] for r in rows}))
    # A most-recent-value snapshot (wbgapi ``<code>:T`` column: each country's latest year)
    # gets its own scope, so it never deletes a panel's rows for the years it touches.
    scope = "wdi/" + "+".join(names) + ("/mrv" if snapshot else "")
    return WdiParse("indicators", tuple(rows), scope, codes.report(), years)


def _skip_metadata(path: Path) -> Table:
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if line.lstrip('"').startswith("Country Name"):
                return read_table(path, skip_lines=n - 1)
            if n > 10:
                break
    fail("World Bank download without a 'Country Name' header row", path, None, "Country Name")


def _indicator_rows(path: Path, records: Iterable[Record]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[str, int, str], int] = {}
    for rec in records:
        name, factor = INDICATORS[rec.code]
        key = (rec.iso3, rec.year, name)
        if key in seen:
            where = f"line {seen[key]}" if seen[key] else "an earlier record"
            fail(f"duplicate value for {rec.iso3} {rec.year} {name} (also at {where})",
                 path, rec.line or None, rec.code)
        seen[key] = rec.line
        rows.append({"iso3": rec.iso3, "year": rec.year, "indicator": name,
                     "value": rec.value * factor, "source": "wdi"})
    return rows


def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None = None,
          release: str | None = None, indicator: str | None = None) -> ImportBatch:
    """Parse ``path`` and stage it (see :func:`parse`); ``hs_revision`` is ignored."""
    parsed = parse(path, release=release, indicator=indicator)
    if parsed.skipped:
        log.info("%s: %s", path.name, parsed.skipped)
    load = stage_rows(parsed.table, parsed.rows, staging)
    return ImportBatch(source=NAME, file=path.name, sha256=sha256, scope=parsed.scope,
                       loads=(load,), release=release, years=parsed.years)
