"""Reader for the UNSD workbooks "HS <new> to HS <old> Correlation and conversion tables".

One workbook holds two sheets for one pair of HS editions, always newer -> older:

* **Correlation**: every link between a newer and an older subheading (1:1, 1:n, n:1, n:n);
* **Conversion**: one older code for each newer code, the "main" target UN Comtrade and
  WITS use.

The layout differs by generation (title blocks, one or two header rows, an ``ex`` column,
labels ``1:1`` / ``'1:1`` / ``1 to 1``; see ``../shared/data/hs-concordance/SOURCE.md``):
every row holding two six-digit codes is a link, everything else is skipped. Quirks handled:
``999999`` filler rows dropped; stray rows with one code skipped; Conversion rows whose newer
code the Correlation sheet does not list (1996->1992's 2710xx identity rows) dropped.

The pair of editions is read from the Correlation sheet's header row (``HS 2022``,
``HS 2017``, ``Relationship``: newer first), else from the file name. A cell of digits
that is not six long beside a code (``84818``) is refused, not skipped.

``read_unsd_workbook(path) -> UnsdPair``; bad input raises InputError naming file, sheet
(``field``), line and column.
``.xlsx`` is read with openpyxl, legacy ``.xls`` with xlrd.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from chuhai.errors import InputError

__all__ = ["EDITIONS", "UnsdPair", "read_unsd_workbook", "relations", "sheet_names"]

#: HS edition year -> chuhai revision label.
EDITIONS = {"1992": "HS92", "1996": "HS96", "2002": "HS02", "2007": "HS07", "2012": "HS12",
            "2017": "HS17", "2022": "HS22"}
_NAME = re.compile(r"HS\s*(\d{4})\s*to\s*HS\s*(\d{4})", re.IGNORECASE)
_CODE = re.compile(r"^\d{6}$")
_NOT_CODE = re.compile(r"^(\d{1,5}|\d{7,10})$")
_EDITION = re.compile(r"^HS\s*(\d{4})$", re.IGNORECASE)
_FILLER = "999999"


@dataclass(frozen=True, slots=True)
class UnsdPair:
    """One workbook: ``links`` (new, old) of the Correlation sheet and ``conversion``
    new -> old of the Conversion sheet, codes as 6-character strings."""

    new_revision: str
    old_revision: str
    links: tuple[tuple[str, str], ...]
    conversion: dict[str, str]


def _cell(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v)).zfill(6)
    return str(v).strip().lstrip("'") if v is not None else ""


def _sheets(path: Path) -> dict[str, list[list[str]]]:
    try:
        if path.suffix.lower() == ".xls":
            import xlrd  # lazy: only the legacy workbooks need it

            book = xlrd.open_workbook(str(path))
            return {s.name: [[_cell(c) for c in s.row_values(i)] for i in range(s.nrows)]
                    for s in book.sheets()}
        import openpyxl  # lazy: start-up speed

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return {ws.title: [[_cell(c) for c in row] for row in ws.iter_rows(values_only=True)]
                    for ws in wb.worksheets}
        finally:
            wb.close()
    except InputError:
        raise
    except Exception as exc:  # xlrd/openpyxl/zipfile errors: translated at the boundary
        raise InputError(f"cannot read the workbook: {exc}", file=path) from exc


def _header(rows: list[list[str]]) -> tuple[int, list[str]]:
    """(index, cells) of the header row: the last row before the first code row."""
    for i, row in enumerate(rows):
        if any(_CODE.match(c) for c in row):
            return (i - 1, rows[i - 1]) if i else (-1, [])
    return -1, []


def _pairs(path: Path, sheet: str, rows: list[list[str]]) -> list[tuple[str, str]]:
    start, header = _header(rows)
    out = []
    for i, row in enumerate(rows):
        codes = [c for c in row if _CODE.match(c)]
        if i > start >= 0 or codes:
            for j, c in enumerate(row):
                if _NOT_CODE.match(c):
                    col = header[j] if j < len(header) and header[j] else f"column {j + 1}"
                    raise InputError(f"{c!r} is not a 6-digit HS code", file=path, line=i + 1,
                                     field=f"{sheet}: {col}")
        if len(codes) >= 2 and _FILLER not in codes[:2]:
            out.append((codes[0], codes[1]))
    return out


def _name_pair(path: Path) -> tuple[str, str] | None:
    """(newer, older) edition years the file name says, checked; None when it says none."""
    m = _NAME.search(path.name.replace("to", " to "))
    if not m:
        return None
    for y in m.groups():
        if y not in EDITIONS:
            raise InputError(f"unknown HS edition {y} (known: {', '.join(EDITIONS)})",
                             file=path, field="file name")
    if int(m.group(1)) <= int(m.group(2)):
        raise InputError("UNSD tables go from the newer edition to the older; got "
                         f"{EDITIONS[m.group(1)]} to {EDITIONS[m.group(2)]}", file=path,
                         field="file name")
    return m.group(1), m.group(2)


_NO_PAIR = ("says the pair of HS editions (the Correlation sheet's header 'HS 2022', 'HS 2017', "
            "or a file name such as 'HS2022toHS2017ConversionAndCorrelationTables.xlsx')")


def _pair_of(path: Path, sheet: str, rows: list[list[str]],
             named: tuple[str, str] | None) -> tuple[str, str]:
    """(newer, older) edition years from the header row, else from the file name."""
    start, header = _header(rows)
    years = [m.group(1) for c in header if (m := _EDITION.match(c.strip()))]
    if len(years) >= 2:
        line, fld = start + 1, f"{sheet}: header"
        if years[0] not in EDITIONS or years[1] not in EDITIONS:
            raise InputError(f"unknown HS edition pair {years[0]} to {years[1]} (known editions: "
                             f"{', '.join(EDITIONS)})", file=path, line=line, field=fld)
        if int(years[0]) <= int(years[1]):
            raise InputError("UNSD tables go from the newer edition to the older; got "
                             f"{EDITIONS[years[0]]} to {EDITIONS[years[1]]}", file=path,
                             line=line, field=fld)
        return years[0], years[1]
    if named is None:
        raise InputError(f"neither the header nor the file name {_NO_PAIR}", file=path,
                         field=f"{sheet}: header")
    return named


def sheet_names(names: list[str]) -> tuple[str, str] | None:
    """(Correlation, Conversion) sheet of a workbook's sheet ``names``, if it has one each."""
    corr = [n for n in names if "corr" in n.lower()]
    conv = [n for n in names if "conv" in n.lower()]
    return (corr[0], conv[0]) if len(corr) == 1 and len(conv) == 1 else None


