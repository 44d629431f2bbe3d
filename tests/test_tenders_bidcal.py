"""Rival prices and counts from OCDS bids (data/queries/ocds_ratios.py, chuhai.tenders.bidcal)
and their use in the calibrated simulation: the ratios, tenderer counts, medians, intervals
and spreads checked against a recount by hand of a fixture and against an independent
recount of the real Armenian and Ukrainian OCDS files (plain json, no chuhai code)."""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path
from typing import Any

import pytest

from chuhai.data.importer import import_paths
from chuhai.data.queries.ocds_ratios import bid_sample
from chuhai.data.warehouse import Warehouse
from chuhai.tenders.bidcal import bid_evidence, median_interval, sd_interval, spread
from chuhai.tenders.calibrate import calibrate, calibrated_tender, simulate_calibrated
from chuhai.tenders.model import load_tender

COUNTRY = {"UKR": "Україна", "CHN": "China", "POL": "Poland"}


def _release(ocid: str, value: float | None, bids: list[tuple[str, str, float]], winner: str,
             *, method: str = "open", tenderers: int | None = None, cpv: str = "38421100-3",
             lots: list[dict[str, Any]] | None = None, lot: str | None = None) -> dict[str, Any]:
    """A UKR tender; ``bids``: (tenderer, its country, amount); the award to ``winner``."""
    parties = [{"id": "b", "name": "Buyer", "roles": ["buyer"], "address": {"countryName": COUNTRY["UKR"]}}]
    countries = {name: c for name, c, _ in bids}
    parties += [{"id": n, "name": n, "roles": ["tenderer"] + (["supplier"] if n == winner else []),
                 "address": {"countryName": COUNTRY[c]}} for n, c in countries.items()]
    tender: dict[str, Any] = {"id": "t", "procurementMethod": method, "awardCriteria": "lowestCost",
                              "mainProcurementCategory": "goods",
                              "items": [{"id": "1", "classification": {"scheme": "CPV", "id": cpv}}]}
    if value is not None:
        tender["value"] = {"amount": value, "currency": "UAH"}
    if tenderers is not None:
        tender["numberOfTenderers"] = tenderers
    if lots is not None:
        tender["lots"] = lots
    details = []
    for i, (name, _c, amount) in enumerate(bids):
        b: dict[str, Any] = {"id": str(i), "status": "valid", "tenderers": [{"id": name, "name": name}],
                             "value": {"amount": amount, "currency": "UAH"}}
        if lot:
            b["relatedLot"] = lot
        details.append(b)
    return {"ocid": ocid, "id": "r", "date": "2020-01-01T00:00:00Z", "tag": ["award"],
            "buyer": {"id": "b", "name": "Buyer"}, "parties": parties, "tender": tender,
            "bids": {"details": details},
            "awards": [{"id": "a", "status": "active", "date": "2020-02-01T00:00:00Z",
                        "value": {"amount": 1, "currency": "UAH"},
                        "suppliers": [{"id": winner, "name": winner}]}]}


RELEASES = [
    _release("ocds-t-1", 1000, [("A", "UKR", 900), ("B", "CHN", 800), ("C", "POL", 950)], "B"),
    _release("ocds-t-2", 2000, [("A", "UKR", 1800), ("D", "UKR", 1900)], "A", tenderers=3),
    _release("ocds-t-3", 500, [("E", "UKR", 450), ("B", "CHN", 520), ("F", "UKR", 470), ("G", "POL", 600)], "E"),
    _release("ocds-t-4", 4000, [("A", "UKR", 3000), ("B", "CHN", 2800)], "B"),
    _release("ocds-t-5", 0.01, [("A", "UKR", 700), ("H", "UKR", 650)], "H"),  # a placeholder estimate
    _release("ocds-t-6", 9000, [("D", "UKR", 8000), ("B", "CHN", 7000)], "D", method="direct"),  # no competition
    _release("ocds-t-7", 50_000, [("A", "UKR", 1200), ("E", "UKR", 1150)], "E",  # the lot's own estimate
             lots=[{"id": "L1", "value": {"amount": 1300, "currency": "UAH"}},
                   {"id": "L2", "value": {"amount": 48_700, "currency": "UAH"}}], lot="L1"),
    _release("ocds-t-8", 1000, [("A", "UKR", 990), ("B", "CHN", 940)], "B", cpv="45000000-7"),  # works, no meter
]
#: bid / estimate by hand: the meter tenders 1-4 and 7 (5: placeholder estimate; 6: direct)
METER_RATIOS = [0.9, 0.8, 0.95, 0.9, 0.95, 0.9, 1.04, 0.94, 1.2, 0.75, 0.7, 1200 / 1300, 1150 / 1300]
METER_COUNTS = [3, 3, 4, 2, 2, 2]  # 1-5, 7; 2: its numberOfTenderers; 5 counts though its estimate is unusable
ALL_RATIOS = METER_RATIOS + [0.99, 0.94]


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    tmp = tmp_path_factory.mktemp("bidcal")
    path = tmp / "ukr.json"
    path.write_text(json.dumps({"version": "1.1", "releases": RELEASES}), "utf-8")
    w = Warehouse(tmp / "wh")
    import_paths(w, [path])
    return w


