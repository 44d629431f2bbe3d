"""BACI rows as parsed by Arrow -> validated, mapped and sorted ``trade`` columns.

t, i, j, k arrive dictionary-encoded, so their rules are checked on a few thousand
distinct values in Python, not per row, and each maps to its rank in the sorted list of
what it stands for (year, ISO3, zero-padded HS6). The four ranks and the row number are
packed into one 64-bit key per row (each rank in just the bits its count needs), and one
vectorised sort of those keys orders the rows by (year, hs6, importer, exporter): the
sorted key holds each sorted column (shift and mask), the row number to gather v and q
by, and a repeated key is the neighbour of its twin (one vectorised comparison, no hash
table). Should the ranks not fit 64 bits, a lexicographic sort does the same.

Units: ``v`` is thousand USD with (up to) 3 decimals -> ``value_usd`` = round(v x 1000) in
whole dollars (rounded as DECIMAL(18, 3) would; the total is an exact integer sum);
``q`` is tonnes, ``NA`` or blank (BACI pads it with spaces) -> NULL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chuhai.data.arrowbuf import arrow_of, dictionary_of, numpy_of, scalar_of, strings_of
from chuhai.data.bounds import year_ok
from chuhai.data.sources._baci_check import MAX_TONNES, MAX_USD

__all__ = ["Bad", "Duplicate", "Sorted", "transform"]

_THREADS = 2  # the target machine: 2 cores
_KEY_BITS = 64  #: the packed sort key (numpy sorts unsigned 64-bit integers with SIMD)
_YEAR = re.compile(r"^[0-9]{4}$")
_HS6 = re.compile(r"^[0-9]{1,6}$")


class Bad(Exception):
    """A cell broke a rule; the slow path (``_baci_check.locate_error``) names it."""


class Duplicate(Exception):
    """A repeated (year, exporter, importer, hs6), with ISO3 codes and padded hs6."""

    def __init__(self, key: tuple[int, str, str, str]) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, slots=True)
class Sorted:
    """The ``trade`` rows in the stored order, their exact value total (whole US$) and
    the row offsets where each year starts."""

    table: pa.Table
    total_usd: int
    year_starts: tuple[int, ...]


def _codes_of(col: pa.ChunkedArray) -> tuple[list[str], np.ndarray]:
    """(distinct raw values, per-row index into them) of a unified dictionary column."""
    if col.num_chunks == 0:
        return [], np.zeros(0, dtype=np.int32)
    return col.chunk(0).dictionary.to_pylist(), numpy_of(
        pa.chunked_array([c.indices for c in col.chunks], type=pa.int32()))


def _ranked(values: list[str], mapped: Mapping[str, str]) -> tuple[list[str], np.ndarray]:
    """Sorted distinct mapped values and, per raw value, the rank of its mapping."""
    out = sorted(set(mapped.values()))
    rank = {v: n for n, v in enumerate(out)}
    return out, np.array([rank[mapped[v]] for v in values], dtype=np.int64)


def _countries(values: list[str], codes: Mapping[int, str]) -> tuple[list[str], np.ndarray]:
    """ISO3 names (sorted) and the rank of each raw code; Bad if a code is malformed
    (sign, blank, leading zero) or unknown."""
    for c in values:
        if not (c.isascii() and c.isdigit() and len(c) <= 6 and c == str(int(c))
                and int(c) in codes):
            raise Bad
    return _ranked(values, {c: codes[int(c)] for c in values})


_ZERO, _MAX_TONNES = scalar_of(0.0), scalar_of(MAX_TONNES)
_MISSING = strings_of(["", "NA"])


def _quantities(cells: pa.Array) -> pa.Array:  # one chunk
    """``q`` as tonnes: blank or ``NA`` (after trimming) -> null; else a finite number >= 0.
    ``cells`` are text, or numbers already (Arrow parsed them: NA and blank are null)."""
    if pa.types.is_floating(cells.type):
        q = cells
    else:
        trimmed = pc.utf8_trim_whitespace(cells)
        missing = pc.is_in(trimmed, value_set=_MISSING)
        q = pc.cast(pc.if_else(missing, pa.nulls(len(trimmed), pa.string()), trimmed),
                    pa.float64())
    if q.null_count < len(q) and not pc.all(pc.and_(
            pc.and_(pc.is_finite(q), pc.greater_equal(q, _ZERO)),
            pc.less_equal(q, _MAX_TONNES))).as_py():
        raise Bad
    return q


def _dollars(v: pa.Array) -> np.ndarray:
    """``v`` (thousand USD, 3 decimals) as whole US dollars, as doubles: round(v x 1000),
    exact for any v below 9e12 (BACI writes a few values as 4744.4130000000005: they round
    as DuckDB's DECIMAL(18, 3) did)."""
    if v.null_count:
        raise Bad
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused just below
        x = numpy_of(v) * 1000.0  # one new array, rounded in place
        np.rint(x, out=x)
    if len(x) and not (np.isfinite(x).all() and x.min() >= 0 and x.max() <= MAX_USD):
        raise Bad
    return x


def _values(v: pa.ChunkedArray, q: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Whole dollars of v and tonnes of q, both checked."""
    return _dollars(v.combine_chunks()), pa.chunked_array(
        [_quantities(c) for c in q.chunks], type=pa.float64()).combine_chunks()


def _bits(n: int) -> int:
    return max(1, (n - 1).bit_length())


def _sorted_ranks(keys: list[tuple[np.ndarray, np.ndarray, int]]
                  ) -> tuple[np.ndarray, list[np.ndarray]]:
    """Row order by ``keys`` (most significant first; each (rank of every distinct raw
    value, per-row index of its raw value, number of ranks)) and each key's sorted ranks.
    The keys are unique after the duplicate check, so the order is the stable one."""
    rows = len(keys[0][1])
    widths = [_bits(n) for _, _, n in keys]
    row_bits = _bits(rows)
    if sum(widths) + row_bits > _KEY_BITS:  # too many distinct values to pack: lexicographic
        ranks = [rank[idx] for rank, idx, _ in keys]
        order = np.lexsort(ranks[::-1])
        return order, [r[order] for r in ranks]
    shifts = np.cumsum([row_bits, *widths[::-1]])[:-1][::-1]  # of each key, as listed
    packed = np.arange(rows, dtype=np.uint64)
    for (rank, idx, _), shift in zip(keys, shifts, strict=True):
        packed |= (rank.astype(np.uint64) << np.uint64(shift))[idx]
    packed.sort()  # vectorised (SIMD) sort of unique 64-bit keys
    order = (packed & np.uint64((1 << row_bits) - 1)).astype(np.int64)
    return order, [((packed >> np.uint64(s)) & np.uint64((1 << w) - 1)).astype(np.int32)
                   for s, w in zip(shifts, widths, strict=True)]


def _exact_sum(dollars: np.ndarray) -> int:
    """Exact sum of whole-dollar doubles (each below 9e15, see _dollars): int64 sums of
    1,024 values (below 9.3e18 < 2^63), then Python ints."""
    step = 1 << 10
    return sum(int(s) for s in np.add.reduceat(dollars.astype(np.int64), np.arange(
        0, len(dollars), step))) if len(dollars) else 0


def transform(table: pa.Table, *, hs_revision: str, codes: Mapping[int, str]) -> Sorted:
    """Validated, mapped and sorted ``trade`` rows of a parsed file (columns t, i, j, k as
    unified dictionaries, v float64, q text or float64). Raises Bad on a rule of
    ``_baci_check.check_row``, Duplicate on a repeated (year, exporter, importer, hs6)."""
    t_vals, t_rows = _codes_of(table["t"])
    k_vals, k_rows = _codes_of(table["k"])
    if not (all(_YEAR.match(t) and year_ok(int(t)) for t in t_vals)
            and all(_HS6.match(k) for k in k_vals)):
        raise Bad
    with ThreadPoolExecutor(_THREADS) as pool:  # NumPy and Arrow kernels release the GIL
        # values and quantities are checked on the second core while this one sorts
        values = pool.submit(_values, table["v"], table["q"])
        i_vals, i_rows = _codes_of(table["i"])
        j_vals, j_rows = _codes_of(table["j"])
        ex_names, ex_rank = _countries(i_vals, codes)
        im_names, im_rank = _countries(j_vals, codes)
        year_names, year_rank = _ranked(t_vals, {t: t for t in t_vals})
        hs_names, hs_rank = _ranked(k_vals, {k: k.zfill(6) for k in k_vals})
        order, (year, hs, im, ex) = _sorted_ranks([
            (year_rank, t_rows, len(year_names)), (hs_rank, k_rows, len(hs_names)),
            (im_rank, j_rows, len(im_names)), (ex_rank, i_rows, len(ex_names))])
        dollars, q = values.result()
        taken = pool.submit(lambda: (arrow_of(dollars[order]), q.take(arrow_of(order))))
        same = (ex[1:] == ex[:-1]) & (im[1:] == im[:-1]) & (hs[1:] == hs[:-1]) & (
            year[1:] == year[:-1])
        value_usd, quantity_t = taken.result()
    if same.any():  # sorted by the whole key: a repeated key has a twin next to it
        at = int(np.argmax(same))
        raise Duplicate((int(year_names[year[at]]), ex_names[ex[at]], im_names[im[at]],
                         hs_names[hs[at]]))
    years = np.array([int(y) for y in year_names], dtype=np.int16)[year]
    zeros = np.zeros(len(order), dtype=np.int32)
    out = pa.table({
        "year": arrow_of(years), "exporter": dictionary_of(ex, ex_names),
        "importer": dictionary_of(im, im_names), "hs6": dictionary_of(hs, hs_names),
        "hs_revision": dictionary_of(zeros, [hs_revision]), "value_usd": value_usd,
        "quantity_t": quantity_t, "source": dictionary_of(zeros, ["baci"]),
    })
    starts = np.flatnonzero(np.r_[True, year[1:] != year[:-1]]).tolist() if len(year) else [0]
    return Sorted(out, _exact_sum(dollars), tuple(starts))
