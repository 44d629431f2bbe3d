"""BACI yearly trade CSV (``t,i,j,k,v,q``) -> validated, sorted ``trade`` Parquet.

Fast path: Arrow's multi-threaded CSV reader parses the file once (t, i, j, k as
dictionary-encoded strings, so their rules are checked on a few thousand distinct values
in Python, not per row; v and q vectorised), codes map to ISO3 through the dictionaries,
rows are sorted by (year, hs6, importer, exporter) with 16-bit radix sorts of the ranks,
a repeated key is then a neighbour of its twin (one vectorised comparison, no hash
table), and the rows are written to a Parquet file per year in the staging directory in
the layout the warehouse stores, so :meth:`Warehouse.apply` only moves the file in.

Slow path, only when the fast path rejects the file: :func:`locate_error` re-reads it with
Python's csv module and the same rules (:func:`check_row`) to name the line and the
field of the first bad cell. The two paths are kept equivalent by property tests.

Units: ``v`` is thousand USD with (up to) 3 decimals -> ``value_usd`` = round(v x 1000) in
whole dollars (rounded as DECIMAL(18, 3) would; the total is an exact integer sum);
``q`` is tonnes, ``NA`` or blank (BACI pads it with spaces) -> NULL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from chuhai.data.bounds import year_ok
from chuhai.data.sources._baci_check import COLUMNS, MAX_TONNES, MAX_USD, check_row, locate_error
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


def _header(path: Path) -> tuple[str, int, dict[str, int]]:
    """Encoding, number of columns and position of each BACI column."""
    head = read_head(path)
    encoding = sniff_encoding(head, path=path, candidates=("utf-8",))
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    first = text.splitlines()[0] if text else ""
    names = [c.strip().strip('"') for c in first.split(",")]
    return encoding, len(names), header_index(names, COLUMNS, file=path)


_YEAR = re.compile(r"^[0-9]{4}$")
_HS6 = re.compile(r"^[0-9]{1,6}$")


class _Bad(Exception):
    """A cell broke a rule; the slow path names it."""


class _Duplicate(Exception):
    def __init__(self, key: tuple[int, str, str, str]) -> None:
        super().__init__(key)
        self.key = key


def _read(path: Path, ncols: int, idx: Mapping[str, int]) -> pa.Table:
    """The six BACI columns, parsed by Arrow's multi-threaded CSV reader: t, i, j, k as
    dictionary-encoded strings (a few thousand distinct values, checked in Python), v as
    a double (see :func:`_dollars`), q as text (see :func:`_quantities`)."""
    names = [f"c{n}" for n in range(ncols)]
    text = pa.dictionary(pa.int32(), pa.string())
    types = {f"c{idx[c]}": text for c in ("t", "i", "j", "k")}
    types[f"c{idx['v']}"] = pa.float64()
    types[f"c{idx['q']}"] = pa.string()  # BACI pads it: "        1.854", "           NA"
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=8 << 20),
        parse_options=pacsv.ParseOptions(delimiter=",", quote_char='"', double_quote=True),
        convert_options=pacsv.ConvertOptions(
            column_types=types, include_columns=[f"c{idx[c]}" for c in COLUMNS],
            null_values=["", "NA"], strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    return table.rename_columns(list(COLUMNS)).unify_dictionaries()


def _codes_of(col: pa.ChunkedArray) -> tuple[list[str], np.ndarray]:
    """(distinct raw values, per-row index into them) of a unified dictionary column."""
    if col.num_chunks == 0:
        return [], np.zeros(0, dtype=np.int32)
    dictionary = col.chunk(0).dictionary.to_pylist()
    indices = pa.chunked_array([c.indices for c in col.chunks], type=pa.int32())
    return dictionary, indices.to_numpy()


def _ranked(values: list[str], mapped: Mapping[str, str]) -> tuple[list[str], np.ndarray]:
    """Sorted distinct mapped values and, per raw value, the rank of its mapping."""
    out = sorted(set(mapped.values()))
    rank = {v: n for n, v in enumerate(out)}
    return out, np.array([rank[mapped[v]] for v in values], dtype=np.int32)


def _country(col: pa.ChunkedArray, codes: Mapping[int, str]) -> tuple[list[str], np.ndarray]:
    """ISO3 names (sorted) and per-row rank of a country-code column; _Bad if a code is
    malformed (sign, blank, leading zero) or unknown."""
    values, rows = _codes_of(col)
    for c in values:
        if not (c.isascii() and c.isdigit() and len(c) <= 6 and c == str(int(c))
                and int(c) in codes):
            raise _Bad
    names, rank = _ranked(values, {c: codes[int(c)] for c in values})
    return names, rank[rows]


def _quantities(text: pa.Array) -> pa.Array:  # one chunk
    """``q`` as tonnes: blank or ``NA`` (after trimming) -> null; else a finite number >= 0."""
    trimmed = pc.utf8_trim_whitespace(text)
    missing = pc.is_in(trimmed, value_set=pa.array(["", "NA"]))
    q = pc.cast(pc.if_else(missing, pa.scalar(None, pa.string()), trimmed), pa.float64())
    if q.null_count < len(q) and not pc.all(pc.and_(
            pc.and_(pc.is_finite(q), pc.greater_equal(q, 0)), pc.less_equal(q, MAX_TONNES))).as_py():
        raise _Bad
    return q


def _dollars(v: pa.Array) -> np.ndarray:
    """``v`` (thousand USD, 3 decimals) as whole US dollars, as doubles: round(v x 1000),
    exact for any v below 9e12 (BACI writes a few values as 4744.4130000000005: they round
    as DuckDB's DECIMAL(18, 3) did)."""
    if v.null_count:
        raise _Bad
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused just below
        x = v.to_numpy(zero_copy_only=False) * 1000.0  # one new array, rounded in place
        np.rint(x, out=x)
    if len(x) and not (np.isfinite(x).all() and x.min() >= 0 and x.max() <= MAX_USD):
        raise _Bad
    return x


def _values(v: pa.ChunkedArray, q: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Whole dollars of v and tonnes of q, both checked."""
    return _dollars(v.combine_chunks()), pa.chunked_array(
        [_quantities(c) for c in q.chunks], type=pa.float64()).combine_chunks()


def _dict(indices: np.ndarray, names: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(names, pa.string()))


def _transform(table: pa.Table, *, hs_revision: str, codes: Mapping[int, str]
               ) -> tuple[pa.Table, int, list[int]]:
    """Validated, mapped and sorted ``trade`` rows, the exact value total (USD) and the
    row offsets where each year starts. Raises _Bad on a rule of check_row, _Duplicate on
    a repeated (year, exporter, importer, hs6)."""
    t_vals, t_rows = _codes_of(table["t"])
    k_vals, k_rows = _codes_of(table["k"])
    if not (all(_YEAR.match(t) and year_ok(int(t)) for t in t_vals)
            and all(_HS6.match(k) for k in k_vals)):
        raise _Bad
    with ThreadPoolExecutor(_THREADS) as pool:  # NumPy and Arrow kernels release the GIL
        # values and quantities are checked on the second core while this one sorts
        values = pool.submit(_values, table["v"], table["q"])
        years = np.array([int(t) for t in t_vals], dtype=np.int16)[t_rows]
        ex_names, ex = _country(table["i"], codes)
        im_names, im = _country(table["j"], codes)
        hs_names, hs_rank = _ranked(k_vals, {k: k.zfill(6) for k in k_vals})
        hs = hs_rank[k_rows]
        # (importer, exporter) as one 16-bit key when both ranks fit a byte: one radix pass less
        pair = (im << 8 | ex) if len(im_names) <= 256 and len(ex_names) <= 256 else im * len(ex_names) + ex
        order = _sort_order(years, hs, pair)
        dollars, q = values.result()
        taken = pool.submit(lambda: (pa.array(dollars[order]), q.take(pa.array(order))))
        if len(years) and years.min() != years.max():  # else sorted already
            years = years[order]
        hs, im, ex, pair = hs[order], im[order], ex[order], pair[order]
        same = (pair[1:] == pair[:-1]) & (hs[1:] == hs[:-1]) & (years[1:] == years[:-1])
        value_usd, quantity_t = taken.result()
    if same.any():  # sorted by the whole key: a repeated key has a twin next to it
        at = int(np.argmax(same))
        raise _Duplicate((int(years[at]), ex_names[ex[at]], im_names[im[at]], hs_names[hs[at]]))
    zeros = np.zeros(len(order), dtype=np.int32)
    out = pa.table({
        "year": pa.array(years, type=pa.int16()),
        "exporter": _dict(ex, ex_names), "importer": _dict(im, im_names), "hs6": _dict(hs, hs_names),
        "hs_revision": _dict(zeros, [hs_revision]), "value_usd": value_usd,
        "quantity_t": quantity_t, "source": _dict(zeros, ["baci"]),
    })
    starts = np.flatnonzero(np.r_[True, years[1:] != years[:-1]]).tolist()
    return out, _exact_sum(dollars), starts


def _exact_sum(dollars: np.ndarray) -> int:
    """Exact sum of whole-dollar doubles (each below 9e15, see _dollars): int64 sums of
    1,024 values (below 9.3e18 < 2^63), then Python ints."""
    step = 1 << 10
    return sum(int(dollars[a:a + step].astype(np.int64).sum()) for a in range(0, len(dollars), step))


def _sort_order(*keys: np.ndarray) -> np.ndarray:
    """Row order by ``keys`` (most significant first): least-significant-first stable
    sorts, each a radix sort when the key fits 16 bits (numpy sorts 16-bit keys by radix)."""
    order: np.ndarray | None = None
    for key in reversed(keys):
        if len(key) == 0 or key.min() == key.max():
            continue  # one value: nothing to sort
        small = key.astype(np.uint16) if key.min() >= 0 and key.max() < 2**16 else key
        order = (np.argsort(small, kind="stable") if order is None
                 else order[np.argsort(small[order], kind="stable")])
    return np.arange(len(keys[0])) if order is None else order


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
        table = _read(path, ncols, idx)
        if table.num_rows == 0:
            raise InputError("the file has a header but no data rows", file=path, line=2)
        rows = table.num_rows
        out, total, starts = _transform(table, hs_revision=hs_revision, codes=codes)
    except _Duplicate as dup:
        locate_error(path, codes, encoding=encoding, duplicate=dup.key)
        raise InputError(f"duplicate key {dup.key}", file=path) from dup
    except (_Bad, pa.ArrowException) as exc:
        locate_error(path, codes, encoding=encoding)
        raise InputError(f"cannot read the file: {_first_line(exc)}", file=path) from exc
    del table
    bounds = [*starts, rows]
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
    stats = TradeStats(rows=rows, value_usd=Decimal(total),
                       years=tuple(sorted({int(ld.year or 0) for ld in loads})))
    return stats, tuple(loads)


def _sql(text: str) -> str:
    return text.replace("'", "''")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
