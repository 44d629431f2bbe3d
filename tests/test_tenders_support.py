"""Small builders for tender tests (dict tenders; no files, no network)."""

from __future__ import annotations

from typing import Any

from chuhai.tenders import Tender, load_tender


def offer(bidder: str, price: float, country: str, **kw: Any) -> dict[str, Any]:
    """An offer by a bidder from ``country`` with goods of the same origin, registered at home."""
    return {"bidder": bidder, "price": price, "bidder_country": country,
            "origin": kw.pop("origin", country), "registered_in": kw.pop("registered_in", [country]), **kw}


def tender(pack: str, buyer: str, offers: list[dict[str, Any]], **kw: Any) -> Tender:
    info = {"name": "test", "rulepack": pack, "buyer_country": buyer, **kw.pop("info", {})}
    return load_tender({"tender": info, "offers": offers, **kw})
