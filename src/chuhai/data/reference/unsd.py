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

``read_unsd_workbook(path) -> UnsdPair``; bad input raises InputError naming file and sheet.
``.xlsx`` is read with openpyxl, legacy ``.xls`` with xlrd.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from chuhai.errors import InputError

__all__ = ["EDITIONS", "UnsdPair", "read_unsd_workbook"]

#: HS edition year -> chuhai revision label.
EDITIONS = {"1992": "HS92", "1996": "HS96", "2002": "HS02", "2007": "HS07", "2012": "HS12",
            "2017": "HS17", "2022": "HS22"}
_NAME = re.compile(r"HS\s*(\d{4})\s*to\s*HS\s*(\d{4})", re.IGNORECASE)
_CODE = re.compile(r"^\d{6}$")
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


def _pairs(rows: list[list[str]]) -> list[tuple[str, str]]:
    out = []
    for row in rows:
        codes = [c for c in row if _CODE.match(c)]
        if len(codes) >= 2 and _FILLER not in codes[:2]:
            out.append((codes[0], codes[1]))
    return out


def read_unsd_workbook(path: Path) -> UnsdPair:
    m = _NAME.search(path.name.replace("to", " to "))
    if not m or m.group(1) not in EDITIONS or m.group(2) not in EDITIONS:
        raise InputError("the file name does not say the pair of HS editions "
                         "(e.g. 'HS2022toHS2017ConversionAndCorrelationTables.xlsx')", file=path)
    new, old = EDITIONS[m.group(1)], EDITIONS[m.group(2)]
    if int(m.group(1)) <= int(m.group(2)):
        raise InputError(f"UNSD tables go from the newer edition to the older; got {new} to {old}",
                         file=path)
    sheets = _sheets(path)
    corr = [n for n in sheets if "corr" in n.lower()]
    conv = [n for n in sheets if "conv" in n.lower()]
    if len(corr) != 1 or len(conv) != 1:
        raise InputError(f"expected one Correlation and one Conversion sheet, found {list(sheets)}",
                         file=path, field="sheet")
    links = tuple(dict.fromkeys(_pairs(sheets[corr[0]])))
    if not links:
        raise InputError("no links (rows with two 6-digit codes)", file=path, field=corr[0])
    listed = {a for a, _ in links}
    conversion: dict[str, str] = {}
    for a, b in _pairs(sheets[conv[0]]):
        if a in listed:
            if conversion.setdefault(a, b) != b:
                raise InputError(f"{a} has two conversion targets ({conversion[a]}, {b})",
                                 file=path, field=conv[0])
    return UnsdPair(new, old, links, conversion)
