"""Local content under each procurement law's own method: one function per law.

Every law takes the price ``V`` (bid or ex-works price, net of domestic indirect taxes)
and a :class:`CostBuildUp` in the same currency, and returns a fraction in [0, 1]
(research tenders-and-localisation.md §3.3). Goods not manufactured in the host
country are traded imports: every law gives them 0 (India excludes rebranded
imports; the others require local production).

One id per law (:data:`LAWS`); :data:`ALIASES` keeps the ids older files used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from chuhai.errors import NotFoundError
from chuhai.messages import Text
from chuhai.rules.buildup import CostBuildUp

__all__ = [
    "ALIASES",
    "DECLARED",
    "LAWS",
    "LC_METHODS",
    "Law",
    "canonical",
    "get_law",
    "id_tkdn",
    "in_mii",
    "kz_ct_kz",
    "opec_value_added",
    "us_baa",
    "vn_domestic_cost",
    "wb_group_a",
]

LawFn = Callable[[float, CostBuildUp], float]


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def _share_of_price(price: float, b: CostBuildUp, part: float) -> float:
    if not b.manufactured_locally or price <= 0:
        return 0.0
    return _clip(part / price)


def in_mii(price: float, b: CostBuildUp) -> float:
    """India PPP-MII 2017 (rev. 2020): ``(V − imported incl. duty − royalties abroad) / V``."""
    return _share_of_price(price, b, price - b.imported_landed - b.royalties_abroad)


def wb_group_a(price: float, b: CostBuildUp) -> float:
    """WB/ADB/AfDB Group A: domestic labour + materials + components as a share of the price."""
    return _share_of_price(price, b, b.domestic)


def opec_value_added(price: float, b: CostBuildUp) -> float:
    """OPEC Fund: domestic value added / ex-factory price (price taken as ex-factory)."""
    return _share_of_price(price, b, price - b.imported_landed)


def kz_ct_kz(price: float, b: CostBuildUp) -> float:
    """Kazakhstan CT-KZ [S64]: ``1 − C_foreign materials / C_EXW``.

    ``C_EXW`` is the ex-works value of the finished good (the price net of taxes), the
    foreign materials are taken at their landed cost including duty."""
    return _share_of_price(price, b, price - b.imported_landed)


def id_tkdn(price: float, b: CostBuildUp) -> float:
    """Indonesia TKDN goods (pre-2025 method): ``(price − foreign components) / price``.

    Foreign components at customs value (CIF), duty excluded (assumption, L)."""
    return _share_of_price(price, b, price - b.imported_materials)


def vn_domestic_cost(price: float, b: CostBuildUp) -> float:
    """Vietnam Decree 24/2024: domestic production cost / total production cost.

    Production cost = imported materials at landed cost + domestic costs (royalties
    and other costs such as freight or certification are not production costs)."""
    if not b.manufactured_locally:
        return 0.0
    total = b.imported_landed + b.domestic
    return _clip(b.domestic / total) if total > 0 else 0.0


def us_baa(price: float, b: CostBuildUp) -> float:
    """US Buy American component test: domestic component cost / total component cost."""
    if not b.manufactured_locally:
        return 0.0
    total = b.local_materials + b.imported_materials
    return _clip(b.local_materials / total) if total > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Law:
    """A local-content law: its id, its function, the formula in words (English and
    Chinese, :meth:`formula_text`), older ids."""

    id: str
    fn: LawFn
    formula: str
    formula_zh: str
    aliases: tuple[str, ...] = ()

    def formula_text(self) -> Text:
        return Text(self.formula, self.formula_zh)

    def __call__(self, price: float, b: CostBuildUp) -> float:
        return self.fn(price, b)


LAWS = MappingProxyType({law.id: law for law in (
    Law("in_mii", in_mii, "(V − imports incl. duty − royalties abroad)/V",
        "（合同价值 − 含关税的进口 − 境外特许权使用费）/ 合同价值", ("in_mii_2020",)),
    Law("wb_group_a", wb_group_a, "domestic labour+materials+overhead / price",
        "（国内人工 + 材料 + 管理费）/ 价格", ("wb_domestic_value",)),
    Law("opec_value_added", opec_value_added, "(price − imports − duty)/price",
        "（价格 − 进口 − 关税）/ 价格"),
    Law("kz_ct_kz", kz_ct_kz, "1 − foreign materials incl. duty / EXW value",
        "1 − 含关税的外国材料 / 出厂价值"),
    Law("id_tkdn", id_tkdn, "(price − foreign components)/price", "（价格 − 外国部件）/ 价格",
        ("id_tkdn_goods",)),
    Law("vn_domestic_cost", vn_domestic_cost, "domestic cost / total cost", "本国成本 / 总成本"),
    Law("us_baa", us_baa, "domestic components / all components", "本国部件 / 全部部件"),
)})

#: older id -> law id (accepted in rule packs, tender and scenario files).
ALIASES = MappingProxyType({a: law.id for law in LAWS.values() for a in law.aliases})

#: the method that takes the bidder's declared local content instead of a law.
DECLARED = "declared"

#: every local-content method id a file may name.
LC_METHODS: tuple[str, ...] = (DECLARED, *LAWS, *ALIASES)


def canonical(method: str) -> str:
    """The law id for ``method`` (an id or an alias); other names are returned unchanged."""
    return ALIASES.get(method, method)


def get_law(method: str) -> Law:
    """The law named ``method`` (an id or an alias)."""
    law = LAWS.get(canonical(method))
    if law is None:
        raise NotFoundError(f"unknown local-content law {method!r}; known: {', '.join(LAWS)}")
    return law
