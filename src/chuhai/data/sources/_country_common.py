"""Shared plumbing of the country-level importers: reading text tables, numbers,
country codes with a report of what was skipped, and staging rows.

Every failure is an :class:`~chuhai.errors.InputError` naming the file, the line (1-based,
counting the header) and the field.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pyarrow as pa

from chuhai.data.bounds import FIRST_YEAR, last_year, year_ok
from chuhai.data.schema import data_columns
from chuhai.data.sources._country_codes import (
    HISTORIC,
    WB_AGGREGATES,
    aggregate_code,
    iso3_from_code,
    iso3_from_name,
)
from chuhai.data.staging import stage_arrow
from chuhai.data.warehouse import TableLoad
from chuhai.errors import InputError

__all__ = [
    "MISSING",
    "CountryCodes",
    "Table",
    "fail",
    "number",
    "read_table",
    "stage_rows",
    "year_of",
]

#: Cell texts that mean "no value" in the country-level sources.
MISSING = frozenset({"", "..", ".", "NA", "N/A", "NaN", "nan", "#N/A", "null", "None"})


def fail(message: str, path: Path | str, line: int | None = None, fld: str | None = None) -> NoReturn:
    raise InputError(message, file=path, line=line, field=fld)


def decode(path: Path, raw: bytes, encodings: Sequence[str]) -> str:
    """Decode ``raw`` with the first encoding that fits; name the byte that does not."""
    err: UnicodeDecodeError | None = None
    for enc in encodings:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError as exc:
            err = exc if err is None else err
    assert err is not None
    line = raw[: err.start].count(b"\n") + 1
    fail(f"not valid {encodings[0]} text (byte {err.start}); wrong encoding?", path, line)


@dataclass(frozen=True, slots=True)
class Table:
    """A delimited text table: header and rows, each row with its 1-based line number."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    header_line: int = 1

    def col(self, *names: str) -> int | None:
        """Index of the first of ``names`` present (case-insensitive), else None."""
        folded = [h.strip().casefold() for h in self.header]
        for name in names:
            if name.casefold() in folded:
                return folded.index(name.casefold())
        return None

    def need(self, *names: str) -> int:
        idx = self.col(*names)
        if idx is None:
            fail(f"missing column {names[0]!r} (header: {', '.join(self.header)})",
                 self.path, self.header_line, names[0])
        return idx


def read_table(path: Path, *, delimiter: str = ",", encodings: Sequence[str] = ("utf-8-sig",),
               skip_lines: int = 0) -> Table:
    """Read a whole delimited file (the country files are small: < 5 MB)."""
    text = decode(path, path.read_bytes(), encodings).lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        fail(f"malformed CSV: {exc}", path, reader.line_num)
    lines = [(n, r) for n, r in lines if any(c.strip() for c in r)]
    lines = [x for x in lines if x[0] > skip_lines]
    if not lines:
        fail("the file has no header row", path, 1)
    (hline, header), body = lines[0], lines[1:]
    width = len(header)
    rows = []
    for n, row in body:
        if len(row) != width:  # the field named: the first missing, or the first extra one
            fail(f"{len(row)} fields where the header has {width}", path, n,
                 header[len(row)].strip() if len(row) < width else f"(field {width + 1})")
        rows.append((n, tuple(row)))
    return Table(path=path, header=tuple(h.strip() for h in header), rows=tuple(rows),
                 header_line=hline)


_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?$")


def number(text: str, path: Path, line: int | None, fld: str, *,
           negative: bool = True) -> float | None:
    """A float, or None for a missing-value marker; InputError for anything else."""
    t = text.strip()
    if t in MISSING:
        return None
    line = line or None  # 0: no line (a JSON source)
    plain = t.replace(",", "") if t.count(",") and "." in t else t
    if not _NUMBER.match(plain):  # float() would also take '1_000', 'inf', Arabic digits
        fail(f"not a number: {t[:40]!r}", path, line, fld)
    value = float(plain)
    if not math.isfinite(value):
        fail(f"not a finite number: {t[:40]!r}", path, line, fld)
    if value < 0 and not negative:
        fail(f"negative value {t[:40]}", path, line, fld)
    return value


#: The written forms of a year: 2021, 2021.0, 2021-01(-01), 01/01/2021, YR2021.
_YEAR_FORMS = re.compile(r"^(?:YR)?(\d{4})(?:\.0+)?$|^(\d{4})-\d{2}(?:-\d{2})?$|^\d{1,2}/\d{1,2}/(\d{4})$")


def year_of(text: str, path: Path, line: int | None, fld: str) -> int:
    """A year in one of :data:`_YEAR_FORMS` (the whole text: ``-1987`` is not 1987) within
    the sources' coverage (:func:`chuhai.data.bounds.year_ok`)."""
    m = _YEAR_FORMS.match(text.strip().upper())
    if m is None:
        fail(f"not a year: {text[:40]!r}", path, line or None, fld)
    year = int(next(g for g in m.groups() if g is not None))
    if not year_ok(year):
        fail(f"year {year} is outside {FIRST_YEAR}..{last_year()}", path, line or None, fld)
    return year


@dataclass
class CountryCodes:
    """Resolves codes and names to ISO3, counting what it skipped (aggregates, historic)."""

    path: Path
    skipped: Counter[str] = field(default_factory=Counter)

    def code(self, text: str, line: int, fld: str) -> str | None:
        raw = text.strip().upper()
        iso = iso3_from_code(raw)
        if iso is not None:
            return iso
        if raw in WB_AGGREGATES or raw in HISTORIC:
            self.skipped[raw] += 1
            return None
        fail(f"unknown country code {text.strip()!r} (not ISO3, not a known aggregate)",
             self.path, line, fld)

    def name(self, text: str, line: int, fld: str) -> str | None:
        agg = aggregate_code(text)
        if agg is not None:
            self.skipped[agg] += 1
            return None
        iso = iso3_from_name(text)
        if iso is None:
            fail(f"cannot resolve country name {text.strip()!r} to ISO3", self.path, line, fld)
        return iso

    def report(self) -> str:
        """'skipped 3 rows of aggregates/historic codes: WLD (1), ...' or ''."""
        if not self.skipped:
            return ""
        parts = ", ".join(f"{c} ({n})" for c, n in sorted(self.skipped.items()))
        return f"skipped {sum(self.skipped.values())} rows of aggregates or historic economies: {parts}"


def stage_rows(table: str, rows: Sequence[Mapping[str, Any]], staging: Path, *,
               name: str | None = None, source: str | None = None) -> TableLoad:
    """Stage row dicts (missing columns are NULL; ``source`` fills the source column)."""
    cols = data_columns(table)
    data = {c: [r.get(c, source if c == "source" else None) for r in rows] for c in cols}
    return stage_arrow(table, pa.table(data), staging, name=name)


def iter_json_records(obj: Any) -> Iterator[Any]:
    """Items of a JSON list, or nothing."""
    if isinstance(obj, list):
        yield from obj