def relations(links: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Each link's relation seen from newer to older, from the links themselves: ``1:n``
    when the newer code has several older codes, ``n:1`` when the older code has several
    newer codes, ``n:n`` both, else ``1:1``."""
    out_deg = Counter(a for a, _ in links)
    in_deg = Counter(b for _, b in links)
    return tuple(f"{'n' if in_deg[b] > 1 else '1'}:{'n' if out_deg[a] > 1 else '1'}"
                 for a, b in links)


def read_unsd_workbook(path: Path) -> UnsdPair:
    named = _name_pair(path)  # a wrong name is refused before the workbook is read
    try:
        sheets = _sheets(path)
    except InputError as exc:
        if named is None:
            raise InputError(f"cannot read the workbook ({exc.__cause__ or exc}), and the file "
                             "name does not say which pair of HS editions it holds",
                             file=path) from exc
        raise
    names = sheet_names(list(sheets))
    if names is None:
        raise InputError(f"expected one Correlation and one Conversion sheet, found {list(sheets)}",
                         file=path, field="sheet")
    corr, conv = names
    y_new, y_old = _pair_of(path, corr, sheets[corr], named)
    new, old = EDITIONS[y_new], EDITIONS[y_old]
    links = tuple(dict.fromkeys(_pairs(path, corr, sheets[corr])))
    if not links:
        raise InputError("no links: the sheet needs two code columns (newer, older edition) "
                         "of 6-digit codes", file=path, field=corr)
    listed = {a for a, _ in links}
    conversion: dict[str, str] = {}
    for a, b in _pairs(path, conv, sheets[conv]):
        if a in listed:
            if conversion.setdefault(a, b) != b:
                raise InputError(f"{a} has two conversion targets ({conversion[a]}, {b})",
                                 file=path, field=conv)
    return UnsdPair(new, old, links, conversion)