def test_ratios_and_counts_match_the_hand_recount(wh: Warehouse) -> None:
    meters = bid_sample(wh, buyer="UKR", sector="902820")
    assert sorted(r.ratio for r in meters.ratios) == pytest.approx(sorted(METER_RATIOS), rel=1e-12)
    assert meters.unusable == 2  # ocds-t-5's two bids against 0.01 UAH
    assert {r.estimate_from for r in meters.ratios if r.ocid == "ocds-t-7"} == {"lot"}
    assert sorted(c.tenderers for c in meters.counts) == sorted(METER_COUNTS)
    assert {c.counted_from for c in meters.counts if c.ocid == "ocds-t-2"} == {"numberOfTenderers"}
    every = bid_sample(wh, buyer="UKR")
    assert sorted(r.ratio for r in every.ratios) == pytest.approx(sorted(ALL_RATIOS), rel=1e-12)
    assert "ocds-t-6" not in {r.ocid for r in every.ratios} | {c.ocid for c in every.counts}
    assert bid_sample(wh, buyer="ARM").ratios == ()


def _coverage(n: int, j: int) -> float:
    return sum(math.comb(n, i) for i in range(j, n - j + 1)) / 2 ** n


def test_median_interval_and_sd_against_independent_arithmetic() -> None:
    xs = sorted(METER_RATIOS)  # n = 13: j = 3 (coverage 0.9775), j = 4 gives 0.9077
    med, lo, hi, cov = median_interval(xs)
    assert med == statistics.median(xs)
    assert (lo, hi) == (xs[2], xs[10])
    assert cov == pytest.approx(_coverage(13, 3), abs=1e-12) and _coverage(13, 4) < 0.95
    assert median_interval([1.0, 2.0, 3.0])[1:] == (1.0, 3.0, pytest.approx(0.75))  # the range, coverage 3/4
    logs = [math.log(x) for x in xs]
    sd, slo, shi = sd_interval(logs)
    assert sd == pytest.approx(statistics.stdev(logs), rel=1e-12)
    # chi-square quantiles for 12 degrees of freedom (tables): 4.40379 and 23.33666
    ss = sd * sd * 12
    assert (slo, shi) == (pytest.approx(math.sqrt(ss / 23.33666), rel=1e-5), pytest.approx(math.sqrt(ss / 4.40379), rel=1e-5))


def test_bid_evidence_falls_back_from_the_sector_to_the_country(wh: Warehouse) -> None:
    ev = bid_evidence(wh, buyer="UKR", sector="902820")
    assert ev.scope == "country:UKR:HS902820" and ev.bids == 13 and ev.processes == 6
    assert ev.price_ratio is not None and ev.price_ratio.value == pytest.approx(statistics.median(METER_RATIOS))
    assert ev.tenderers is not None and ev.tenderers.value == statistics.median(METER_COUNTS)
    assert ev.tenderers.source == "ocds:bids+numberOfTenderers" and ev.tenderers.n == 6
    pumps = bid_evidence(wh, buyer="UKR", sector="8413")  # no pump tender: the buyer's every product
    assert pumps.scope == "country:UKR" and pumps.bids == len(ALL_RATIOS)
    assert not bid_evidence(wh, buyer="MOZ", sector="9028").has_evidence


