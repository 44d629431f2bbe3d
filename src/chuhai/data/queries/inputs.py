"""Typed, frozen inputs the read side hands to the engines (NumPy arrays inside)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
import pyarrow as pa

__all__ = ["PotentialBase"]

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PotentialBase:
    """Per cell (a market j, for a product k or a product group) the sums the ITC export
    potential of exporter i is computed from. One float array per field, NaN where the
    warehouse has no value (SQL NULL). Annual averages in USD.

    x_e, m_e : i's world exports and imports of k
    dg_e : i's projected GDP growth factor ΔGDP_i (1 when unknown)
    den : Σ_s x_sk·ΔGDP_s over every supplier s of k
    s_e, w_e : i's tariff-weighted exports of k and its exports with a known tariff
    s_all, w_all : the same over every supplier
    own_s_e, own_w_e, own_s_all, own_w_all : market j's part of the four above (left
        out by the "leave_market_out" global tariff)
    imports : v_jk, j's imports of k
    dgdp, dpop : j's ΔGDP and ΔPOP (1 when unknown)
    t_avg : j's import-weighted average applied tariff on k; t_e : j's tariff on i
    rel_ln_d : ln d_ij − mean ln d over j's suppliers of k
    vij, hyp : i's actual exports to j (all products) and the hypothetical
        Σ_k' (x_ik'/v_k')·v_jk'
    """

    x_e: Floats
    m_e: Floats
    dg_e: Floats
    den: Floats
    s_e: Floats
    w_e: Floats
    s_all: Floats
    w_all: Floats
    own_s_e: Floats
    own_w_e: Floats
    own_s_all: Floats
    own_w_all: Floats
    imports: Floats
    dgdp: Floats
    dpop: Floats
    t_avg: Floats
    t_e: Floats
    rel_ln_d: Floats
    vij: Floats
    hyp: Floats

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_arrow(cls, table: pa.Table, *, renamed: Mapping[str, str] | None = None,
                   constant: Mapping[str, float] | None = None) -> PotentialBase:
        """From a table holding a column per field (``renamed`` maps a field to the column
        that holds it, ``constant`` gives a field one value for every row); nulls become
        NaN."""
        names, fixed = dict(renamed or {}), dict(constant or {})

        def col(name: str) -> Floats:
            if name in fixed:
                return np.full(table.num_rows, fixed[name], dtype=np.float64)
            arr = table.column(names.get(name, name)).cast(pa.float64())
            return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=np.float64)
        return cls(**{name: col(name) for name in cls.columns()})

    def __len__(self) -> int:
        return len(self.imports)
