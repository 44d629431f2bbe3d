"""Back-test on OCDS bids (data/queries/ocds_bids.py + chuhai.tenders.backtest): competitions
per tender or lot, the real winner and the qualification, and the winner's rank under the
evaluator against an independent price ranking."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chuhai.data.importer import import_paths
from chuhai.data.queries.ocds_bids import competitions
from chuhai.data.warehouse import Warehouse
from chuhai.tenders.backtest import backtest, pack_for


def _bid(bid: str, name: str, amount: float, status: str = "valid",
         lot: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": bid, "status": status, "tenderers": [{"id": name, "name": name}],
                           "value": {"amount": amount, "currency": "UAH"}}
    if lot:
        out["relatedLot"] = lot
    return out


def _award(aid: str, name: str, status: str = "active", lots: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": aid, "status": status, "date": "2020-02-01T00:00:00Z",
                           "value": {"amount": 1, "currency": "UAH"},
                           "suppliers": [{"id": name, "name": name}]}
    if lots is not None:
        out["relatedLots"] = lots
    return out


def _import(tmp: Path, releases: list[dict[str, Any]]) -> Warehouse:
    path = tmp / "p.json"
    path.write_text(json.dumps({"version": "1.1", "releases": releases}), "utf-8")
    wh = Warehouse(tmp / "wh")
    import_paths(wh, [path])
    return wh


def _release(ocid: str, bids: list[dict[str, Any]], awards: list[dict[str, Any]],
             **tender: Any) -> dict[str, Any]:
    return {"ocid": ocid, "id": "r", "date": "2020-01-01T00:00:00Z", "tag": ["award"],
            "buyer": {"id": "b", "name": "Buyer"},
            "parties": [{"id": "b", "name": "Buyer", "roles": ["buyer"],
                         "address": {"countryName": "Україна"}}],
            "tender": {"id": "t", "awardCriteria": "lowestCost", **tender},
            "bids": {"details": bids}, "awards": awards}


def test_winner_rank_before_and_after_qualification(tmp_path: Path) -> None:
    rel = _release("ocds-x-1", [_bid("1", "A", 100), _bid("2", "B", 90, "disqualified"),
                                _bid("3", "C", 95)], [_award("a", "C")])
    # ProZorro style: the lowest bidder's award unsuccessful, the next one active
    rel2 = _release("ocds-x-2", [_bid("1", "D", 50), _bid("2", "E", 60), _bid("3", "F", 70)],
                    [_award("a", "D", "unsuccessful"), _award("b", "E")])
    wh = _import(tmp_path, [rel, rel2])
    comps = {c.ocid: c for c in competitions(wh)}
    c1 = comps["ocds-x-1"]
    assert [(b.tenderer, b.won, b.qualified) for b in c1.bids] == \
        [("B", False, False), ("C", True, True), ("A", False, True)]
    assert c1.buyer_country == "UKR"
    c2 = comps["ocds-x-2"]
    assert [(b.tenderer, b.won, b.qualified) for b in c2.bids] == \
        [("D", False, False), ("E", True, True), ("F", False, True)]
    res = backtest(list(comps.values()))
    ranks = {r.ocid: (r.winner_rank, r.winner_rank_qualified) for r in res.rows}
    assert ranks == {"ocds-x-1": (2, 1), "ocds-x-2": (2, 1)}
    assert (res.competitions, res.with_winner, res.first_all, res.qualified,
            res.first_qualified) == (2, 2, 0, 2, 2)


def test_bids_per_lot_compete_within_the_lot(tmp_path: Path) -> None:
    bids = [_bid("1", "A", 10, lot="L1"), _bid("2", "B", 12, lot="L1"),
            _bid("3", "A", 30, lot="L2"), _bid("4", "B", 20, lot="L2"), _bid("5", "C", 5)]
    # Armenia writes relatedLots as objects
    awards = [_award("a1", "B", lots=[{"lotId": "L1"}]), _award("a2", "B", lots=["L2"])]
    wh = _import(tmp_path, [_release("ocds-x-3", bids, awards)])
    comps = competitions(wh)
    assert [(c.lot, [(b.tenderer, b.won) for b in c.bids]) for c in comps] == [
        ("L1", [("A", False), ("B", True)]), ("L2", [("B", True), ("A", False)])]
    assert [r.winner_rank for r in backtest(comps).rows] == [2, 1]


def test_pack_choice() -> None:
    assert pack_for("UKR", "goods", None).id == "wb-goods"
    assert pack_for("ARM", "works", None).id == "wb-works"
    ken = pack_for("KEN", "goods", None)
    assert ken.jurisdiction == "KE"


def test_real_samples_rank_like_the_price_order(shared_data: Path, tmp_path: Path) -> None:
    """All real bidders are domestic, so the pack adds no margin: the evaluator's rank of the
    winner must be 1 + the number of lower-priced bids (ties: the winner's rank is at most
    one more than that count plus the tied ones)."""
    files = [shared_data / "ocds-sample-armenia-armeps/releases/6.json",
             *sorted((shared_data / "ocds-sample-ukraine-prozorro/releases").glob("*.json"))]
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, files)
    comps = competitions(wh)
    res = backtest(comps)
    assert res.competitions == len(comps) == 9
    for comp, row in zip(comps, res.rows, strict=True):
        won = [b.amount for b in comp.bids if b.won]
        if not won:
            assert row.winner_rank is None
            continue
        lower = sum(b.amount < min(won) for b in comp.bids)
        tied = sum(b.amount == min(won) for b in comp.bids) - 1
        assert lower + 1 <= row.winner_rank <= lower + 1 + tied
    # ProZorro's lowest bidders were rejected at qualification in all three processes
    ua = [r for r in res.rows if r.ocid.startswith("ocds-be6bcu")]
    assert [r.winner_rank for r in ua] == [2, 2, 2]
