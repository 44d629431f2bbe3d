"""Invariants of the entry engine, checked with Hypothesis over random scenarios."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from chuhai.entry.assess import assess, lc_for
from chuhai.entry.costs import Shocks, unit_build
from chuhai.entry.deal import cash_flows
from chuhai.entry.finance import npv
from chuhai.entry.inputs import build_context
from chuhai.entry.modes import BUILTIN_MODES
from chuhai.entry.offer import find_mode
from chuhai.entry.scenario import parse_scenario
from test_entry_support import hand_data

MODE_KEYS = [m.key for m in BUILTIN_MODES] + ["ckd_test"]
frac = st.floats(0.0, 0.6)


@st.composite
def scenarios(draw):
    d = hand_data()
    m, p = d["market"], d["partner"]
    m["price_lcu"] = draw(st.floats(100.0, 2000.0))
    m["fx_lcu_per_usd"] = draw(st.floats(0.5, 50.0))
    m["wage_lcu_per_hour"] = draw(st.floats(0.0, 300.0))
    m["corporate_tax"], m["wht_dividends"], m["wht_royalties"] = draw(frac), draw(frac), draw(frac)
    m["import_vat_recoverable"] = draw(st.booleans())
    m["tariffs"] = {k: draw(st.floats(0.0, 0.5)) for k in ("cbu", "skd", "ckd", "components")}
    m["private_units_per_year"] = draw(st.floats(0.0, 50_000.0))
    m["volume_growth"] = draw(st.floats(-0.2, 0.3))
    m["certification_usd"] = draw(st.floats(0.0, 50_000.0))
    p["kit_markup"] = draw(st.floats(-0.3, 1.0))
    p["royalty_rate"] = draw(st.floats(0.0, 0.1))
    p["share"] = draw(st.floats(0.0, 1.0))
    p["firm_equity"] = draw(st.floats(0.0, 1.0))
    return parse_scenario(d), draw(st.sampled_from(MODE_KEYS))


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_firm_partner_host_add_up_to_joint_profit(case):
    sc, key = case
    ctx = build_context(sc)
    mode = find_mode(ctx, key)
    ub = unit_build(ctx, mode)
    fl = cash_flows(ctx, mode, ub, assess(ctx, mode, ub).tender_share)
    scale = max(1.0, float(np.abs(fl.joint).max()))
    np.testing.assert_allclose(fl.firm + fl.partner + fl.host_taxes, fl.joint,
                               rtol=0, atol=1e-9 * scale)  # float rounding only


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.floats(0.0, 0.5), st.floats(0.01, 0.5))
def test_raising_s_moves_npv_from_partner_to_firm(case, s1, ds):
    sc, _ = case
    ctx = build_context(sc)
    mode = find_mode(ctx, "ckd_test")  # profit_share = "s"
    ub = unit_build(ctx, mode)
    share = assess(ctx, mode, ub).tender_share
    base = cash_flows(ctx, mode, ub, share, Shocks(share=0.0))
    d = base.partner[0, 1:]  # with s = 0 the partner holds all of the entity's cash D_t
    assume(np.all(d > 1.0))  # the claim is about a profitable partner
    lo = cash_flows(ctx, mode, ub, share, Shocks(share=s1))
    hi = cash_flows(ctx, mode, ub, share, Shocks(share=s1 + ds))
    r_f, r_p = sc.firm.discount_rate, sc.partner.discount_rate
    assert npv(hi.firm, r_f)[0] > npv(lo.firm, r_f)[0]
    assert npv(hi.partner, r_p)[0] < npv(lo.partner, r_p)[0]


@settings(max_examples=80, deadline=None)
@given(scenarios())
def test_local_content_in_unit_interval(case):
    sc, key = case
    ctx = build_context(sc)
    mode = find_mode(ctx, key)
    for v in lc_for(ctx, mode, unit_build(ctx, mode)).values():
        assert 0.0 <= v <= 1.0


@settings(max_examples=40, deadline=None)
@given(scenarios())
def test_direct_export_creates_no_manufacturing_jobs(case):
    sc, _ = case
    ctx = build_context(sc)
    mode = find_mode(ctx, "direct_export")
    ub = unit_build(ctx, mode)
    fl = cash_flows(ctx, mode, ub, assess(ctx, mode, ub).tender_share)
    assert float(fl.local_wages.sum()) == 0.0
    assert all(v == 0.0 for v in lc_for(ctx, mode, ub).values())
    assert float(np.abs(fl.partner).sum()) == 0.0


@settings(max_examples=100, deadline=None)
@given(st.floats(1.0, 1e7), st.lists(st.floats(0.0, 1e7), min_size=1, max_size=15),
       st.floats(-0.5, 1.0), st.floats(0.001, 1.0))
def test_npv_falls_as_the_discount_rate_rises(capex, later, r, dr):
    assume(sum(later) > 1e-3)
    cf = np.array([-capex, *later])
    assert npv(cf, r + dr) < npv(cf, r)


def test_vectorised_monte_carlo_equals_a_per_draw_loop():
    from chuhai.entry.montecarlo import draw_shocks, simulate

    sc = parse_scenario(hand_data(montecarlo={"draws": 40, "seed": 3}))
    ctx = build_context(sc)
    mode = find_mode(ctx, "ckd_test")
    a = assess(ctx, mode, unit_build(ctx, mode))
    sh = draw_shocks(ctx)
    arr, s = sh.arrays(), sh.share_array(0.15, 40)
    loop = []
    for i in range(40):
        one = Shocks(volume=arr["volume"][i], price=arr["price"][i], fx=arr["fx"][i],
                     tariff=arr["tariff"][i], wage=arr["wage"][i], share=s[i])
        fl = cash_flows(ctx, mode, unit_build(ctx, mode, one), a.tender_share, one)
        loop.append(float(npv(fl.firm, sc.firm.discount_rate)[0]))
    res = simulate(ctx, mode, a, sh)
    np.testing.assert_allclose(np.percentile(loop, [10, 50, 90]), [res.p10, res.p50, res.p90],
                               rtol=1e-12)  # same arithmetic, only batched
