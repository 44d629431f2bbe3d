"""Real-source importers, one module each.

Every module listed in :data:`SOURCES` exposes::

    NAME: str                                   # e.g. "baci"
    def detect(path: Path, head: bytes) -> bool # True if this file is of this source
    def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None,
              release: str | None) -> ImportBatch

``stage`` parses and validates the whole file, writes Parquet files for the warehouse
tables into ``staging`` (see :func:`chuhai.data.staging.stage_arrow`) and returns the
:class:`~chuhai.data.warehouse.ImportBatch`. It raises :class:`~chuhai.errors.InputError`
naming file, line and field for any bad input, and never touches the warehouse.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Protocol

from chuhai.data.warehouse import ImportBatch

__all__ = ["SOURCES", "SourceModule", "source_module"]

#: source name -> module; the order is the detection order.
SOURCES: dict[str, str] = {
    "baci": "chuhai.data.sources.baci",
    "comtrade": "chuhai.data.sources.comtrade",
    "wdi": "chuhai.data.sources.wdi",
    "wgi": "chuhai.data.sources.wgi",
    "geodist": "chuhai.data.sources.geodist",
    "gravity": "chuhai.data.sources.gravity",
    "tariffs": "chuhai.data.sources.tariffs",
    "unsd-hs": "chuhai.data.sources.unsd_hs",
    "bri": "chuhai.data.sources.bri",
    "agreements": "chuhai.data.sources.agreements",
    "wb-contracts": "chuhai.data.sources.wb_contracts",
    "ocds": "chuhai.data.sources.ocds",  # last: may read past the head of a JSON file
}


class SourceModule(Protocol):
    NAME: str

    def detect(self, path: Path, head: bytes) -> bool: ...

    def stage(self, path: Path, staging: Path, *, sha256: str, hs_revision: str | None,
              release: str | None) -> ImportBatch: ...


def source_module(name: str) -> ModuleType:
    return importlib.import_module(SOURCES[name])
