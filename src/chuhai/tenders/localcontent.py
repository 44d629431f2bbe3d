"""An offer's local content under its rule pack's law, and the origin of its goods.

The laws themselves live in :mod:`chuhai.rules.laws` (shared with the entry planner):
each takes the offer's quoted unit price and its cost build-up (tender currency per
unit). Without a build-up the offer's declared ``local_content`` is used (and the
evaluation says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from chuhai.rules.laws import DECLARED, get_law
from chuhai.tenders.model import Offer

__all__ = ["LcResult", "goods_origin", "local_content"]


@dataclass(frozen=True, slots=True)
class LcResult:
    value: float
    method: str
    basis: str


def local_content(offer: Offer, method: str, *, price: float | None = None) -> LcResult:
    """Local content of ``offer`` under ``method``; falls back to the declared figure."""
    law = None if method == DECLARED else get_law(method)
    p = offer.price if price is None else price
    if law is not None and offer.cost is not None:
        return LcResult(law(p, offer.cost), method, f"{method}: {law.formula} from the cost build-up")
    if offer.local_content is not None:
        basis = "declared by the bidder" + ("" if law is None else f" (no cost build-up for {method})")
        return LcResult(offer.local_content, method, basis)
    if law is None and offer.cost is not None and offer.cost.total > 0:
        return LcResult(offer.cost.domestic / offer.cost.total, method,
                        "domestic share of the cost build-up (the pack measures origin, not a content ratio)")
    if law is not None and offer.cost is None:
        return LcResult(0.0, method, "no cost build-up and no declared local content: taken as 0")
    return LcResult(0.0, method, "no local content declared: taken as 0")


def goods_origin(offer: Offer, *, origin_operations: tuple[str, ...],
                 certificates: tuple[str, ...]) -> tuple[str, str]:
    """Origin of the goods and why.

    Assembly confers origin when the assembler holds an accepted origin certificate
    or performs every listed processing operation; otherwise the goods keep the
    origin of their components (re-export or simple assembly does not transform them).
    """
    a = offer.assembly
    if a is None:
        return offer.origin, f"declared origin {offer.origin}"
    if a.certificate and a.certificate in certificates:
        return a.country, f"assembled in {a.country} with origin certificate {a.certificate}"
    if origin_operations:
        missing = [op for op in origin_operations if op not in a.operations]
        if not missing:
            return a.country, f"assembled in {a.country}; all origin operations done ({', '.join(origin_operations)})"
        return offer.origin, (f"assembly in {a.country} lacks {', '.join(missing)}: "
                              f"goods keep {offer.origin} origin")
    return a.country, f"assembled in {a.country} (no origin rule in the pack)"
