"""Finished rows on disk: one small JSON file per row in ``OUT/rows/<key>.json``, written
atomically (temp file + rename), so a killed batch keeps every row it finished and never
a half-written one. The key is the row's content hash plus what changes its result (the
warehouse's state, ``top``, ``entry_top``)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from chuhai.batch.portfolio import PortfolioRow
from chuhai.batch.results import RowResult, decode, encode
from chuhai.data.queries.identity import warehouse_identity
from chuhai.data.warehouse import Warehouse
from chuhai.fileio import atomic_write

__all__ = ["Checkpoint"]

#: Bump when the stored shape of a row changes (older files are then recomputed).
FORMAT = 2  # 2: award evidence per market, the entry plan per row


class Checkpoint:
    def __init__(self, out: Path, warehouse: Warehouse, top: int, entry_top: int = 1) -> None:
        self.dir = out / "rows"
        ident = json.dumps([FORMAT, top, entry_top, *map(str, warehouse_identity(warehouse))])
        self._salt = hashlib.sha256(ident.encode()).hexdigest()[:16]

    def key(self, row: PortfolioRow) -> str:
        return f"{row.key()}-{self._salt}"

    def _path(self, row: PortfolioRow) -> Path:
        return self.dir / f"{self.key(row)}.json"

    def load(self, row: PortfolioRow) -> RowResult | None:
        """The stored result of ``row`` (with this row's line), or None."""
        try:
            data = json.loads(self._path(row).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent (or unreadable: computed again)
        try:
            stored = decode(data)
        except (KeyError, TypeError):
            return None
        return stored if stored.line == row.line else _at_line(stored, row.line)

    def save(self, row: PortfolioRow, result: RowResult) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        atomic_write(self._path(row), json.dumps(encode(result), ensure_ascii=False).encode())


def _at_line(r: RowResult, line: int) -> RowResult:
    return replace(r, line=line)
