"""The tender simulator's form: rule pack, tender basics and up to 5 bids -> tender TOML."""

from __future__ import annotations

from typing import Any

import tomli_w

from chuhai.errors import ChuhaiError

__all__ = ["ARCHETYPES", "BID_ROWS", "DEFAULT_FORM", "form_to_tender", "tender_toml"]

BID_ROWS = 5
#: rival archetypes (chuhai/tenders/archetypes.toml) the form offers for the Monte Carlo
ARCHETYPES = ("global_brand", "local_assembler", "regional_neighbour", "low_cost_importer")
DEFAULT_FORM: dict[str, Any] = {
    "name": "water meters tender", "rulepack": "mz-decree-5-2016", "buyer_country": "MOZ",
    "quantity": "20000", "currency": "USD", "method": "lowest_price", "runs": "20000", "seed": "1",
    "rivals": ["local_assembler", "low_cost_importer"], "sector": "9028", "calibrate": False,
    "bids": [
        {"bidder": "Our import offer", "bidder_country": "CHN", "origin": "CHN", "price": "38",
         "technical_score": "78", "local_content": "", "registered": False, "jv": False, "own": True,
         "unit_cost": "30.5"},
        {"bidder": "Our JV offer", "bidder_country": "MOZ", "origin": "CHN", "price": "41",
         "technical_score": "78", "local_content": "0.22", "registered": True, "jv": True, "own": True,
         "unit_cost": "34.2"},
        {"bidder": "Rival with local branch", "bidder_country": "ZAF", "origin": "ZAF", "price": "42.5",
         "technical_score": "82", "local_content": "", "registered": True, "jv": False, "own": False},
    ],
}


def _num(form: dict[str, Any], key: str, label: str) -> float | None:
    raw = str(form.get(key, "")).strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError as exc:
        raise ChuhaiError(f"{label}: {raw!r} is not a number", field=key) from exc


def _bid(form: dict[str, Any], i: int, buyer: str) -> dict[str, Any] | None:
    name = str(form.get(f"b{i}_bidder", "")).strip()
    if not name:
        return None
    price = _num(form, f"b{i}_price", f"bid {i + 1} price")
    if price is None:
        raise ChuhaiError(f"bid {i + 1} ({name}) needs a price", field=f"b{i}_price")
    bid: dict[str, Any] = {
        "bidder": name, "price": price,
        "bidder_country": str(form.get(f"b{i}_bidder_country", "")).strip().upper() or "CHN",
        "origin": str(form.get(f"b{i}_origin", "")).strip().upper() or "CHN",
    }
    for key, label in (("technical_score", "technical score"), ("local_content", "local content"),
                       ("unit_cost", "unit cost")):
        value = _num(form, f"b{i}_{key}", f"bid {i + 1} {label}")
        if value is not None:
            bid[key] = value
    if form.get(f"b{i}_registered"):
        bid["registered_in"] = [buyer]
    if form.get(f"b{i}_jv"):
        bid["local_ownership"] = 0.51
        bid["consortium"] = {"partner": f"{buyer} partner", "partner_country": buyer,
                             "domestic_share": 0.35, "kind": "jv"}
    if form.get(f"b{i}_own"):
        bid["own"] = True
    return bid


def form_to_tender(form: dict[str, Any]) -> dict[str, Any]:
    """The tender mapping (docs/tender-format.md) from flat form fields."""
    buyer = str(form.get("buyer_country", "")).strip().upper()
    quantity = _num(form, "quantity", "quantity") or 1.0
    offers = [b for i in range(BID_ROWS) if (b := _bid(form, i, buyer)) is not None]
    rivals = [{"name": a.replace("_", " "), "archetype": a}
              for a in form.get("rivals", []) if a in ARCHETYPES]
    out: dict[str, Any] = {
        "tender": {"name": str(form.get("name", "")).strip() or "tender",
                   "rulepack": str(form.get("rulepack", "")).strip(), "buyer_country": buyer,
                   "quantity": quantity, "currency": str(form.get("currency", "USD")).strip() or "USD"},
        "evaluation": {"method": str(form.get("method", "lowest_price")).strip()},
        "offers": offers,
    }
    sector = str(form.get("sector", "")).strip()
    if sector:
        out["tender"]["products"] = [sector]
    if rivals:
        out["rivals"] = rivals
    return out


def tender_toml(tender: dict[str, Any]) -> str:
    return tomli_w.dumps(tender)
