"""Mechanisms and formulas against the worked comparisons of research §1.2 and textbook points.

References are computed by hand in the test (independently of the code). Tolerance: 1e-9
relative for exact arithmetic, 0.01 points where the research rounds to two decimals.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from chuhai.tenders import evaluate
from chuhai.tenders.mechanisms import discount, match_right, protection_from_exclusion
from chuhai.tenders.scoring import PRICE_FORMULAS, price_points
from test_tenders_support import offer, tender

FOREIGN = 100.0


def _winner(pack: str, buyer: str, local: dict, foreign: dict | None = None, **kw) -> str:  # type: ignore[type-arg]
    f = foreign or offer("Foreign", FOREIGN, "CHN", registered_in=[buyer, "CHN"])
    return evaluate(tender(pack, buyer, [f, local], **kw)).winner or ""


@pytest.mark.parametrize(("p_local", "winner"), [(114.9, "Local"), (115.1, "Foreign")])
def test_wb_goods_group_a_vs_c(p_local: float, winner: str) -> None:
    """WB/AfDB goods: P_F + 0.15·P_F vs P_L → local wins if P_L < 115 (and LC > 30 %)."""
    local = offer("Local", p_local, "MOZ", local_content=0.31)
    assert _winner("wb-goods", "MOZ", local) == winner


def test_wb_goods_needs_more_than_30_percent() -> None:
    local = offer("Local", 105, "MOZ", local_content=0.30)  # not > 30 %: Group B, no margin
    assert _winner("wb-goods", "MOZ", local) == "Foreign"


@pytest.mark.parametrize(("p_local", "winner"), [(109.9, "Local"), (110.1, "Foreign")])
def test_vietnam_goods_ten_percent(p_local: float, winner: str) -> None:
    """Vietnam (≥ 50 % domestic goods present): P_F·1.10 vs P_L → local wins if P_L < 110."""
    local = offer("Local", p_local, "VNM", local_content=0.55)
    assert _winner("vn-decree-24-2024", "VNM", local) == winner


def test_vietnam_low_band_pays_two_and_a_half_percent() -> None:
    t = tender("vn-decree-24-2024", "VNM", [
        offer("High", 100, "VNM", local_content=0.60),
        offer("Low", 98, "VNM", local_content=0.30),
        offer("Foreign", 95, "CHN")])
    ev = {b.bidder: b.evaluated_price for b in evaluate(t).bids}
    assert ev["High"] == pytest.approx(100.0)
    assert ev["Low"] == pytest.approx(98 * 1.025)
    assert ev["Foreign"] == pytest.approx(95 * 1.10)


def test_vietnam_consortium_with_25_percent_domestic_is_preferred() -> None:
    jv = offer("JV", 104, "CHN", consortium={"partner": "Hanoi Co", "partner_country": "VNM",
                                             "domestic_share": 0.25})
    t = tender("vn-decree-24-2024", "VNM", [jv, offer("Top", 120, "VNM", local_content=0.6)])
    assert evaluate(t).bid("JV").preferred


@pytest.mark.parametrize(("p_local", "small", "winner"),
                         [(120.0, False, "Local"), (120.1, False, "Foreign"), (129.9, True, "Local")])
def test_us_buy_american(p_local: float, small: bool, winner: str) -> None:
    """US BAA: large domestic offeror P_F·1.20 vs P_L → local wins if P_L ≤ 120 (30 % if small)."""
    local = offer("Local", p_local, "USA", local_content=0.70, small_business=small)
    assert _winner("us-buy-american", "USA", local) == winner


@pytest.mark.parametrize(("p_local", "innovation", "winner"),
                         [(110.0, False, "Local"), (110.5, False, "Foreign"),
                          (120.0, True, "Local"), (120.5, True, "Foreign")])
def test_brazil_margin(p_local: float, innovation: bool, winner: str) -> None:
    """Brazil: P_L ≤ (1+m)·P_F with m = 10 % normal, 20 % with domestic innovation."""
    local = offer("Local", p_local, "BRA", domestic_innovation=innovation)
    assert _winner("br-lei-14133", "BRA", local) == winner


@pytest.mark.parametrize(("formula", "threshold"), [("divide", 112.5), ("multiply", 100 / 0.875)])
def test_indonesia_hea_both_formulas(formula: str, threshold: float) -> None:
    """TKDN 50 %, max 25 % → KP = 12.5 %: HEA = P/1.125 (P_L < 112.5) or 0.875·P (P_L < 114.3)."""
    jv = {"consortium": {"partner": "PT Lokal", "partner_country": "IDN", "domestic_share": 0.3}}
    foreign = offer("Foreign", FOREIGN, "CHN", **jv)
    ev = {"hea_formula": formula}
    assert _winner("id-perpres-16-2018", "IDN", offer("Local", threshold - 0.1, "IDN", local_content=0.5),
                   foreign, evaluation=ev) == "Local"
    assert _winner("id-perpres-16-2018", "IDN", offer("Local", threshold + 0.1, "IDN", local_content=0.5),
                   foreign, evaluation=ev) == "Foreign"


def test_indonesia_warns_when_the_formula_decides() -> None:
    jv = {"consortium": {"partner": "PT Lokal", "partner_country": "IDN", "domestic_share": 0.3}}
    t = tender("id-perpres-16-2018", "IDN", [offer("Foreign", 100, "CHN", **jv),
                                             offer("Local", 113, "IDN", local_content=0.5)])
    res = evaluate(t)
    assert res.winner == "Foreign"  # default divide: 113/1.125 = 100.44 > 100
    assert any("other HEA formula" in w for w in res.warnings)


def test_indonesia_art63_foreign_bidder_needs_partner() -> None:
    t = tender("id-perpres-16-2018", "IDN", [offer("Alone", 90, "CHN"), offer("Local", 100, "IDN")])
    res = evaluate(t)
    assert res.winner == "Local"
    assert not res.bid("Alone").eligible
    assert "art63_local_partner" in (res.bid("Alone").why_lost or "")


def _india(local: float, *, divisible: bool = True, accept: bool = True, lc: float = 0.6):  # type: ignore[no-untyped-def]
    f = offer("Foreign", FOREIGN, "KOR")
    loc = offer("Local", local, "IND", local_content=lc, accept_match=accept)
    return evaluate(tender("in-ppp-mii-2020", "IND", [f, loc],
                           info={"value": 3e9, "currency": "INR", "divisible": divisible, "quantity": 1000}))


def test_india_divisible_split_fifty_fifty_at_l1_price() -> None:
    res = _india(119)
    aw = {a.bidder: a for a in res.awards}
    assert aw["Foreign"].share == 0.5 and aw["Local"].share == 0.5
    assert aw["Local"].unit_price == FOREIGN and aw["Local"].quantity == 500
    assert res.bid("Local").price == 119  # the quote is not rewritten; the match is an award term


def test_india_outside_margin_or_declining_gets_nothing() -> None:
    assert {a.bidder for a in _india(121).awards} == {"Foreign"}
    assert {a.bidder for a in _india(110, accept=False).awards} == {"Foreign"}


def test_india_class_ii_gets_no_purchase_preference() -> None:
    res = _india(105, lc=0.35)
    assert res.bid("Local").lc_class == "Class-II" and not res.bid("Local").preferred
    assert {a.bidder for a in res.awards} == {"Foreign"}


def test_india_non_divisible_local_matches_for_everything() -> None:
    res = _india(115, divisible=False)
    assert res.winner == "Local"
    assert res.awards[0].share == 1.0 and res.awards[0].unit_price == FOREIGN


def test_india_land_border_gate_and_class_gate_below_200_crore() -> None:
    cn = offer("Chinese", 90, "CHN")
    t = tender("in-ppp-mii-2020", "IND", [cn, offer("Local", 100, "IND", local_content=0.6)],
               info={"value": 1e9, "currency": "INR"})
    res = evaluate(t)
    gates = {g.name: g for g in res.bid("Chinese").gates}
    assert not gates["land_border_registration"].passed
    assert not gates["class_i_ii_only_below_200_crore"].passed  # 0 % local content, Rs 100 crore
    cn_ok = offer("Chinese", 90, "CHN", registrations=["DPIIT"])
    big = tender("in-ppp-mii-2020", "IND", [cn_ok, offer("Local", 100, "IND", local_content=0.6)],
                 info={"value": 3e9, "currency": "INR"})
    assert evaluate(big).bid("Chinese").eligible


def test_india_local_content_formula_from_cost_build_up() -> None:
    """LC = (V − imports − duty − royalties abroad)/V."""
    cost = {"imported_materials": 40, "import_duty": 6, "royalties_abroad": 4, "local_materials": 30}
    t = tender("in-ppp-mii-2020", "IND", [offer("Local", 100, "IND", cost=cost)],
               info={"value": 3e9, "currency": "INR"})
    assert evaluate(t).bid("Local").local_content == pytest.approx(0.50)


def test_south_africa_worked_comparison_80_20() -> None:
    """§1.2: P_F = 95 lowest, P_L = 100 with 20 goal points: 80·(1 − 5/95) + 20 = 95.79 vs 80."""
    t = tender("za-ppr-2022", "ZAF", [offer("Foreign", 95, "CHN"), offer("Local", 100, "ZAF", goal_points=20)],
               info={"value": 10e6, "currency": "ZAR"}, evaluation={"method": "sa_ppr_2022"})
    res = evaluate(t)
    assert res.method == "sa_80_20"
    assert res.bid("Local").score == pytest.approx(80 * (1 - 5 / 95) + 20, abs=0.01)
    assert res.bid("Foreign").score == pytest.approx(80.0)
    assert res.winner == "Local"


def test_south_africa_90_10_above_r50m_textbook() -> None:
    """Pmin = R100, Pt = R120: 90·(1 − 20/100) = 72, + 10 goal points (cap 10) = 82."""
    t = tender("za-ppr-2022", "ZAF", [offer("Low", 100, "CHN"), offer("High", 120, "ZAF", goal_points=15)],
               info={"value": 80e6, "currency": "ZAR"}, evaluation={"method": "sa_ppr_2022"})
    res = evaluate(t)
    assert res.method == "sa_90_10"
    assert res.bid("High").score == pytest.approx(82.0)
    assert res.bid("Low").score == pytest.approx(90.0)
    assert res.winner == "Low"


def test_south_africa_price_points_floor_at_zero() -> None:
    pts = price_points("sa_linear", np.array([[100.0, 250.0]]), np.array([True, True]), w=80.0)
    assert pts[0, 1] == 0.0  # 80·(1 − 150/100) < 0 → 0


def test_price_formulas_against_hand_computed_values() -> None:
    p = np.array([[100.0, 125.0, 200.0]])
    ok = np.array([True, True, True])
    w = 40.0
    ref = {
        "proportional": [40, 40 * 100 / 125, 20],
        "sa_linear": [40, 40 * (1 - 0.25), 0],
        "power_ratio": [40, 40 * 0.8 ** 2, 10],
        "linear_bounds": [40, 40 * 75 / 100, 0],
        "logarithmic": [40, 40 * (1 - math.log(1.25) / math.log(2)), 0],
        "mean_deviation": [40, 40 * (1 - 25 / (425 / 3)), 40 * (1 - 100 / (425 / 3))],
    }
    assert set(ref) == set(PRICE_FORMULAS)
    for name, expected in ref.items():
        got = price_points(name, p, ok, w=w, k=2.0, a=2.0)[0]
        assert got == pytest.approx(expected, rel=1e-9), name


def test_weighted_sum_and_qcbs_pass_mark() -> None:
    offers = [offer("A", 100, "CHN", technical_score=90), offer("B", 80, "CHN", technical_score=65),
              offer("C", 90, "CHN", technical_score=75)]
    ws = evaluate(tender("wb-goods", "MOZ", offers, evaluation={
        "method": "weighted_sum", "technical_weight": 0.7, "price_weight": 0.3}))
    # A: 0.7·90 + 0.3·100·80/100 = 87; B: 0.7·65 + 30 = 75.5; C: 0.7·75 + 0.3·100·80/90 = 79.17
    assert ws.bid("A").score == pytest.approx(87.0)
    assert ws.bid("C").score == pytest.approx(52.5 + 30 * 80 / 90)
    q = evaluate(tender("wb-goods", "MOZ", offers, evaluation={
        "method": "qcbs", "technical_weight": 0.8, "price_weight": 0.2}))
    assert not q.bid("B").eligible and "pass mark 70" in (q.bid("B").why_lost or "")
    # price points now relative to C (lowest qualifying): A = 0.8·90 + 0.2·100·90/100 = 90
    assert q.bid("A").score == pytest.approx(90.0)


def test_discount_and_protection_functions() -> None:
    p = np.array([100.0, 110.0])
    assert discount(p, np.array([0.0, 0.1]), formula="divide")[1] == pytest.approx(100.0)
    assert discount(p, np.array([0.0, 0.1]), formula="multiply")[1] == pytest.approx(99.0)
    prot = protection_from_exclusion(np.array([100.0, 109.0, 111.0]), np.array([True] * 3),
                                     np.array([False, True, True]), band=0.10)
    assert prot.tolist() == [False, True, False]


def test_match_right_vectorised_rows() -> None:
    prices = np.array([[100.0, 119.0, 130.0], [100.0, 125.0, 115.0], [90.0, 119.0, 130.0]])
    pref = np.array([False, True, True])
    shares, award = match_right(prices, np.array([True] * 3), pref, np.array([True] * 3),
                                margin=0.2, split=0.5, divisible=True)
    assert shares.tolist() == [[0.5, 0.5, 0.0], [0.5, 0.0, 0.5], [1.0, 0.0, 0.0]]
    assert award[0, 1] == 100.0 and award[1, 2] == 100.0


def test_nigeria_nogicd_protection_is_a_flag_not_arithmetic() -> None:
    t = tender("ng-nogicd", "NGA", [offer("Foreign", 100, "GBR"),
                                    offer("Indigenous", 108, "NGA", local_ownership=0.8),
                                    offer("Far", 115, "NGA", local_ownership=0.8)])
    res = evaluate(t)
    assert res.winner == "Foreign" and res.bid("Indigenous").evaluated_price == 108
    assert any(s.startswith("protected: within 10%") for s in res.bid("Indigenous").steps)
    assert not any(s.startswith("protected") for s in res.bid("Far").steps)


def test_nigeria_eo5_margin_for_nigerian_company() -> None:
    t = tender("ng-ppa-eo5", "NGA", [offer("Foreign", 100, "GBR", registered_in=["GBR", "NGA"]),
                                     offer("Lagos Co", 114, "GBR", origin="GBR", registered_in=["NGA"],
                                           local_ownership=0.51)])
    res = evaluate(t)
    assert res.bid("Lagos Co").preferred and res.winner == "Lagos Co"


def test_kenya_exclusive_preference_and_local_jobs() -> None:
    offers = [offer("Nairobi Ltd", 110, "KEN", local_ownership=1.0, local_staff_share=0.9),
              offer("Foreign", 90, "CHN", local_staff_share=0.8)]
    small = evaluate(tender("ke-ppada-2015", "KEN", offers, info={"value": 100e6, "currency": "KES"}))
    fg = {g.name: g for g in small.bid("Foreign").gates}
    assert not fg["exclusive_preference_goods_services"].passed and small.winner == "Nairobi Ltd"
    big = evaluate(tender("ke-ppada-2015", "KEN", offers, info={"value": 900e6, "currency": "KES"}))
    assert big.winner == "Foreign"
    no_jobs = evaluate(tender("ke-ppada-2015", "KEN", [offer("Foreign", 90, "CHN")],
                              info={"value": 900e6, "currency": "KES"}))
    assert "local staffing" in (no_jobs.bid("Foreign").why_lost or "")


def test_kazakhstan_restricted_item_needs_the_register() -> None:
    offers = [offer("Importer", 90, "CHN"), offer("Astana Plant", 100, "KAZ", registrations=["KZ-register"]),
              offer("Russian plant", 95, "RUS", registrations=["Eurasian-register"])]
    res = evaluate(tender("eaeu-kz", "KAZ", offers, info={"restricted_item": True}))
    assert not res.bid("Importer").eligible and res.winner == "Russian plant"
    assert res.bid("Russian plant").preferred  # EAEU origin: national treatment
    free = evaluate(tender("eaeu-kz", "KAZ", offers))
    assert free.winner == "Importer"


def test_value_band_in_another_currency_uses_fx() -> None:
    """A USD tender checked against Kenya's KSh 500 m band through tender.fx."""
    offers = [offer("Foreign", 90, "CHN", local_staff_share=0.8), offer("Local", 100, "KEN", local_ownership=1.0)]
    res = evaluate(tender("ke-ppada-2015", "KEN", offers, info={"value": 2e6, "currency": "USD",
                                                                "fx": {"KES": 129.0}}))
    assert res.winner == "Local"  # US$ 2 m = KSh 258 m < 500 m: reserved


