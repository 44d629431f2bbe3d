"""Hand-computed checks of every entry-planner formula.

Each expected figure is computed here with plain arithmetic from the inputs of the
"hand" scenario (tests/test_entry_support.py), independently of the engine code.
Tolerance: 1e-9 relative unless stated (floating point only; the formulas are exact).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from chuhai.entry.assess import assess
from chuhai.entry.costs import unit_build
from chuhai.entry.deal import cash_flows
from chuhai.entry.finance import irr, npv, payback
from chuhai.entry.frontier import FrontierPoint, pareto_flags, recommend
from chuhai.entry.inputs import build_context
from chuhai.entry.kit import kit_range
from chuhai.entry.offer import find_mode, offer_costs
from chuhai.entry.value import local_jobs, local_value
from chuhai.rules.buildup import CostBuildUp
from chuhai.rules.laws import id_tkdn, in_mii, kz_ct_kz, us_baa, vn_domestic_cost, wb_group_a
from chuhai.rules.regimes import qualifies, threshold_for
from test_entry_support import hand_scenario

REL = 1e-9

# --- the hand scenario, worked by hand ------------------------------------------------
PRICE = 500 / 10  # price_lcu / fx = 50 USD
C_IMP = 10 + 5 + 0.2 * (0.5 * 6 + 2)  # chip + board (not localised in CKD) + 20 % of home assembly = 16
P_KIT = C_IMP * 1.10  # 17.6
INS = 0.01 * P_KIT  # 0.176
CIF = P_KIT + 1.0 + INS  # 18.776
DUTY = 0.05 * CIF  # 0.9388 (CKD rate)
LANDED = CIF + DUTY + 0.5  # + clearance = 20.2148
LOCAL = 5 * 1.2 + 1.0 * (40 / 10) + 0.5  # housing locally + 1 h × 4 USD + overhead = 10.5
ROY = 0.02 * PRICE  # 1.0
UNIT = LANDED + LOCAL + ROY  # 31.7148
Q = 10_000
OP = Q * (PRICE - UNIT) - 10_000  # 172,852
CIT = 0.25 * (OP - 30_000 / 3)  # depreciation 10,000 -> 40,713
D = OP - CIT
FIRM_T = Q * (P_KIT - C_IMP) + Q * ROY * (1 - 0.20) + 0.15 * D * (1 - 0.10)
PARTNER_T = 0.85 * D
HOST_T = Q * DUTY + CIT + 0.10 * 0.15 * D + 0.20 * Q * ROY
JOINT_T = Q * (PRICE - C_IMP - 1.0 - INS - 0.5 - LOCAL) - 10_000


@pytest.fixture(scope="module")
def hand():
    sc = hand_scenario()
    ctx = build_context(sc)
    mode = find_mode(ctx, "ckd_test")
    ub = unit_build(ctx, mode)
    a = assess(ctx, mode, ub)
    return ctx, mode, ub, a, cash_flows(ctx, mode, ub, a.tender_share)


def test_landed_and_unit_cost(hand):
    _, _, ub, _, _ = hand
    assert ub.c_imp[0] == pytest.approx(C_IMP, rel=REL)
    assert ub.p_kit[0] == pytest.approx(P_KIT, rel=REL)
    assert ub.cif[0] == pytest.approx(CIF, rel=REL)
    assert ub.duty[0] == pytest.approx(DUTY, rel=REL)
    assert ub.landed[0] == pytest.approx(LANDED, rel=REL)
    assert ub.unit_cost[0] == pytest.approx(UNIT, rel=REL)
    assert UNIT == pytest.approx(31.7148, rel=REL)  # the figure written out by hand


def test_non_recoverable_import_vat_is_a_cost():
    sc = hand_scenario()
    sc = sc.model_copy(update={"market": sc.market.model_copy(update={"import_vat_recoverable": False})})
    ctx = build_context(sc)
    ub = unit_build(ctx, find_mode(ctx, "ckd_test"))
    assert ub.nr_vat[0] == pytest.approx(0.15 * (CIF + DUTY), rel=REL)
    assert ub.landed[0] == pytest.approx(LANDED + 0.15 * (CIF + DUTY), rel=REL)


def test_direct_export_landed_cost():
    ctx = build_context(hand_scenario())
    ub = unit_build(ctx, find_mode(ctx, "direct_export"))
    c = 10 + 5 + 5 + 1.0 * 5  # all components + all home assembly and overhead = 25
    cif = c + 1.0 + 0.01 * c  # no markup when the firm sells itself
    assert ub.p_kit[0] == pytest.approx(c, rel=REL)
    assert ub.landed[0] == pytest.approx(cif * 1.20 + 0.5, rel=REL)  # CBU duty 20 %


def test_cash_flow_split(hand):
    *_, fl = hand
    assert fl.units[0].tolist() == [0, Q, Q, Q]
    np.testing.assert_allclose(fl.firm[0, 1:], FIRM_T, rtol=REL)
    np.testing.assert_allclose(fl.partner[0, 1:], PARTNER_T, rtol=REL)
    np.testing.assert_allclose(fl.host_taxes[0, 1:], HOST_T, rtol=REL)
    np.testing.assert_allclose(fl.joint[0, 1:], JOINT_T, rtol=REL)
    assert fl.partner[0, 0] == pytest.approx(-30_000)  # the partner funds the capex (κ = 0)
    assert fl.firm[0, 0] == 0
    assert FIRM_T + PARTNER_T + HOST_T == pytest.approx(JOINT_T, rel=REL)


def test_local_content_methods(hand):
    ctx, mode, ub, a, _ = hand
    lc = a.local_content
    assert lc["in_mii"] == pytest.approx((PRICE - CIF - DUTY - ROY) / PRICE, rel=REL)
    assert lc["wb_group_a"] == pytest.approx(LOCAL / PRICE, rel=REL)
    assert lc["kz_ct_kz"] == pytest.approx(1 - (CIF + DUTY) / PRICE, rel=REL)
    assert lc["id_tkdn"] == pytest.approx((PRICE - CIF) / PRICE, rel=REL)
    assert lc["vn_domestic_cost"] == pytest.approx(LOCAL / (CIF + DUTY + LOCAL), rel=REL)
    assert lc["us_baa"] == pytest.approx(6.0 / (6.0 + CIF), rel=REL)
    # 0.5857 ≥ 0.50 Class-I; 0.21 is not > 0.30; TKDN 0.62 ≥ 0.25; US 0.24 not > 0.65
    assert a.qualifies == {"in_mii": True, "wb_group_a": False, "kz_ct_kz": True,
                           "id_tkdn": True, "vn_domestic_cost": True, "us_baa": False}


def test_methods_on_a_literal_build_up():
    b = CostBuildUp(imported_materials=40, import_duty=4, royalties_abroad=3,
                    local_materials=20, local_labour=10, local_overhead=5, manufactured_locally=True)
    assert in_mii(100, b) == pytest.approx(0.53)  # (100 − 40 − 4 − 3)/100
    assert wb_group_a(100, b) == pytest.approx(0.35)  # (20 + 10 + 5)/100
    assert kz_ct_kz(100, b) == pytest.approx(0.56)  # 1 − 44/100
    assert id_tkdn(100, b) == pytest.approx(0.60)  # (100 − 40)/100
    assert vn_domestic_cost(100, b) == pytest.approx(35 / 79)  # 35/(40 + 4 + 35)
    assert us_baa(100, b) == pytest.approx(20 / 60)
    traded = dataclasses.replace(b, manufactured_locally=False)  # traded imports count as 0
    assert all(f(100, traded) == 0 for f in (in_mii, wb_group_a, kz_ct_kz, id_tkdn,
                                             vn_domestic_cost, us_baa))


def test_thresholds_and_comparisons():
    assert threshold_for("us_baa", 2023) == 0.60
    assert threshold_for("us_baa", 2028) == 0.65
    assert threshold_for("us_baa", 2029) == 0.75
    assert threshold_for("in_mii", 2025) == 0.50
    assert threshold_for("kz_ct_kz", 2025, 0.4) == 0.4
    assert qualifies("in_mii", 0.50, 0.50)  # "≥ 50 %"
    assert not qualifies("wb_group_a", 0.30, 0.30)  # "more than 30 %"
    assert not qualifies("us_baa", 0.65, 0.65)  # "exceeds 65 %"


def test_jobs_and_local_value(hand):
    ctx, mode, ub, a, fl = hand
    assert local_jobs(10_000, 1.0, 2000) == 5.0  # 10,000 × 1 h ÷ 2,000 h
    lv = local_value(fl, mode, 2000)
    assert lv.jobs == pytest.approx(5.0)
    spend = 3 * (Q * LOCAL + 10_000)
    partner = 3 * PARTNER_T - 30_000
    host = 3 * HOST_T
    assert lv.value_added_usd == pytest.approx(spend + partner + host, rel=REL)
    assert lv.host_taxes_usd == pytest.approx(host, rel=REL)
    assert lv.vat_on_sales_usd == pytest.approx(3 * 0.15 * Q * PRICE, rel=REL)


def test_npv_irr_payback_by_hand():
    cf = [-100.0, 60.0, 60.0]
    assert npv(cf, 0.10) == pytest.approx(-100 + 60 / 1.1 + 60 / 1.21, rel=REL)
    x = (-1 + math.sqrt(1 + 4 * 100 / 60)) / 2  # 60x + 60x² = 100, x = 1/(1+r)
    assert irr(cf).value == pytest.approx(1 / x - 1, abs=1e-8)
    assert payback(cf) == pytest.approx(1 + 40 / 60)  # cum −100, −40, +20
    assert payback([-100.0, 10.0]) is None
    none = irr([10.0, 10.0])
    assert none.value is None and "never turn negative" in none.reason
    none = irr([-10.0, -10.0])
    assert none.value is None and "never turn positive" in none.reason


def test_firm_npv_of_hand_mode(hand):
    *_, fl = hand
    expected = sum(FIRM_T / 1.12**t for t in (1, 2, 3))
    assert float(npv(fl.firm[0], 0.12)) == pytest.approx(expected, rel=REL)


def test_kit_range_india_cap_and_break_even(hand):
    ctx, mode, _, a, _ = hand
    k = kit_range(ctx, mode, a, "in_mii")
    assert k is not None
    # LC ≥ 0.5: cif·(1 + 0.05) ≤ 0.5·V − royalty  ->  cif ≤ 24/1.05; p_kit = (cif − f)/1.01
    cap = ((0.5 * PRICE - ROY) / 1.05 - 1.0) / 1.01
    assert k.lc_cap_usd == pytest.approx(cap, rel=1e-6)  # brentq xtol 1e-9 on the markup
    # partner NPV = 0: 0.85·D·A = capex, A = Σ 1.15^−t; D = OP(1 − τ) + τ·dep
    annuity = sum(1.15**-t for t in (1, 2, 3))
    d_star = 30_000 / (0.85 * annuity)
    op_star = (d_star - 0.25 * 10_000) / 0.75
    margin = (op_star + 10_000) / Q  # price − per-unit costs at break-even
    p_be = (PRICE - margin - 1.0 * 1.05 - 0.5 - LOCAL - ROY) / (1.01 * 1.05)
    assert k.break_even_usd == pytest.approx(p_be, rel=1e-6)
    assert k.arm_length_min_usd == pytest.approx(C_IMP * 1.05)
    assert k.arm_length_max_usd == pytest.approx(C_IMP * 1.25)
    assert k.feasible_min_usd == pytest.approx(C_IMP * 1.05)
    assert k.feasible_max_usd == pytest.approx(min(C_IMP * 1.25, cap, p_be), rel=1e-6)
    assert k.min_local_content == 0.5 and k.shortfall == 0.0


def test_pareto_and_recommendation():
    pts = [(10.0, 1.0), (8.0, 5.0), (7.0, 4.0), (10.0, 1.0 - 1e-9)]
    assert pareto_flags(pts) == [True, True, False, False]
    fp = [FrontierPoint("a", "A", 100.0, 1.0, 0.0, False, 0.0, False),
          FrontierPoint("b", "B", 95.0, 9.0, 5.0, True, 0.6, False),
          FrontierPoint("c", "C", 50.0, 20.0, 9.0, True, 0.8, False)]
    flags = pareto_flags([(p.firm_npv, p.local_value) for p in fp])
    assert flags == [True, True, True]
    key, reason = recommend(fp, flags, primary="in_mii", tolerance=0.10)
    assert key == "b"  # within 10 % of the best NPV, more local value
    assert "B" in reason and "in_mii" in reason
    key, _ = recommend(fp, flags, primary="in_mii", tolerance=0.0)
    assert key == "a"
    neg = [FrontierPoint("x", "X", -5.0, 1.0, 0.0, False, 0.0, False)]
    key, reason = recommend(neg, [True], primary="in_mii", tolerance=0.1)
    assert key == "x" and "No entry mode" in reason


def test_offer_costs_group_cost(hand):
    ctx, *_ = hand
    oc = offer_costs(ctx.scenario, "ckd_test")
    assert oc.unit_cost_usd == pytest.approx(UNIT + 10_000 / Q, rel=REL)
    group = C_IMP * 1.01 + 1.0  # kits at home cost
    group = group * 1.05 + 0.5 + LOCAL + 10_000 / Q  # duty, clearance, local, fixed; no royalty
    assert oc.group_unit_cost_usd == pytest.approx(group, rel=REL)
    assert oc.local_content["in_mii"] == pytest.approx((PRICE - CIF - DUTY - ROY) / PRICE)
    assert oc.to_dict()["bidder"] == "partner"


def test_preference_bands():
    from chuhai.entry.local_content import band

    assert band("in_mii", 0.55, 0.50).startswith("Class-I")
    assert band("in_mii", 0.30, 0.50).startswith("Class-II")  # > 20 % and < 50 %
    assert band("in_mii", 0.20, 0.50) == "non-local supplier"  # 20 % is not "more than 20 %"
    assert band("vn_domestic_cost", 0.50, 0.25).startswith("≥ 50 %")
    assert band("vn_domestic_cost", 0.30, 0.25).startswith("preferred")
    assert band("us_baa", 0.60, 0.65).startswith("> 55 %")
    assert band("us_baa", 0.70, 0.65) == "domestic end product"
    assert band("wb_group_a", 0.31, 0.30) == "qualifies for the preference"


def _firm_year(q=Q, price=PRICE, wage_usd=4.0, s=0.15, tariff=0.05):
    """One operating year's firm cash of the hand mode, by hand (see module constants)."""
    duty = tariff * CIF
    roy = 0.02 * price
    local = 5 * 1.2 + 1.0 * wage_usd + 0.5
    op = q * (price - CIF - duty - 0.5 - local - roy) - 10_000
    d = op - 0.25 * (op - 10_000)
    return q * (P_KIT - C_IMP) + q * roy * 0.8 + s * d * 0.9


