"""The link to the entry planner: an offer priced and costed by ``chuhai.entry``.

An offer with ``entry = { scenario = "...", mode = "ckd_assembly" }`` takes its price,
unit cost and cost build-up (the shared :class:`chuhai.rules.CostBuildUp`) from
``chuhai.entry.offer_costs(scenario, mode)`` (USD, converted with ``tender.fx``); fields
written in the offer win.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from chuhai.errors import ChuhaiError, ScenarioError
from chuhai.tenders import messages as msg

if TYPE_CHECKING:
    from chuhai.entry.offer import OfferCosts

__all__ = ["resolve_entry_offers"]


def _rate(data: dict[str, Any], path: str, file: str | None) -> float:
    info = data.get("tender", {})
    cur = info.get("currency", "USD")
    if cur == "USD":
        return 1.0
    rate = info.get("fx", {}).get(cur)
    if not isinstance(rate, int | float) or rate <= 0:
        raise ScenarioError(msg.ENTRY_FX(field=f"tender.fx.{cur}", currency=cur), path=path, file=file)
    return float(rate)


def _scenario_path(name: str, base: Path | None, path: str, file: str | None) -> Path:
    """The scenario file an offer's ``entry.scenario`` names: beside the tender file (when it
    has one), else a shipped example (the one resolver, chuhai.entry.examples); a tender with
    no file location (pasted or uploaded on the web) reads no other server file."""
    # lazy: start-up speed (importing chuhai.entry.examples runs chuhai.entry, which loads SciPy)
    from chuhai.entry.examples import example_path, examples

    if base is not None and (base / name).is_file():
        return base / name
    found = example_path(name)
    if found is None:
        known = tuple(examples())
        err = (msg.ENTRY_EXAMPLES_ONLY if base is None else msg.ENTRY_NOT_FOUND)(name=name, examples=known)
        raise ScenarioError(err, path=f"{path}.scenario", file=file)
    return found


def _costs(ref: dict[str, Any], base: Path | None, path: str, file: str | None) -> OfferCosts:
    # lazy: start-up speed: chuhai.entry imports SciPy, which only entry-linked offers need
    from chuhai.entry import load_scenario, offer_costs

    if not isinstance(ref, dict) or not {"scenario", "mode"} <= set(ref):
        raise ScenarioError(msg.ENTRY_FIELDS(), path=path, file=file)
    name = str(ref["scenario"]).strip()
    sc_path = _scenario_path(name, base, path, file)
    try:
        scenario = load_scenario(sc_path)
    except (ChuhaiError, OSError, UnicodeDecodeError) as exc:
        error = exc.text() if isinstance(exc, ChuhaiError) else type(exc).__name__
        raise ScenarioError(msg.ENTRY_INVALID(name=name, error=error), path=f"{path}.scenario",
                            file=file) from exc
    try:
        return offer_costs(scenario, str(ref["mode"]))
    except ChuhaiError as exc:  # an unknown mode: the offer's field, not a missing page
        raise ScenarioError(exc.msg or exc.message, path=f"{path}.mode", file=file) from exc


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
        filled: dict[str, Any] = {"price": oc.price_usd * fx, "unit_cost": oc.unit_cost_usd * fx,
                                  "cost": oc.cost.scaled(fx)}
        buyer = data.get("tender", {}).get("buyer_country")
        if oc.bidder == "partner" and buyer:
            filled["registered_in"] = [buyer]
        out["offers"].append({**filled, **o, "entry": {**o["entry"], "demo": oc.demo}})
        if oc.demo:
            out["tender"] = {**out.get("tender", {}), "demo": True}
    return out
