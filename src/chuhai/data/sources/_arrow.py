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

__all__ = ["arrow_of", "dictionary_of", "numpy_of", "scalar_of", "strings_of"]

_TYPES: dict[np.dtype[Any], pa.DataType] = {
    np.dtype(np.int16): pa.int16(), np.dtype(np.int32): pa.int32(),
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