def test_tornado_bars_by_hand(hand):
    from chuhai.entry.sensitivity import tornado

    ctx, mode, _, a, _ = hand
    bars = {b.variable: b for b in tornado(ctx, mode, a)}

    def pv(x):
        return sum(x / 1.12**t for t in (1, 2, 3))

    assert bars["volume"].npv_high == pytest.approx(pv(_firm_year(q=Q * 1.2)), rel=REL)
    assert bars["price"].npv_low == pytest.approx(pv(_firm_year(price=PRICE * 0.9)), rel=REL)
    # FX +15 %: price and wage in USD divided by 1.15
    assert bars["fx"].npv_high == pytest.approx(
        pv(_firm_year(price=PRICE / 1.15, wage_usd=4.0 / 1.15)), rel=REL)
    assert bars["wage"].npv_high == pytest.approx(pv(_firm_year(wage_usd=4.0 * 1.2)), rel=REL)
    assert bars["tariff"].npv_low == pytest.approx(pv(_firm_year(tariff=0.05 * 0.5)), rel=REL)
    assert bars["share"].npv_high == pytest.approx(pv(_firm_year(s=0.20)), rel=REL)
    assert bars["share"].base_npv == pytest.approx(pv(FIRM_T), rel=REL)


def test_direct_export_and_jv_flows_by_hand():
    ctx = build_context(hand_scenario())
    de = find_mode(ctx, "direct_export")
    ub = unit_build(ctx, de)
    a = assess(ctx, de, ub)
    assert a.tender_share == 0.10  # LC 0 under in_mii -> tender_win_share_unqualified
    fl = cash_flows(ctx, de, ub, a.tender_share)
    q = 10_000 * 0.10  # no private units in the hand scenario
    cif = 25 + 1.0 + 0.01 * 25
    np.testing.assert_allclose(fl.firm[0, 1:], q * (PRICE - cif * 1.2 - 0.5) - 20_000, rtol=REL)
    np.testing.assert_allclose(fl.host_taxes[0, 1:], q * 0.2 * cif, rtol=REL)  # duty only
    assert not fl.partner.any()
    jv = find_mode(ctx, "joint_venture")  # equity 0.4 of capex 300,000 and of profit
    ub = unit_build(ctx, jv)
    fl = cash_flows(ctx, jv, ub, assess(ctx, jv, ub).tender_share)
    assert fl.firm[0, 0] == pytest.approx(-0.4 * 300_000)
    assert fl.partner[0, 0] == pytest.approx(-0.6 * 300_000)
    assert fl.phi[0] == 0.4
