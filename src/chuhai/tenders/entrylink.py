"""Optional link to the entry planner: an offer priced and costed by ``chuhai.entry``.

An offer with ``entry = { scenario = "...", mode = "ckd_assembly" }`` takes its price,
unit cost and cost build-up from ``chuhai.entry.offer_costs(scenario, mode)`` (USD,
converted with ``tender.fx``); fields written in the offer win. The tender core does not
depend on the entry planner: without it such an offer is a clear error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chuhai.errors import ChuhaiError, ScenarioError

__all__ = ["resolve_entry_offers"]


def _rate(data: dict[str, Any], path: str, file: str | None) -> float:
    info = data.get("tender", {})
    cur = info.get("currency", "USD")
    if cur == "USD":
        return 1.0
    rate = info.get("fx", {}).get(cur)
    if not isinstance(rate, int | float) or rate <= 0:
        raise ScenarioError(f"entry costs are in USD: give tender.fx.{cur} (units per USD)", path=path,
                            file=file)
    return float(rate)


def _costs(ref: dict[str, Any], base: Path | None, path: str, file: str | None) -> Any:
    try:
        from chuhai.entry import load_scenario, offer_costs
    except ImportError as exc:
        raise ScenarioError("needs the entry planner (chuhai.entry), not present in this build",
                            path=path, file=file) from exc
    if not isinstance(ref, dict) or not {"scenario", "mode"} <= set(ref):
        raise ScenarioError("entry needs `scenario` (a path) and `mode`", path=path, file=file)
    sc_path = Path(ref["scenario"])
    if base is not None and not sc_path.is_absolute():
        sc_path = base / sc_path
    try:
        return offer_costs(load_scenario(sc_path), str(ref["mode"]))
    except (ChuhaiError, OSError) as exc:
        raise ScenarioError(f"entry scenario {sc_path}: {exc}", path=path, file=file) from exc


def resolve_entry_offers(data: dict[str, Any], *, base: Path | None,
                         file: str | None = None) -> dict[str, Any]:
    """A copy of the tender dict with entry-linked offers filled in from the entry planner."""
    offers = data.get("offers")
    if not isinstance(offers, list) or not any(isinstance(o, dict) and "entry" in o for o in offers):
        return data
    out = dict(data)
    out["offers"] = []
    for i, o in enumerate(offers):
        if not (isinstance(o, dict) and "entry" in o):
            out["offers"].append(o)
            continue
        path = f"offers.{i}.entry"
        oc, fx = _costs(o["entry"], base, path, file), _rate(data, path, file)
        b = oc.build_up
        filled: dict[str, Any] = {
            "price": oc.price_usd * fx, "unit_cost": oc.unit_cost_usd * fx,
            "cost": {"imported_materials": b["cif_usd"] * fx, "import_duty": b["duty_usd"] * fx,
                     "royalties_abroad": b["royalty_usd"] * fx,
                     "local_materials": b["local_parts_usd"] * fx,
                     "local_labour": b["local_labour_usd"] * fx,
                     "local_overhead": b["local_overhead_usd"] * fx,
                     "other_costs": (b["nr_vat_usd"] + b["clearance_usd"]) * fx},
        }
        buyer = data.get("tender", {}).get("buyer_country")
        if oc.bidder == "partner" and buyer:
            filled["registered_in"] = [buyer]
        out["offers"].append({**filled, **o, "entry": {**o["entry"], "demo": oc.demo}})
        if oc.demo:
            out["tender"] = {**out.get("tender", {}), "demo": True}
    return out
