"""What an importer hands the warehouse, and what the warehouse answers.

An importer parses and validates a whole file into Parquet files (one :class:`TableLoad`
per table) and returns an :class:`ImportBatch`; :meth:`chuhai.data.warehouse.Warehouse.apply`
writes it atomically and returns an :class:`ImportOutcome`.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chuhai.messages import Message, Translate, message_json

__all__ = ["HashingReader", "ImportBatch", "ImportOutcome", "TableLoad", "file_sha256"]


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    """sha256 of a file's bytes, streamed."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


class HashingReader(io.RawIOBase):
    """A file read once, front to back, that hashes every byte read through it: a parser
    that reads from it gives the file's sha256 without a second pass over the file. Not
    seekable, so a reader treats it as a stream and reads each byte once, in order."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._fh = open(path, "rb")  # noqa: SIM115 (closed by close())
        self._hash = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._fh.readinto(buffer)
        self._hash.update(memoryview(buffer)[:n])
        return n

    def read(self, size: int | None = -1) -> bytes:
        data = self._fh.read(-1 if size is None else size)
        self._hash.update(data)  # hashlib releases the GIL for large blocks
        return data

    def hexdigest(self) -> str:
        """The sha256 of the whole file (hashing whatever the reader left unread)."""
        while block := self._fh.read(1 << 20):
            self._hash.update(block)
        return self._hash.hexdigest()

    def close(self) -> None:
        self._fh.close()
        super().close()


@dataclass(frozen=True, slots=True)
class TableLoad:
    """Rows for one table, staged as a Parquet file with ``schema.data_columns(table)``.

    For ``trade`` an importer may stage a file already in the stored layout: the rows of
    one ``year`` only, columns typed as in the schema, no NULL in NOT NULL columns,
    sorted by (hs6, importer, exporter). :meth:`Warehouse.apply` then moves the file into
    the warehouse as it is instead of rewriting it.

    ``ordered``: the rows are already in the order the warehouse inserts that table in
    (``transaction.CLUSTERED``, e.g. tariffs by line), so the insert skips its sort.
    """

    table: str
    parquet: Path
    rows: int
    year: int | None = None
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """Everything one imported file contributes, validated and staged."""

    source: str
    file: str
    sha256: str
    scope: str
    loads: tuple[TableLoad, ...]
    release: str | None = None
    years: tuple[int, ...] = ()
    value_usd: float | None = None
    #: OCDS contracting processes the batch holds in full: earlier imports' rows of these
    #: ocids are replaced (see :mod:`chuhai.data.processes`)
    ocids: tuple[str, ...] = ()

    @property
    def import_id(self) -> str:
        return f"{self.source}-{self.sha256[:16]}"

    @property
    def rows(self) -> int:
        return sum(load.rows for load in self.loads)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What :meth:`Warehouse.apply` did."""

    import_id: str
    source: str
    file: str
    sha256: str
    rows: int
    value_usd: float | None
    status: str  # "imported" | "unchanged" | "replaced"
    replaced: tuple[str, ...] = field(default=())
    note: str = ""  # the English text of ``notes``, joined by "; "
    #: what the import did besides adding rows, as messages (rendered at the edge in zh / en)
    notes: tuple[Message, ...] = field(default=())

    def to_dict(self, lang: str = "en", translate: Translate | None = None) -> dict[str, Any]:
        return {
            "source": self.source,
            "file": self.file,
            "sha256": self.sha256,
            "rows": self.rows,
            "value_usd": self.value_usd,
            "import_id": self.import_id,
            "status": self.status,
            "replaced": list(self.replaced),
            "note": self.note,
            "notes": [message_json(m, lang, translate) for m in self.notes],
        }