def test_spread_gives_every_origin_one_rival_then_by_largest_remainder() -> None:
    assert spread(["domestic", "chinese"], {"domestic": 3, "chinese": 2}, 1) == ["domestic", "chinese"]
    assert spread(["domestic", "chinese", "other"], {"domestic": 6, "chinese": 3, "other": 1}, 6) == \
        ["domestic", "domestic", "domestic", "chinese", "chinese", "other"]


def _tender(value: float | None) -> Any:
    info: dict[str, Any] = {"name": "meters", "rulepack": "wb-goods", "buyer_country": "UKR", "category": "goods",
                            "funding": "world_bank", "currency": "UAH", "quantity": 10}
    if value is not None:
        info["value"] = value
    return load_tender({
        "tender": info, "evaluation": {"method": "lowest_price"},
        "offers": [{"bidder": "Us", "price": 95.0, "bidder_country": "CHN", "origin": "CHN", "own": True}],
        "simulation": {"reference_price": 100.0, "neighbour_country": "POL", "runs": 2000, "seed": 3}})


def test_calibrated_tender_uses_the_count_the_spread_and_the_level(wh: Warehouse) -> None:
    cal = calibrate(wh, buyer="UKR", sector="902820")
    assert cal.scope == "country" and cal.source == "ocds" and cal.n == 7  # the meter awards, 6 too
    assert dict(cal.origin_mix.counts) == {"domestic": 5, "bloc": 0, "chinese": 2, "other": 0}
    tt, done = calibrated_tender(_tender(1200.0), cal)
    ev = cal.bid_evidence
    assert ev is not None and ev.price_ratio is not None and ev.price_sd is not None
    # median tenderers 2.5 -> 3, less our own offer: 2 rivals, one per winning origin
    assert [r.origin for r in done.rivals] == ["domestic", "chinese"]
    assert all(r.price_sd == pytest.approx(ev.price_sd.value) for r in tt.rivals)
    medians = [100.0 * (r.price_ratio or 0.0) for r in tt.rivals]
    geo = math.exp(sum(math.log(m) for m in medians) / len(medians))
    assert geo == pytest.approx(ev.price_ratio.value * 1200.0 / 10, rel=1e-9)  # the estimate per unit
    used = {p.name: p.used for p in done.parameters}
    assert used == {"price_ratio": True, "price_sd": True, "tenderers": True}
    assert "OCDS tenderers" in done.rival_count_source
    _t, unpriced = calibrated_tender(_tender(None), cal)
    assert {p.name: p.used for p in unpriced.parameters}["price_ratio"] is False


def test_simulation_json_carries_every_parameter_and_its_notes(wh: Warehouse) -> None:
    res = simulate_calibrated(_tender(1200.0), calibrate(wh, buyer="UKR", sector="902820"), runs=2000, seed=3)
    d = res.to_dict()
    params = {p["name"]: p for p in d["calibration"]["parameters"]}
    assert set(params) == {"price_ratio", "price_sd", "tenderers"}
    for p in params.values():
        assert {"value", "low", "high", "coverage", "source", "scope", "n", "used"} <= set(p)
        assert p["low"] <= p["value"] <= p["high"]
    assert d["calibration"]["bid_evidence"]["bids"] == 13
    codes = [m["code"] for m in d["warnings_messages"]]
    assert {"tenders.sim.calibrated_mix", "tenders.sim.bid_count", "tenders.sim.bid_level",
            "tenders.sim.bid_spread"} <= set(codes)
    assert "tenders.sim.archetypes" not in codes and "tenders.sim.calibrated" not in codes
    plain = simulate_calibrated(_tender(1200.0).model_copy(update={"tender": _tender(1200.0).tender.model_copy(
        update={"buyer_country": "MOZ"})}), calibrate(wh, buyer="MOZ", sector="902820"), runs=500, seed=3)
    assert "tenders.sim.no_bids" in [m.code for m in plain.warning_messages]


