"""Ties on the final score, broken by the rule pack's declared tie-break.

Each pack declares ``[tie_break]`` in its TOML (``criteria`` in order, then ``final =
"draw"``, with instrument, clause and confidence). Among bids whose scores tie (within
a relative 1e-9), the criteria apply in order (the higher value wins; ``price``: the
lower); what they leave tied is decided by drawing lots. chuhai draws them itself, seeded
by ``tender.draw_seed`` and by bidder *name* (never by position in the file), and says so
in the steps and warnings: the buyer's own draw may go to any of the tied bids.

:func:`priority` turns the chain into one number per bid and run (higher wins a tie), so
every mechanism breaks equal prices or scores the same way; :func:`explain` tells, for
the evaluated tender, who was tied and what decided.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from chuhai.rules.vocabulary import TIE_CRITERIA
from chuhai.tenders.mechanisms import Statics

__all__ = ["CRITERION_VALUES", "Tie", "draw_keys", "explain", "priority"]

F = NDArray[np.float64]
B = NDArray[np.bool_]

#: criterion -> its value per bid (higher wins), from statics, technical and quoted prices
CRITERION_VALUES: Mapping[str, Callable[[Statics, F, F], F]] = MappingProxyType({
    "preferred": lambda st, tech, p: np.broadcast_to(st.preferred.astype(float), p.shape),
    "not_preferred": lambda st, tech, p: np.broadcast_to((~st.preferred).astype(float), p.shape),
    "goal_points": lambda st, tech, p: np.broadcast_to(st.goal_points.astype(float), p.shape),
    "technical": lambda st, tech, p: np.broadcast_to(tech, p.shape),
    "local_content": lambda st, tech, p: np.broadcast_to(st.local_content.astype(float), p.shape),
    "price": lambda st, tech, p: -p,
})
if set(CRITERION_VALUES) != set(TIE_CRITERIA):  # the vocabulary and the engine must agree
    raise RuntimeError("tenders.ties must implement every rules.vocabulary.TIE_CRITERIA name")


def draw_keys(names: Sequence[str], runs: int, seed: int) -> F:
    """Seeded lot numbers ``(runs, bidders)``, tied to bidder names, not file positions."""
    n = len(names)
    rank = np.empty(n, dtype=np.intp)
    rank[sorted(range(n), key=lambda j: names[j])] = np.arange(n)
    return np.random.default_rng(seed).random((runs, n))[:, rank]


def priority(criteria: Sequence[str], st: Statics, technical: F, prices: F, draw: F) -> F:
    """Per run, each bid's place in the tie-break chain (0 = last; higher wins a tie)."""
    keys = [draw] + [np.asarray(CRITERION_VALUES[c](st, technical, prices), dtype=float)
                     for c in reversed(criteria)]
    order = np.lexsort(keys, axis=-1)  # the last key is the primary one
    prio = np.empty(order.shape, dtype=float)
    np.put_along_axis(prio, order, np.broadcast_to(np.arange(order.shape[-1], dtype=float),
                                                   order.shape), axis=-1)
    return prio


@dataclass(frozen=True)
class Tie:
    """A tie on the winning score in the evaluated tender (run 0)."""

    winner: int
    tied: tuple[int, ...]  # every bid tied with the winner, the winner included
    decided_by: str  # the criterion that decided, or "draw"
    lost_on: dict[int, str]  # tied loser -> the criterion (or "draw") it lost on


def explain(criteria: Sequence[str], st: Statics, technical: F, prices: F, tied: B,
            winner: int) -> Tie | None:
    """Who was tied with ``winner`` in run 0 and what decided (None: no tie)."""
    idx = [int(i) for i in np.flatnonzero(tied)]
    if len(idx) < 2 or winner not in idx:
        return None
    remaining, lost_on = idx, {}
    for c in criteria:
        v = np.asarray(CRITERION_VALUES[c](st, technical, prices), dtype=float)[0]
        top = max(v[i] for i in remaining)
        keep = [i for i in remaining if v[i] >= top]
        lost_on.update({i: c for i in remaining if i not in keep})
        remaining = keep
        if len(remaining) == 1:
            return Tie(winner, tuple(idx), c, lost_on)
    lost_on.update({i: "draw" for i in remaining if i != winner})
    return Tie(winner, tuple(idx), "draw", lost_on)
