"""The per-unit cost build-up every local-content law reads (one type for both engines).

Currency-agnostic: the entry planner fills it in USD, a tender file in the tender
currency. The price (the value ``V`` the laws divide by: bid or ex-works price net of
domestic indirect taxes) is not part of it, because a tender varies the price of one
build-up; every law takes ``(price, build_up)``.

Tender files validate straight into this type (``[[offers]] cost = { ... }``), so the
fields carry Pydantic bounds and unknown keys are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, ClassVar

from pydantic import ConfigDict, Field

__all__ = ["CostBuildUp"]

Money = Annotated[float, Field(ge=0)]


@dataclass(frozen=True, slots=True)
class CostBuildUp:
    """Per-unit costs of the product as offered in the host market."""

    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(extra="forbid")

    imported_materials: Money = 0.0  # foreign parts / kits at customs value (CIF)
    import_duty: Money = 0.0  # duty paid on the imported materials
    royalties_abroad: Money = 0.0  # royalty / technical fee paid abroad
    local_materials: Money = 0.0  # parts and components bought in the host country
    local_labour: Money = 0.0
    local_overhead: Money = 0.0
    other_costs: Money = 0.0  # freight, clearance, non-recoverable VAT, certification ...
    manufactured_locally: bool = True  # False: a traded import, local content 0 under every law

    @property
    def domestic(self) -> float:
        """Domestic labour, materials and overhead."""
        return self.local_materials + self.local_labour + self.local_overhead

    @property
    def imported_landed(self) -> float:
        """Imported materials at their landed cost (customs value + duty)."""
        return self.imported_materials + self.import_duty

    @property
    def total(self) -> float:
        return (self.imported_materials + self.import_duty + self.royalties_abroad
                + self.domestic + self.other_costs)

    def scaled(self, factor: float) -> CostBuildUp:
        """The same build-up in another currency (``factor`` units per unit)."""
        return replace(self, **{k: getattr(self, k) * factor for k in _MONEY})


_MONEY = ("imported_materials", "import_duty", "royalties_abroad", "local_materials",
          "local_labour", "local_overhead", "other_costs")
