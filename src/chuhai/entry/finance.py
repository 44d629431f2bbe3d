"""NPV, IRR and payback of yearly cash flows (year 0 undiscounted, end-of-year flows).

``NPV = Σ_t CF_t / (1 + r)^t``; IRR is the rate where NPV = 0, found with
:func:`scipy.optimize.brentq` on [-0.99, 10]; payback is the first (fractional)
year in which cumulative undiscounted cash turns non-negative and stays so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from chuhai.entry import messages as M
from chuhai.messages import Message, render
from chuhai.serialise import to_json

__all__ = ["IrrResult", "irr", "npv", "payback"]

IRR_LO, IRR_HI = -0.99, 10.0


def npv(cash: ArrayLike, rate: float) -> NDArray[np.float64] | float:
    """NPV of cash flows along the last axis (years 0..H) at ``rate``."""
    cf = np.asarray(cash, dtype=float)
    disc = (1.0 + rate) ** -np.arange(cf.shape[-1], dtype=float)
    out = cf @ disc
    return float(out) if np.ndim(out) == 0 else out


@dataclass(frozen=True)
class IrrResult:
    """IRR as a fraction, or ``None`` with the reason there is none."""

    value: float | None
    reason_message: Message | None = field(
        default=None, metadata={"json_name": "reason", "json_always": True, "json_none": ""})

    @property
    def reason(self) -> str:
        """Why there is no IRR, in English ("" when there is one)."""
        return "" if self.reason_message is None else render(self.reason_message)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = to_json(self)
        return out


def irr(cash: ArrayLike) -> IrrResult:
    """Internal rate of return of a 1-D cash-flow series."""
    cf = np.asarray(cash, dtype=float).ravel()
    nz = cf[np.abs(cf) > 1e-9]
    if nz.size == 0:
        return IrrResult(None, M.IRR_NO_FLOWS())
    if np.all(nz > 0):
        return IrrResult(None, M.IRR_NEVER_NEGATIVE())
    if np.all(nz < 0):
        return IrrResult(None, M.IRR_NEVER_POSITIVE())

    def f(r: float) -> float:
        return float(npv(cf, r))

    lo, hi = f(IRR_LO), f(IRR_HI)
    if lo * hi > 0:
        return IrrResult(None, M.IRR_NO_SIGN_CHANGE(lo=IRR_LO, hi=IRR_HI))
    root = float(brentq(f, IRR_LO, IRR_HI, xtol=1e-10, maxiter=200))
    return IrrResult(root)


def payback(cash: ArrayLike) -> float | None:
    """Years until cumulative cash is non-negative for good (interpolated), or ``None``."""
    cf = np.asarray(cash, dtype=float).ravel()
    cum = np.cumsum(cf)
    if cum[-1] < 0:
        return None
    neg = np.nonzero(cum < 0)[0]
    if neg.size == 0:
        return 0.0
    k = int(neg[-1])  # last year still under water; recovered during year k + 1
    need = -cum[k]
    return float(k + need / cf[k + 1])
