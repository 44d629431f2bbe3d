"""An offer's local content under its rule pack's law, and the origin of its goods.

The laws themselves live in :mod:`chuhai.rules.laws` (shared with the entry planner):
each takes the offer's quoted unit price and its cost build-up (tender currency per
unit). Without a build-up the offer's declared ``local_content`` is used (and the
evaluation says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from chuhai.messages import Message
from chuhai.rules.laws import DECLARED, get_law
from chuhai.tenders import messages as M
from chuhai.tenders.model import Offer

__all__ = ["LcResult", "goods_origin", "local_content"]


@dataclass(frozen=True, slots=True)
class LcResult:
    value: float
    method: str
    basis: Message


def local_content(offer: Offer, method: str, *, price: float | None = None) -> LcResult:
    """Local content of ``offer`` under ``method``; falls back to the declared figure."""
    law = None if method == DECLARED else get_law(method)
    p = offer.price if price is None else price
    if law is not None and offer.cost is not None:
        return LcResult(law(p, offer.cost), method, M.LC_FROM_BUILD_UP(method=method, formula=law.formula_text()))
    if offer.local_content is not None:
        basis = M.LC_DECLARED() if law is None else M.LC_DECLARED_NO_BUILD_UP(method=method)
        return LcResult(offer.local_content, method, basis)
    if law is None and offer.cost is not None and offer.cost.total > 0:
        return LcResult(offer.cost.domestic / offer.cost.total, method, M.LC_DOMESTIC_SHARE())
    if law is not None and offer.cost is None:
        return LcResult(0.0, method, M.LC_NOTHING())
    return LcResult(0.0, method, M.LC_NONE_DECLARED())


def goods_origin(offer: Offer, *, origin_operations: tuple[str, ...],
                 certificates: tuple[str, ...]) -> tuple[str, Message]:
    """Origin of the goods and why.

    Assembly confers origin when the assembler holds an accepted origin certificate
    or performs every listed processing operation; otherwise the goods keep the
    origin of their components (re-export or simple assembly does not transform them).
    """
    a = offer.assembly
    if a is None:
        return offer.origin, M.ORIGIN_DECLARED(origin=offer.origin)
    if a.certificate and a.certificate in certificates:
        return a.country, M.ORIGIN_CERTIFICATE(country=a.country, certificate=a.certificate)
    if origin_operations:
        missing = tuple(op for op in origin_operations if op not in a.operations)
        if not missing:
            return a.country, M.ORIGIN_OPERATIONS_DONE(country=a.country, operations=origin_operations)
        return offer.origin, M.ORIGIN_OPERATIONS_MISSING(country=a.country, missing=missing,
                                                         origin=offer.origin)
    return a.country, M.ORIGIN_NO_RULE(country=a.country)
