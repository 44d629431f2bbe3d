"""Read one sheet of an .xlsx workbook (openpyxl, read-only) as a text :class:`Table`.

A workbook given by a user is hostile until read: before openpyxl sees it, its parts are
checked as any zip is (:mod:`._zip`: traversal, bombs, encrypted or corrupt members),
their uncompressed total is held to a budget, and an XML part that declares a DOCTYPE
(internal or external entities) is refused. openpyxl itself parses with defusedxml (a
dependency: openpyxl uses it when installed), so no entity is expanded and nothing is
fetched. Reading rows stops at a time budget. Every failure of openpyxl or its XML
parser is an :class:`~chuhai.errors.InputError` naming the workbook, the part or row.
"""

from __future__ import annotations

import os
import time
import warnings
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from chuhai.data.sources._country_common import Table, fail
from chuhai.data.sources._zip import open_zip, safe_members
from chuhai.errors import ChuhaiError

__all__ = ["MAX_WORKBOOK_BYTES", "MAX_WORKBOOK_SECONDS", "cell_text", "read_xlsx_table"]

#: Largest accepted uncompressed size of a workbook's parts, bytes ($CHUHAI_MAX_WORKBOOK_BYTES).
MAX_WORKBOOK_BYTES = 64 * 1024**2
#: Longest time spent reading one sheet, seconds ($CHUHAI_MAX_WORKBOOK_SECONDS).
MAX_WORKBOOK_SECONDS = 60.0
_PROLOG = 4096  # a DOCTYPE must come before the root element

try:  # the XML errors openpyxl can let through: lxml's, where it is installed
    from lxml.etree import LxmlError as _LxmlError
except ImportError:  # pragma: no cover
    _LxmlError = ParseError

#: Errors of openpyxl and its parsers on a malformed workbook (translated at this boundary).
_BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError, TypeError,
           IndexError, AttributeError, RuntimeError, ParseError, _LxmlError)


def _budget(env: str, default: float) -> float:
    raw = os.environ.get(env, "")
    try:
        return float(raw) if raw.strip() else default
    except ValueError:
        raise ChuhaiError(f"{env}={raw!r} is not a number") from None


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


def _check_parts(path: Path) -> None:
    """Zip guards, the size budget, and no DOCTYPE in any XML part."""
    limit = int(_budget("CHUHAI_MAX_WORKBOOK_BYTES", MAX_WORKBOOK_BYTES))
    with open_zip(path) as zf:
        members = safe_members(zf, path=path, max_total=limit)
        for info in members:
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            where = f"{path}!{info.filename}"
            if info.flag_bits & 0x1:
                fail("the workbook part is encrypted (password-protected workbooks are not read)",
                     where)
            try:
                with zf.open(info) as fh:
                    head = fh.read(_PROLOG)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
                    NotImplementedError) as exc:
                fail(f"truncated or corrupt workbook part: {exc}", where)
            if b"<!doctype" in head.lower() or b"<!entity" in head.lower():
                fail("the workbook part declares a DOCTYPE (XML entities are refused)", where,
                     1, "DOCTYPE")


def _rows(path: Path, sheet: str | None) -> list[tuple[int, tuple[str, ...]]]:
    import openpyxl  # lazy: start-up (only .xlsx imports need it)

    _check_parts(path)
    deadline = time.monotonic() + _budget("CHUHAI_MAX_WORKBOOK_SECONDS", MAX_WORKBOOK_SECONDS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles/extensions
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _BROKEN as exc:
        fail(f"not a readable .xlsx workbook: {type(exc).__name__}: {exc}", path)
    n = 0
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            fail(f"no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})", path, None, sheet)
        if not wb.sheetnames:
            fail("the workbook has no sheet", path)
        ws = wb[sheet] if sheet is not None else wb[wb.sheetnames[0]]
        raw = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
                raw.append((n, tuple(cell_text(v) for v in row)))
                if n % 1000 == 0 and time.monotonic() > deadline:
                    fail(f"reading the sheet took longer than the budget "
                         f"(CHUHAI_MAX_WORKBOOK_SECONDS); stopped at row {n}", path, n)
    except _BROKEN as exc:
        fail(f"malformed worksheet XML: {type(exc).__name__}: {exc}", path, n + 1)
    finally:
        try:
            wb.close()
        except _BROKEN:
            pass
    return raw


def read_xlsx_table(path: Path, *, sheet: str | None = None, header_contains: str | None = None) -> Table:
    """The sheet ``sheet`` (default: the first) as a Table; the header is the first row
    that is not empty (or the first containing ``header_contains``)."""
    raw = [(n, r) for n, r in _rows(path, sheet) if any(r)]
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
