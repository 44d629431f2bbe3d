"""Read one sheet of an .xlsx workbook (openpyxl, read-only) as a text :class:`Table`."""

from __future__ import annotations

import warnings
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from chuhai.data.sources._country_common import Table, fail

__all__ = ["cell_text", "read_xlsx_table"]


def cell_text(value: Any) -> str:
    """A cell as the text a CSV export would hold (ints without '.0', dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def read_xlsx_table(path: Path, *, sheet: str | None = None, header_contains: str | None = None) -> Table:
    """The sheet ``sheet`` (default: the first) as a Table; the header is the first row
    that is not empty (or the first containing ``header_contains``)."""
    import openpyxl  # deferred: only .xlsx imports need it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles/extensions
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        fail(f"not a readable .xlsx workbook: {exc}", path)
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            fail(f"no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})", path, None, sheet)
        ws = wb[sheet] if sheet is not None else wb[wb.sheetnames[0]]
        raw = [(n, tuple(cell_text(v) for v in row))
               for n, row in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        wb.close()
    raw = [(n, r) for n, r in raw if any(r)]
    start = 0
    if header_contains is not None:
        hits = [i for i, (_, r) in enumerate(raw) if header_contains in r]
        if not hits:
            fail(f"no header row with {header_contains!r}", path, None, header_contains)
        start = hits[0]
    if len(raw) <= start:
        fail("the sheet is empty", path, 1)
    hline, header = raw[start]
    width = max(i + 1 for i, h in enumerate(header) if h) if any(header) else 0
    rows = tuple((n, tuple((list(r) + [""] * width)[:width])) for n, r in raw[start + 1:])
    return Table(path=path, header=tuple(h.strip() for h in header[:width]), rows=rows,
                 header_line=hline)
