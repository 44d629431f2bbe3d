"""UNSD "HS <new> to HS <old> Correlation and conversion tables" -> ``hs_links``.

One workbook (``.xlsx`` or legacy ``.xls``) holds the links of one pair of HS editions,
newer -> older (read by :func:`chuhai.data.reference.unsd.read_unsd_workbook`, which
handles the layout generations and quirks). Every Correlation link becomes one row
(``from_revision`` = the newer edition, ``to_revision`` the older, ``relation`` counted over
the pair's links, ``conversion`` when the Conversion sheet maps the newer code to that
older one). Scope ``unsd-hs/<newer>><older>``: a newer workbook of the same pair replaces
the older one's rows; the same file twice changes nothing. Once imported, the markets scan
converts that pair with these links instead of the packaged ones
(:mod:`chuhai.data.reference.concordance`; the ``concordance`` block's ``source`` says so).

Detected by content: an ``.xlsx`` whose workbook lists one Correlation and one Conversion
sheet, or an ``.xls`` whose first bytes name both sheets; ``--source unsd-hs`` otherwise.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pyarrow as pa

from chuhai.data.reference.unsd import read_unsd_workbook, relations, sheet_names
from chuhai.data.staging import stage_arrow
from chuhai.data.warehouse import ImportBatch

__all__ = ["NAME", "detect", "stage"]

NAME = "unsd-hs"
_SHEET = re.compile(rb'<sheet\b[^>]*\bname="([^"]*)"')
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _xlsx_sheets(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("xl/workbook.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    return [m.decode("utf-8", "replace") for m in _SHEET.findall(xml)]


def detect(path: Path, head: bytes) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".xlsx" and head.startswith(b"PK"):
        return sheet_names(_xlsx_sheets(path)) is not None
    if suffix == ".xls" and head.startswith(_OLE2):
        low = head.lower()  # BIFF8 BOUNDSHEET names (8-bit) sit in the workbook globals
        return b"correlation" in low and b"conversion" in low
    return False


def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None = None,
          release: str | None = None) -> ImportBatch:
    pair = read_unsd_workbook(path)
    rels = relations(pair.links)
    n = len(pair.links)
    rows = pa.table({
        "from_revision": pa.array([pair.new_revision] * n, pa.string()),
        "to_revision": pa.array([pair.old_revision] * n, pa.string()),
        "from_hs6": pa.array([a for a, _ in pair.links], pa.string()),
        "to_hs6": pa.array([b for _, b in pair.links], pa.string()),
        "relation": pa.array(rels, pa.string()),
        "conversion": pa.array([pair.conversion.get(a) == b for a, b in pair.links], pa.bool_()),
        "source": pa.array([NAME] * n, pa.string()),
    })
    load = stage_arrow("hs_links", rows, staging)
    return ImportBatch(source=NAME, file=path.name, sha256=sha256,
                       scope=f"{NAME}/{pair.new_revision}>{pair.old_revision}", loads=(load,),
                       release=release)
