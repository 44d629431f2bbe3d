"""Adjacent products: what an exporter could export next, ranked by density, COG and PCI.

Reads the warehouse ``trade`` table (exports by exporter × HS6, annual average over
a window of years), computes :func:`chuhai.markets.complexity.complexity` and ranks
the products the exporter does not yet export competitively (RCA < threshold). See
``docs/complexity.md`` for definitions and how to read the output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from chuhai.data.queries.exports import descriptions as product_descriptions
from chuhai.data.queries.identity import is_demo
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError, NotFoundError
from chuhai.markets import messages as msg
from chuhai.markets.adjacent_data import load_exports
from chuhai.markets.complexity import Complexity, complexity
from chuhai.markets.params import RANK_BY
from chuhai.messages import Message
from chuhai.serialise import to_json

__all__ = [
    "DEFAULT_WEIGHTS",
    "RANK_BY",
    "AdjacentProduct",
    "AdjacentResult",
    "Neighbour",
    "RankWeights",
    "adjacent_products",
    "rank_adjacent",
]


@dataclass(frozen=True, slots=True)
class RankWeights:
    """Weights of the z-scores (over the candidate products) in the default score.

    chuhai's own default, confidence L: it favours nearby products (density) over
    strategic value (COG) and complexity (PCI), in the spirit of the Growth Lab's
    weighted rankings of diversification opportunities; the Atlas's exact weights
    were not verified, so these are not claimed to be theirs.
    """

    density: float = 0.5
    cog: float = 0.35
    pci: float = 0.15
    source: str = "chuhai default (not from a published source)"
    confidence: str = "L"


DEFAULT_WEIGHTS = RankWeights()


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A product the exporter already exports competitively, close to a candidate."""

    hs6: str
    proximity: float
    rca: float


@dataclass(frozen=True, slots=True)
class AdjacentProduct:
    """One candidate product, with the figures behind its rank (unitless unless named)."""

    hs6: str
    description: str | None
    rank: int
    score: float
    density: float
    distance: float
    pci: float
    cog: float
    rca: float
    exports_usd: float
    world_exports_usd: float
    ubiquity: int
    neighbours: tuple[Neighbour, ...]
    explanation: Message


