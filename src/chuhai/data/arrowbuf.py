"""NumPy <-> Arrow for the importers' hot paths, without pyarrow's pandas probe.

``pa.array``, ``pa.scalar`` and ``Array.to_numpy`` first ask whether their argument is a
pandas object, and the first such question imports pandas (0.3 s quiet, 0.9 s under
load), which an import of a CSV never uses. These helpers build arrays straight from
buffers instead: the same data, zero-copy where the layout allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["arrow_of", "dictionary_of", "numpy_of", "packed_order", "ranks_of", "scalar_of",
           "strings_of"]

_TYPES: dict[np.dtype[Any], pa.DataType] = {
    np.dtype(np.int8): pa.int8(), np.dtype(np.int16): pa.int16(), np.dtype(np.int32): pa.int32(),
    np.dtype(np.int64): pa.int64(), np.dtype(np.uint64): pa.uint64(),
    np.dtype(np.float64): pa.float64()}
_DTYPES: dict[pa.DataType, np.dtype[Any]] = {v: k for k, v in _TYPES.items()}


def numpy_of(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The values of a fixed-width array without nulls (read-only when one chunk)."""
    if isinstance(arr, pa.ChunkedArray):
        parts = [numpy_of(c) for c in arr.chunks]
        if len(parts) == 1:
            return parts[0]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=_DTYPES[arr.type])
    if arr.null_count:
        raise ValueError("numpy_of: the array holds nulls")
    dtype = _DTYPES[arr.type]
    buf = arr.buffers()[1]
    if buf is None:  # an empty array may have no data buffer
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(buf, dtype=dtype, count=len(arr), offset=arr.offset * dtype.itemsize)


def arrow_of(x: np.ndarray) -> pa.Array:
    """A NumPy array of a fixed-width type as an Arrow array (no nulls, zero-copy)."""
    x = np.ascontiguousarray(x)
    return pa.Array.from_buffers(_TYPES[x.dtype], len(x), [None, pa.py_buffer(x)])


def strings_of(values: Sequence[str]) -> pa.Array:
    """A list of Python strings as an Arrow ``string`` array."""
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return pa.Array.from_buffers(pa.string(), len(encoded),
                                 [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def dictionary_of(indices: np.ndarray, names: Sequence[str]) -> pa.DictionaryArray:
    """A dictionary-encoded string column: int32 ``indices`` into ``names``."""
    return pa.DictionaryArray.from_arrays(arrow_of(indices.astype(np.int32, copy=False)),
                                          strings_of(names))


def scalar_of(value: float) -> pa.Scalar:
    """A float64 Arrow scalar (for compute kernels' comparisons)."""
    return arrow_of(np.array([value], dtype=np.float64))[0]


def packed_order(ranks: Sequence[tuple[np.ndarray, int]]) -> np.ndarray:
    """Row order by the keys ``ranks`` (each: per-row rank in 0..n-1, and n; most
    significant first), ties in their present order: the ranks and the row number packed
    in one 64-bit key and sorted once (numpy's SIMD sort), else a lexicographic sort."""
    rows = len(ranks[0][0]) if ranks else 0
    widths = [max(1, (n - 1).bit_length()) for _, n in ranks]
    row_bits = max(1, (rows - 1).bit_length())
    if sum(widths) + row_bits > 64:
        return np.lexsort([r for r, _ in reversed(ranks)])
    packed = np.arange(rows, dtype=np.uint64)
    shift = row_bits
    for (rank, _), width in zip(reversed(ranks), reversed(widths), strict=True):
        packed |= rank.astype(np.uint64) << np.uint64(shift)
        shift += width
    packed.sort()
    return (packed & np.uint64((1 << row_bits) - 1)).astype(np.int64)


def ranks_of(col: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, int]:
    """Per row, the rank (from 0) of its value among the column's distinct values in
    ascending order (a dictionary column by its values), and the number of ranks; for
    :func:`packed_order`. The column holds no nulls."""
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if pa.types.is_dictionary(arr.type):
        rank = numpy_of(pc.rank(arr.dictionary, sort_keys="ascending", tiebreaker="dense"))
        return rank.astype(np.int64)[numpy_of(arr.indices)] - 1, int(rank.max(initial=0))
    rank = numpy_of(pc.rank(arr, sort_keys="ascending", tiebreaker="dense")).astype(np.int64)
    return rank - 1, int(rank.max(initial=0))
