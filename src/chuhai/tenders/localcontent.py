"""Local-content measures (research §3.3), one pure function each, and goods origin.

Every method takes the offer's quoted unit price and its :class:`CostBuildUp`
(tender currency per unit) and returns a fraction 0–1. Without a build-up the
offer's declared ``local_content`` is used (and the evaluation says so).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chuhai.tenders.model import CostBuildUp, Offer

__all__ = ["LC_METHODS", "LcResult", "goods_origin", "local_content"]


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def in_mii_2020(price: float, c: CostBuildUp) -> float:
    """India PPP-MII 2020: (V − imported content incl. duty − royalties abroad) / V."""
    return _clip((price - c.imported_materials - c.import_duty - c.royalties_abroad) / price)


def wb_domestic_value(price: float, c: CostBuildUp) -> float:
    """WB/ADB/AfDB Group A: domestic labour, materials and components as a share of the price."""
    return _clip(c.domestic / price)


def opec_value_added(price: float, c: CostBuildUp) -> float:
    """OPEC Fund: domestic value added / ex-factory price (price taken as ex-factory)."""
    return _clip((price - c.imported_materials - c.import_duty) / price)


def kz_ct_kz(price: float, c: CostBuildUp) -> float:
    """Kazakhstan CT-KZ: 1 − foreign materials / cost of the finished good at EXW."""
    return _clip(1.0 - c.imported_materials / c.total) if c.total > 0 else 0.0


def id_tkdn_goods(price: float, c: CostBuildUp) -> float:
    """Indonesia TKDN goods (pre-2025 method): (price − foreign components) / price."""
    return _clip((price - c.imported_materials) / price)


def vn_domestic_cost(price: float, c: CostBuildUp) -> float:
    """Vietnam Decree 24/2024: domestic production cost / total production cost."""
    return _clip(c.domestic / c.total) if c.total > 0 else 0.0


def us_baa(price: float, c: CostBuildUp) -> float:
    """US Buy American: domestic component cost / total component cost."""
    comp = c.local_materials + c.imported_materials
    return _clip(c.local_materials / comp) if comp > 0 else 0.0


#: lc_method name -> (function, description). ``declared`` uses the offer's figure.
LC_METHODS: dict[str, tuple[Callable[[float, CostBuildUp], float] | None, str]] = {
    "declared": (None, "declared local content of the offer"),
    "in_mii_2020": (in_mii_2020, "(V − imports incl. duty − royalties abroad)/V"),
    "wb_domestic_value": (wb_domestic_value, "domestic labour+materials+overhead / price"),
    "opec_value_added": (opec_value_added, "(price − imports − duty)/price"),
    "kz_ct_kz": (kz_ct_kz, "1 − foreign materials / EXW cost"),
    "id_tkdn_goods": (id_tkdn_goods, "(price − foreign components)/price"),
    "vn_domestic_cost": (vn_domestic_cost, "domestic cost / total cost"),
    "us_baa": (us_baa, "domestic components / all components"),
}


@dataclass(frozen=True, slots=True)
class LcResult:
    value: float
    method: str
    basis: str


def local_content(offer: Offer, method: str, *, price: float | None = None) -> LcResult:
    """Local content of ``offer`` under ``method``; falls back to the declared figure."""
    fn, desc = LC_METHODS[method]
    p = offer.price if price is None else price
    if fn is not None and offer.cost is not None:
        return LcResult(fn(p, offer.cost), method, f"{method}: {desc} from the cost build-up")
    if offer.local_content is not None:
        basis = "declared by the bidder" + ("" if fn is None else f" (no cost build-up for {method})")
        return LcResult(offer.local_content, method, basis)
    if fn is None and offer.cost is not None and offer.cost.total > 0:
        return LcResult(offer.cost.domestic / offer.cost.total, method,
                        "domestic share of the cost build-up (the pack measures origin, not a content ratio)")
    if fn is not None and offer.cost is None:
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