def test_user_margin_fills_an_unset_pack_margin_and_is_flagged() -> None:
    offers = [offer("Foreign", 100, "CHN", registered_in=["MOZ"]), offer("Maputo Lda", 108, "MOZ", local_ownership=1.0)]
    plain = evaluate(tender("mz-decree-79-2022", "MOZ", offers))
    assert plain.winner == "Foreign" and any("margin is unset" in w for w in plain.warnings)
    assumed = evaluate(tender("mz-decree-79-2022", "MOZ", offers, evaluation={"preference_margin": 0.10}))
    assert assumed.winner == "Maputo Lda" and any("assumption" in w for w in assumed.warnings)
    kenya = evaluate(tender("ke-ppada-2015", "KEN", [offer("Foreign", 100, "CHN", local_staff_share=0.8),
                                                     offer("Local", 105, "KEN", local_ownership=1.0)],
                            info={"value": 2e9, "currency": "KES"}, evaluation={"preference_margin": 0.1}))
    assert kenya.winner == "Local"  # s.157 margin applied only as the user's flagged assumption
    wb = evaluate(tender("wb-goods", "MOZ", offers, evaluation={"preference_margin": 0.5}))
    assert any("preference_margin ignored" in w for w in wb.warnings)


def test_india_why_lost_explains_the_match() -> None:
    res = _india(115, divisible=False)
    assert "matched the L1 price 100.00 for the whole order" in (res.bid("Foreign").why_lost or "")
    div = evaluate(tender("in-ppp-mii-2020", "IND", [offer("Foreign", 100, "KOR"),
                                                     offer("Local", 110, "IND", local_content=0.6),
                                                     offer("Class2", 105, "IND", local_content=0.3)],
                          info={"value": 3e9, "currency": "INR"}))
    assert "no purchase preference" in (div.bid("Class2").why_lost or "")


def test_kazakhstan_ct_kz_from_cost_build_up() -> None:
    """CT-KZ [S64]: LC = 1 − foreign materials at landed cost (incl. duty) / EXW value (the price)."""
    cost = {"imported_materials": 30, "import_duty": 6, "local_materials": 20, "local_labour": 10,
            "other_costs": 14}
    bid = evaluate(tender("eaeu-kz", "KAZ", [offer("Astana Plant", 90, "KAZ", cost=cost)])).bid("Astana Plant")
    assert bid.local_content == pytest.approx(1 - (30 + 6) / 90)  # 0.6, not 1 − 30/80 = 0.625
    assert bid.lc_basis.startswith("kz_ct_kz: 1 − foreign materials incl. duty / EXW value")