@dataclass(frozen=True, slots=True)
class AdjacentResult:
    """Ranked adjacent products for one exporter; ``to_dict()`` is the JSON contract."""

    demo: bool
    exporter: str
    years: tuple[int, ...]
    hs_revision: str
    rank_by: str
    weights: RankWeights
    countries: int
    products_total: int
    eci: float
    eci_rank: int | None
    coi: float
    diversity: int
    products: tuple[AdjacentProduct, ...]
    notes: tuple[Message, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (non-finite numbers as null, sentences as text + message)."""
        out: dict[str, Any] = to_json(self)
        return out


def adjacent_products(
    warehouse: Warehouse,
    *,
    exporter: str,
    years: tuple[int, int] | None = None,
    top: int = 20,
    rank_by: str = "score",
    weights: RankWeights = DEFAULT_WEIGHTS,
    rca_threshold: float = 1.0,
    hs_revision: str | None = None,
) -> AdjacentResult:
    """Products ``exporter`` does not yet export competitively, best first.

    ``years`` is an inclusive (first, last) window (default: the latest 5 years held);
    values are annual averages in USD. ``rank_by`` is one of :data:`RANK_BY`.
    """
    if rank_by not in RANK_BY:
        raise InputError(f"rank_by must be one of {', '.join(RANK_BY)}, not {rank_by!r}", field="rank_by")
    if top < 1:
        raise InputError(f"top must be at least 1, not {top}", field="top")
    code = exporter.strip().upper()
    window = load_exports(warehouse, years=years, hs_revision=hs_revision)
    if code not in window.exporters:
        span = f"{window.years[0]}-{window.years[-1]}"
        raise NotFoundError(f"{code} has no exports in the warehouse's trade table for {span}")
    cx = complexity(window.values, locations=window.exporters, products=window.products,
                    rca_threshold=rca_threshold)
    descriptions = product_descriptions(warehouse, window.hs_revision)
    return rank_adjacent(cx, exporter=code, top=top, rank_by=rank_by, weights=weights,
                         descriptions=descriptions, demo=is_demo(warehouse), years=window.years,
                         hs_revision=window.hs_revision, notes=window.notes)


def rank_adjacent(
    cx: Complexity,
    *,
    exporter: str,
    top: int = 20,
    rank_by: str = "score",
    weights: RankWeights = DEFAULT_WEIGHTS,
    descriptions: dict[str, str] | None = None,
    demo: bool = False,
    years: tuple[int, ...] = (),
    hs_revision: str = "",
    notes: tuple[Message, ...] = (),
) -> AdjacentResult:
    """Rank the candidate products of ``exporter`` in a computed :class:`Complexity`."""
    c = cx.location_index(exporter)
    mcp = cx.mcp[c].toarray().ravel()
    cand = np.flatnonzero(cx.valid_products & (mcp == 0))
    score = _score(cx, c, cand, weights) if rank_by == "score" else _metric(cx, c, rank_by)[cand]
    order = cand[np.lexsort((cand, -np.nan_to_num(score, nan=-np.inf)))][:top]
    score_of = dict(zip(cand.tolist(), score.tolist(), strict=True))
    world = np.asarray(cx.values.sum(axis=0)).ravel()
    row = cx.values[c].toarray().ravel()
    held = np.flatnonzero(mcp == 1)
    ctx = _Context(cx, c, exporter, held, descriptions or {})
    items = tuple(
        _product(ctx, p, rank, score_of[p], row[p], world[p]) for rank, p in enumerate(order, start=1)
    )
    eci = cx.eci[c]
    eci_rank = None
    if np.isfinite(eci):
        eci_rank = int(np.sum(cx.eci[np.isfinite(cx.eci)] > eci)) + 1
    extra = () if np.isfinite(eci) else (msg.ADJ_UNDEFINED,)
    return AdjacentResult(
        demo=demo, exporter=exporter, years=tuple(years), hs_revision=hs_revision, rank_by=rank_by,
        weights=weights, countries=int(cx.valid_locations.sum()),
        products_total=int(cx.valid_products.sum()), eci=float(eci), eci_rank=eci_rank,
        coi=float(cx.coi[c]), diversity=int(cx.diversity[c]), products=items, notes=notes + extra,
    )


def _metric(cx: Complexity, c: int, name: str) -> npt.NDArray[np.float64]:
    if name == "density":
        return cx.density[c]
    if name == "cog":
        return cx.cog[c]
    return cx.pci


def _score(cx: Complexity, c: int, cand: npt.NDArray[np.intp], w: RankWeights) -> npt.NDArray[np.float64]:
    """Weighted z-scores over the candidates; density alone where ECI is undefined."""
    dens = _z(cx.density[c, cand])
    if not np.isfinite(cx.eci[c]):
        return dens
    return w.density * dens + w.cog * _z(cx.cog[c, cand]) + w.pci * _z(cx.pci[cand])


def _z(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    sd = np.nanstd(x) if x.size else 0.0
    if not np.isfinite(sd) or sd == 0:
        return np.zeros_like(x)
    out: npt.NDArray[np.float64] = (x - np.nanmean(x)) / sd
    return out


@dataclass(frozen=True, slots=True)
class _Context:
    cx: Complexity
    c: int
    exporter: str
    held: npt.NDArray[np.intp]
    descriptions: dict[str, str]


def _product(ctx: _Context, p: int, rank: int, score: float, exports: float, world: float) -> AdjacentProduct:
    cx, c = ctx.cx, ctx.c
    near = ctx.held[np.argsort(-cx.proximity[p, ctx.held], kind="stable")[:3]]
    neighbours = tuple(
        Neighbour(cx.products[q], float(cx.proximity[p, q]), float(cx.rca[c, q])) for q in near
    )
    code = cx.products[p]
    return AdjacentProduct(
        hs6=code, description=ctx.descriptions.get(code), rank=rank, score=float(score),
        density=float(cx.density[c, p]), distance=float(1.0 - cx.density[c, p]),
        pci=float(cx.pci[p]), cog=float(cx.cog[c, p]), rca=float(cx.rca[c, p]),
        exports_usd=float(exports), world_exports_usd=float(world), ubiquity=int(cx.ubiquity[p]),
        neighbours=neighbours, explanation=_explain(ctx, p, neighbours),
    )


def _explain(ctx: _Context, p: int, neighbours: tuple[Neighbour, ...]) -> Message:
    cx, c, who = ctx.cx, ctx.c, ctx.exporter
    parts = [msg.ADJ_DENSITY(density=float(cx.density[c, p]), who=who)]
    if neighbours:
        parts.append(msg.ADJ_CLOSEST(who=who, near=tuple(
            msg.ADJ_NEIGHBOUR(hs6=n.hs6, proximity=n.proximity) for n in neighbours)))
    pci, eci, cog = float(cx.pci[p]), float(cx.eci[c]), float(cx.cog[c, p])
    if np.isfinite(pci) and np.isfinite(eci):
        parts.append((msg.ADJ_PCI_MORE if pci > eci else msg.ADJ_PCI_LESS)(pci=pci, who=who, eci=eci))
        parts.append((msg.ADJ_COG_OPENS if cog > 0 else msg.ADJ_COG_LITTLE)(cog=cog))
    rca = float(cx.rca[c, p])
    parts.append(msg.ADJ_EXPORTS(who=who, rca=rca) if rca > 0 else msg.ADJ_NOT_YET(who=who))
    return msg.ADJ_EXPLAIN(parts=tuple(parts))