def _recount(files: list[Path]) -> tuple[list[float], list[int], int]:
    """bid / estimate and tenderers straight from the published JSON (no chuhai code)."""
    ratios, counts, bad = [], [], 0
    for f in files:
        data = json.loads(f.read_text("utf-8"))
        for r in data.get("releases", [data]):
            t = r.get("tender") or {}
            if t.get("procurementMethod") == "direct":
                continue
            lots = {lot.get("id"): (lot.get("value") or {}).get("amount") for lot in t.get("lots") or []}
            bids = (r.get("bids") or {}).get("details") or []
            for b in bids:
                a = (b.get("value") or {}).get("amount")
                if not a or a <= 0:
                    continue
                est = lots.get(b["relatedLot"]) if b.get("relatedLot") else (t.get("value") or {}).get("amount")
                if est and 0.05 <= a / est <= 20:
                    ratios.append(a / est)
                else:
                    bad += 1
            n = t.get("numberOfTenderers") or len({x.get("id") or x.get("name", "").strip().lower()
                                                    for b in bids for x in b.get("tenderers", [])})
            if n:
                counts.append(n)
    return sorted(ratios), sorted(counts), bad


def test_real_armenian_and_ukrainian_bids_match_a_recount(shared_data: Path, tmp_path: Path) -> None:
    samples = {"ARM": [shared_data / "ocds-sample-armenia-armeps/releases/6.json"],
               "UKR": sorted((shared_data / "ocds-sample-ukraine-prozorro/releases").glob("*.json"))}
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, [f for fs in samples.values() for f in fs])
    for buyer, files in samples.items():
        ratios, counts, bad = _recount(files)
        got = bid_sample(wh, buyer=buyer)
        assert sorted(r.ratio for r in got.ratios) == pytest.approx(ratios, rel=1e-9), buyer
        assert sorted(c.tenderers for c in got.counts) == counts and got.unusable == bad, buyer
        ev = bid_evidence(wh, buyer=buyer, sector=None)
        assert ev.price_ratio is not None and ev.price_ratio.value == pytest.approx(statistics.median(ratios))
        assert ev.price_ratio.n == len(ratios) and ev.tenderers is not None
        assert ev.tenderers.value == statistics.median(counts)
        assert ev.price_sd is not None
        assert ev.price_sd.value == pytest.approx(statistics.stdev(math.log(x) for x in ratios), rel=1e-9)
    # the figures quoted in docs/tender-simulation.md
    arm, ukr = bid_evidence(wh, buyer="ARM", sector=None), bid_evidence(wh, buyer="UKR", sector=None)
    assert (arm.bids, arm.processes, ukr.bids, ukr.processes) == (14, 6, 12, 5)


def test_more_tenderers_than_origins_repeat_an_origin_and_keep_the_mix(wh: Warehouse) -> None:
    from dataclasses import replace

    cal = calibrate(wh, buyer="UKR", sector="902820")
    ev = cal.bid_evidence
    assert ev is not None and ev.tenderers is not None
    five = replace(cal, bid_evidence=replace(ev, tenderers=replace(ev.tenderers, value=5.0)))
    tt, done = calibrated_tender(_tender(1200.0), five)
    # 5 tenderers less ours: 4 rivals, domestic 5/7 and chinese 2/7 of the extra two by largest remainder
    assert [r.name for r in tt.rivals] == ["calibrated domestic", "calibrated domestic 2",
                                           "calibrated chinese", "calibrated chinese 2"]
    domestic = sum(r.fitted_share or 0.0 for r in done.rivals if r.origin == "domestic")
    assert domestic == pytest.approx(5 / 7, abs=0.03)


def test_cli_prints_the_measured_parameters(wh: Warehouse, tmp_path: Path) -> None:
    import tomli_w
    from typer.testing import CliRunner

    from chuhai.cli import app

    path = tmp_path / "ukr.toml"
    path.write_text(tomli_w.dumps({k: v for k, v in _tender(1200.0).model_dump(mode="json", exclude_none=True).items()
                                   if k in ("tender", "evaluation", "offers", "simulation")}), "utf-8")
    args = ["tender", "simulate", str(path), "--calibrate", "902820", "-n", "500", "-w", str(wh.home)]
    res = CliRunner().invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert [p["name"] for p in d["calibration"]["parameters"]] == ["price_ratio", "price_sd", "tenderers"]
    for lang, head in (("en", "measured from OCDS bids"), ("zh", "依据 OCDS 投标记录实测")):
        out = CliRunner().invoke(app, ["--lang", lang, *args])
        assert out.exit_code == 0 and head in out.stdout, out.output
