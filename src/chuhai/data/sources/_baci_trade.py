"""BACI yearly trade CSV (``t,i,j,k,v,q``) -> validated, sorted ``trade`` Parquet.

Fast path: Arrow's multi-threaded CSV reader parses the file once, hashing its bytes as
they are read (the import's sha256 without a second pass), ``_baci_columns`` validates,
maps and sorts the rows by (year, hs6, importer, exporter) and refuses a repeated key,
and the rows are written to a Parquet file per year (a big year in consecutive hs6
ranges, in parallel) in the staging directory in the layout the warehouse stores, so
:meth:`Warehouse.apply` only moves the files in.

Slow path, only when the fast path rejects the file: :func:`locate_error` re-reads it with
Python's csv module and the same rules (:func:`check_row`) to name the line and the
field of the first bad cell. The two paths are kept equivalent by property tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from chuhai.data.batch import HashingReader
from chuhai.data.sources._baci_check import COLUMNS, check_row, locate_error
from chuhai.data.sources._baci_columns import Bad, Duplicate, transform
from chuhai.data.sources._csv import (
    header_index,
    read_head,
    sniff_encoding,
)
from chuhai.data.warehouse import ROW_GROUP_SIZE, TableLoad
from chuhai.errors import InputError

__all__ = ["COLUMNS", "TradeStats", "check_row", "locate_error", "stage_trade_csv"]

_THREADS = 2  # the target machine: 2 cores
#: Parquet dictionary encoding only where values repeat (hashing ten million doubles
#: cost more than it saved), statistics only on the columns queries filter on: together
#: they halve the writing time.
_DICTIONARY = ("year", "exporter", "importer", "hs6", "hs_revision", "source")
_STATISTICS = ("year", "hs6", "importer", "exporter")
#: A year is written as several files (consecutive hs6 ranges, in parallel) above this size.
_SPLIT_ROWS = 1_000_000


@dataclass(frozen=True, slots=True)
class TradeStats:
    """What one staged yearly file holds."""

    rows: int
    value_usd: Decimal
    years: tuple[int, ...]
    sha256: str  #: of the file's bytes, hashed while they were parsed


def _header(path: Path) -> tuple[str, int, dict[str, int]]:
    """Encoding, number of columns and position of each BACI column."""
    head = read_head(path)
    encoding = sniff_encoding(head, path=path, candidates=("utf-8",))
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    first = text.splitlines()[0] if text else ""
    names = [c.strip().strip('"') for c in first.split(",")]
    return encoding, len(names), header_index(names, COLUMNS, file=path)


def _padded(path: Path, idx: Mapping[str, int]) -> bool:
    """Whether the first lines pad ``q`` (older releases write ``"           NA"``)."""
    lines = read_head(path).decode("utf-8", errors="replace").splitlines()[1:-1]
    cells = [line.split(",") for line in lines]
    return any(len(c) > idx["q"] and c[idx["q"]].strip('"')[:1].isspace() for c in cells)


def _read(source: Path | HashingReader, ncols: int, idx: Mapping[str, int], *,
          q_text: bool) -> pa.Table:
    """The six BACI columns, parsed by Arrow's multi-threaded CSV reader: t, i, j, k as
    dictionary-encoded strings (a few thousand distinct values, checked in Python), v as
    a double, q as a double (``NA`` or blank -> null), or as text when ``q_text``: a padded
    ``"      NA"`` is no number to Arrow (see ``_baci_columns``)."""
    names = [f"c{n}" for n in range(ncols)]
    text = pa.dictionary(pa.int32(), pa.string())
    types = {f"c{idx[c]}": text for c in ("t", "i", "j", "k")}
    types[f"c{idx['v']}"] = pa.float64()
    types[f"c{idx['q']}"] = pa.string() if q_text else pa.float64()
    table = pacsv.read_csv(
        source,
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=8 << 20),
        parse_options=pacsv.ParseOptions(delimiter=",", quote_char='"', double_quote=True),
        convert_options=pacsv.ConvertOptions(
            column_types=types, include_columns=[f"c{idx[c]}" for c in COLUMNS],
            null_values=["", "NA"], strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    return table.rename_columns(list(COLUMNS)).unify_dictionaries()


def _parsed(path: Path, ncols: int, idx: Mapping[str, int]) -> tuple[pa.Table, str]:
    """The parsed columns and the file's sha256 (hashed as it is read). ``q`` is read as
    a number unless the head pads it; should a later cell be no number to Arrow (a padded
    ``NA``), the file is read again with ``q`` as text, which takes every ``q`` the
    number reader takes, to the same value (Arrow's number parser after trimming)."""
    q_text = _padded(path, idx)
    while True:
        try:
            with HashingReader(path) as source:
                table = _read(source, ncols, idx, q_text=q_text)
                return table, source.hexdigest()
        except pa.ArrowInvalid:
            if q_text:
                raise
            q_text = True


@contextmanager
def _jemalloc_pool() -> Iterator[None]:
    """Arrow allocates from jemalloc meanwhile, where the build has it (Linux and macOS
    wheels): with the default pool (mimalloc) the many large short-lived buffers here cost
    more in page faults (kernel time) than the work itself (10 M rows: 2.2 s of system
    time against 0.5 s; the C library's malloc is as fast but peaks 0.4 GB higher)."""
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # pyarrow.ArrowNotImplementedError derives from it
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def stage_trade_csv(path: Path, staging: Path, *, hs_revision: str,
                    codes: Mapping[int, str]) -> tuple[TradeStats, tuple[TableLoad, ...]]:
    """Validate ``path`` completely and write its rows to Parquet in ``staging`` in the
    stored layout; return its statistics and the loads (see the module docstring)."""
    with _jemalloc_pool():
        return _stage_trade_csv(path, staging, hs_revision=hs_revision, codes=codes)


def _stage_trade_csv(path: Path, staging: Path, *, hs_revision: str,
                     codes: Mapping[int, str]) -> tuple[TradeStats, tuple[TableLoad, ...]]:
    """Validate ``path`` completely and write its rows to Parquet in ``staging`` in the
    stored layout (one file per year); return its statistics and the loads."""
    if not re.fullmatch(r"HS\d\d", hs_revision):
        raise InputError(f"not an HS revision: {hs_revision!r}", field="hs_revision")
    encoding, ncols, idx = _header(path)
    try:
        table, sha256 = _parsed(path, ncols, idx)
        if table.num_rows == 0:
            raise InputError("the file has a header but no data rows", file=path, line=2)
        rows = table.num_rows
        done = transform(table, hs_revision=hs_revision, codes=codes)
    except Duplicate as dup:
        locate_error(path, codes, encoding=encoding, duplicate=dup.key)
        raise InputError(f"duplicate key {dup.key}", file=path) from dup
    except (Bad, pa.ArrowException) as exc:
        locate_error(path, codes, encoding=encoding)
        raise InputError(f"cannot read the file: {_first_line(exc)}", file=path) from exc
    del table
    out = done.table
    bounds = [*done.year_starts, rows]
    parts = []  # (year, first row, end row): a big year in _THREADS files of consecutive hs6
    for a, b in zip(bounds, bounds[1:], strict=False):
        n = max(1, min(_THREADS, (b - a) // _SPLIT_ROWS))
        cuts = [a + (b - a) * m // n // ROW_GROUP_SIZE * ROW_GROUP_SIZE for m in range(n)] + [b]
        parts += [(int(out["year"][a].as_py()), c, d)
                  for c, d in zip(cuts, cuts[1:], strict=False) if d > c]

    def write(part: tuple[int, int, int]) -> TableLoad:
        year, a, b = part
        dest = staging / f"{path.stem}-{year}-{a}.parquet"
        pq.write_table(out.slice(a, b - a), dest, row_group_size=ROW_GROUP_SIZE,
                       use_dictionary=list(_DICTIONARY), write_statistics=list(_STATISTICS))
        return TableLoad(table="trade", parquet=dest, rows=b - a, year=year)

    with ThreadPoolExecutor(_THREADS) as pool:  # the Parquet writer releases the GIL
        loads = list(pool.map(write, parts))
    stats = TradeStats(rows=rows, value_usd=Decimal(done.total_usd),
                       years=tuple(sorted({int(ld.year or 0) for ld in loads})), sha256=sha256)
    return stats, tuple(loads)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
