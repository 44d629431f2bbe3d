"""Trade-agreement importer: DESTA treaty list / dyads and the WTO RTA "AllRTAs" export
-> ``agreements`` and ``agreement_members``.

Ids are prefixed by source (``DESTA-1044`` = RCEP in DESTA, ``WTO-RTA-909`` = EAEU in the
WTO database) so the two never collide with each other or with the maintained bloc file
(``RCEP``, ``EAEU``, ...). Scopes: ``desta`` (both DESTA layouts: the later import
replaces the earlier) and ``wto-rta``. See :mod:`._desta` and :mod:`._wto_rta` for the rules.
"""

from __future__ import annotations

import logging
from pathlib import Path

from chuhai.data.sources._country_common import Table, fail, read_table, stage_rows
from chuhai.data.sources._country_xlsx import read_xlsx_table
from chuhai.data.sources._desta import (
    DestaResult,
    desta_dyads,
    desta_list,
    is_desta_dyads,
    is_desta_list,
)
from chuhai.data.sources._wto_rta import is_wto_rta, wto_rta
from chuhai.data.warehouse import ImportBatch

__all__ = ["NAME", "detect", "parse", "stage"]

NAME = "agreements"
log = logging.getLogger(__name__)


def detect(path: Path, head: bytes) -> bool:
    name = path.name.lower()
    if name.endswith(".xlsx"):
        return "rta" in name
    first = head.decode("utf-8", "ignore").lstrip("\ufeff").split("\n", 1)[0]
    cells = tuple(c.strip().strip('"') for c in first.split(","))
    return is_desta_list(cells) or is_desta_dyads(cells) or is_wto_rta(cells)


def _table(path: Path) -> Table:
    if path.suffix.lower() == ".xlsx":

        return read_xlsx_table(path, sheet="AllRTAs", header_contains="RTA ID")
    return read_table(path, encodings=("utf-8-sig", "cp1252"))


def parse(path: Path) -> tuple[DestaResult, str]:
    """Agreements and members of a DESTA or WTO RTA file, and the import scope."""
    table = _table(path)
    if is_wto_rta(table.header):
        res, scope = wto_rta(table), "wto-rta"
    elif is_desta_list(table.header):
        res, scope = desta_list(table), "desta"
    elif is_desta_dyads(table.header):
        res, scope = desta_dyads(table), "desta"
    else:
        fail("not a DESTA treaty list / dyads file or a WTO RTA export (header: "
             f"{', '.join(table.header[:8])}...)", path, table.header_line, table.header[0])
    if not res.agreements:
        fail("no agreement in force or signed in the file", path, None)
    return res, scope


def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None = None,
          release: str | None = None) -> ImportBatch:
    res, scope = parse(path)
    if res.skipped:
        log.info("%s: skipped %s", path.name, dict(res.skipped))
    loads = (stage_rows("agreements", list(res.agreements.values()), staging),
             stage_rows("agreement_members", list(res.members.values()), staging))
    return ImportBatch(source=NAME, file=path.name, sha256=sha256, scope=scope, loads=loads,
                       release=release)
