"""Entry modes as data: what is imported, what is made locally, capex, labour, ownership.

A mode is not a code branch. The engine reads these fields only; a user adds or
replaces a mode with a ``[[modes]]`` table in the scenario file. The built-in
figures are planning defaults for a small meter maker (capex of an assembly line,
test benches and a calibration rig; labour hours per unit), not sourced facts:
override them with your own quotes.

Ownership semantics (used by :mod:`chuhai.entry.deal`):

* ``local_entity`` — who sells in the market: ``none`` (the firm sells from abroad
  and pays no host corporate tax), ``partner``, ``jv`` or ``subsidiary``.
* ``profit_share`` — the firm's share of the local entity's after-tax profit: a
  number, ``"s"`` (the partner deal share ``partner.share``) or ``"equity"``
  (``partner.firm_equity``).
* ``capex_share`` — the firm's share of capex (number or ``"equity"``).
* ``bidder`` — who signs tender bids (for gates such as India GFR 144(xi)).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["BUILTIN_MODES", "Mode", "builtin_modes", "resolve_share"]

ImportForm = Literal["cbu", "skd", "ckd", "components"]


class Mode(BaseModel):
    """One way of entering the market."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = ""
    description: str = ""
    import_form: ImportForm = "cbu"
    local_sourcing: Literal["none", "ckd", "full"] | tuple[str, ...] = "none"
    home_assembly_share: float = Field(default=1.0, ge=0.0, le=1.0)
    local_labour_hours_per_unit: float = Field(default=0.0, ge=0.0)
    local_overhead_usd_per_unit: float = Field(default=0.0, ge=0.0)
    fixed_cost_usd_per_year: float = Field(default=0.0, ge=0.0)
    capex_usd: float = Field(default=0.0, ge=0.0)
    asset_life_years: int = Field(default=8, ge=1, le=50)
    capex_share: Annotated[float, Field(ge=0.0, le=1.0)] | Literal["equity"] = 1.0
    profit_share: Annotated[float, Field(ge=0.0, le=1.0)] | Literal["s", "equity"] = 1.0
    royalty: bool = False
    local_entity: Literal["none", "partner", "jv", "subsidiary"] = "none"
    bidder: Literal["firm", "partner", "jv", "subsidiary"] = "firm"
    private_reach: float = Field(default=1.0, ge=0.0, le=1.0)
    tender_share: float | None = Field(default=None, ge=0.0, le=1.0)
    manufactures_locally: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Mode:
        if self.local_entity == "none" and self.profit_share not in (1.0, 1):
            raise ValueError("a mode without a local entity keeps all profit: profit_share = 1")
        if self.local_entity == "none" and self.capex_share not in (1.0, 1):
            raise ValueError("a mode without a local entity bears its own capex: capex_share = 1")
        if self.local_entity == "none" and self.royalty:
            raise ValueError("a mode without a local entity cannot pay a royalty")
        return self


def resolve_share(value: float | str, *, s: float, equity: float) -> float:
    """The numeric share for ``"s"``, ``"equity"`` or a number."""
    if value == "s":
        return s
    if value == "equity":
        return equity
    return float(value)


BUILTIN_MODES: tuple[Mode, ...] = (
    Mode(key="direct_export", label="Direct export",
         description="Ship finished meters (CBU) from the home factory and bid directly.",
         private_reach=0.5, fixed_cost_usd_per_year=20_000),
    Mode(key="distributor", label="Distributor",
         description="A local distributor buys finished meters at the transfer price and resells.",
         local_entity="partner", bidder="partner", profit_share=0.0, capex_share=0.0,
         local_labour_hours_per_unit=0.05, fixed_cost_usd_per_year=30_000),
    Mode(key="licensing", label="Licensing / contract manufacture",
         description="A local manufacturer makes the meter under licence; the firm sells it the "
                     "critical parts and earns a royalty.",
         import_form="components", local_sourcing="full", home_assembly_share=0.0,
         local_labour_hours_per_unit=0.9, local_overhead_usd_per_unit=1.0,
         fixed_cost_usd_per_year=60_000, capex_usd=250_000, capex_share=0.0, profit_share=0.0,
         royalty=True, local_entity="partner", bidder="partner", manufactures_locally=True),
    Mode(key="joint_venture", label="Joint venture",
         description="An equity JV assembles CKD kits with local housings; profits by equity.",
         import_form="ckd", local_sourcing="ckd", home_assembly_share=0.1,
         local_labour_hours_per_unit=0.7, local_overhead_usd_per_unit=0.8,
         fixed_cost_usd_per_year=80_000, capex_usd=300_000, capex_share="equity",
         profit_share="equity", royalty=True, local_entity="jv", bidder="jv",
         manufactures_locally=True),
    Mode(key="skd_assembly", label="SKD assembly (partner)",
         description="The partner assembles semi-knocked-down kits; the firm earns kit margin, "
                     "royalty and the share s of partner profit.",
         import_form="skd", home_assembly_share=0.5, local_labour_hours_per_unit=0.3,
         local_overhead_usd_per_unit=0.4, fixed_cost_usd_per_year=40_000, capex_usd=60_000,
         capex_share=0.0, profit_share="s", royalty=True, local_entity="partner",
         bidder="partner", manufactures_locally=True),
    Mode(key="ckd_assembly", label="CKD assembly (partner)",
         description="The partner assembles completely-knocked-down kits and sources housings and "
                     "packaging locally; the firm earns kit margin, royalty and s of profit.",
         import_form="ckd", local_sourcing="ckd", home_assembly_share=0.1,
         local_labour_hours_per_unit=0.7, local_overhead_usd_per_unit=0.8,
         fixed_cost_usd_per_year=60_000, capex_usd=200_000, capex_share=0.0, profit_share="s",
         royalty=True, local_entity="partner", bidder="partner", manufactures_locally=True),
    Mode(key="full_local", label="Full local production (subsidiary)",
         description="A wholly owned subsidiary makes the meter; only critical parts are imported.",
         import_form="components", local_sourcing="full", home_assembly_share=0.0,
         local_labour_hours_per_unit=1.0, local_overhead_usd_per_unit=1.2,
         fixed_cost_usd_per_year=150_000, capex_usd=1_200_000, capex_share=1.0, profit_share=1.0,
         local_entity="subsidiary", bidder="subsidiary", manufactures_locally=True),
)


def builtin_modes() -> dict[str, Mode]:
    """The built-in modes by key."""
    return {m.key: m for m in BUILTIN_MODES}
