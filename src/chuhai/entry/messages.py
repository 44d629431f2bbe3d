"""Every sentence the entry planner produces, declared once (see :mod:`chuhai.messages`).

Numbers stay numbers in the parameters; the format specs reproduce the English texts of
the ``chuhai plan --json`` contract. Codes: ``entry.<area>.<what>``.
"""

from __future__ import annotations

from chuhai.messages import template

# --- preference bands (local_content.band_message) -----------------------------------------
BAND_IN_CLASS_I = template("entry.band.in_mii.class_i",
                           "Class-I local supplier ({margin:pct0} purchase preference, may match L1)")
BAND_IN_CLASS_II = template("entry.band.in_mii.class_ii",
                            "Class-II local supplier (may bid, no purchase preference)")
BAND_IN_NON_LOCAL = template("entry.band.in_mii.non_local", "non-local supplier")
BAND_VN_HIGH = template("entry.band.vn.high",
                        "≥ {high:pct0} domestic cost: non-preferred goods get +{margin:pct0}")
BAND_VN_PREFERRED = template("entry.band.vn.preferred",
                             "preferred, < {high:pct0} domestic cost (+{low_margin:pct} add-on)")
BAND_VN_NOT = template("entry.band.vn.not_preferred", "not preferred")
BAND_US_DOMESTIC = template("entry.band.us.domestic", "domestic end product")
BAND_US_FALLBACK = template("entry.band.us.fallback",
                            "> {fallback:pct0}: may count as domestic until 1 Jan 2030 (fallback)")
BAND_US_FOREIGN = template("entry.band.us.foreign", "foreign end product")
BAND_QUALIFIES = template("entry.band.qualifies", "qualifies for the preference")
BAND_NOT = template("entry.band.not", "does not qualify")

# --- warnings ------------------------------------------------------------------------------
REGIME_UNCERTAIN = template(
    "entry.warn.regime_uncertain",
    "{regime}: uncertain figure ({confidence}) — {why}; results that depend on it are indicative")
DEMO_TARIFFS = template("entry.warn.demo_tariffs",
                        "tariffs come from a DEMO warehouse (generated data, not real rates)")
TARIFF_UNKNOWN = template(
    "entry.warn.tariff_unknown",
    "tariff on {form} into {country} unknown ({where}; scenario sets none): assumed 0 % — set "
    "market.tariffs.{form}")
NO_WAREHOUSE = template("entry.warn.no_warehouse", "no warehouse given")
#: ``table`` is the warehouse table looked in (an id of labels/tables.toml), never its path
NO_TARIFF_ROW = template("entry.warn.no_tariff_row", "no row in the warehouse's {table} table")
MODE_GATE = template("entry.warn.mode_gate", "{mode}: tender gate — {gate}")
SHARE_OUTSIDE = template("entry.warn.share_outside",
                         "share s = {share:.2f} is outside the firm's usual {lo:.2f}–{hi:.2f} range")

# --- tender gates (assess.gates_for) ---------------------------------------------------------
GATE_LOCAL_ENTITY = template(
    "entry.gate.local_entity",
    "local_entity_required: tenders need a locally registered bidder or consortium")
GATE_LOCAL_ENTITY_NOTE = template(
    "entry.gate.local_entity_note",
    "local_entity_required: tenders need a locally registered bidder or consortium — {note}")
GATE_LAND_BORDER = template(
    "entry.gate.land_border",
    "land_border_registration: GFR r.144(xi) (DoE OM 23 Jul 2020) — bidders from countries "
    "sharing a land border with India must register with the DPIIT committee; {who}. Set "
    "market.gates.land_border_registered = true once done")
WHO_FIRM = template("entry.gate.who.firm", "the firm bids itself")
WHO_OWNER = template("entry.gate.who.owner", "the {bidder} has beneficial ownership from {home} (M)")

# --- recommendation (frontier.recommendation) -------------------------------------------------
REC_NONE = template("entry.rec.none", "no modes to compare")
REC_ALL_NEGATIVE = template(
    "entry.rec.all_negative",
    "No entry mode earns the firm a positive NPV at these assumptions; {label} loses least "
    "({npv}). Revisit price, volume or the deal before entering.")
REC_QUALIFIES = template("entry.rec.qualifies", "qualifies under {regime} (local content {lc:.0%})")
REC_BELOW = template("entry.rec.below",
                     "does not reach the {regime} threshold (local content {lc:.0%})")
REC_PICK = template("entry.rec.pick",
                    "{label}: firm NPV {npv}, {jobs:,.0f} local jobs and {value} local value added "
                    "over the horizon; it {lc}.")
REC_LOCAL_PREFERRED = template(
    "entry.rec.local_preferred",
    " {label} earns the firm {gap} more NPV (within the {tolerance:.0%} tolerance) but creates "
    "{value} of local value, so the local option is preferred.")
REC_HIGHEST = template("entry.rec.highest", " It has the highest firm NPV on the Pareto set.")
REC_GATED = template("entry.rec.gated", " Tender gates close public tenders to: {labels:list}.")
REC_REASON = template("entry.rec.reason", "{pick}{why}{gated}")

# --- IRR (finance.irr) ------------------------------------------------------------------------
IRR_NO_FLOWS = template("entry.irr.no_flows", "no cash flows")
IRR_NEVER_NEGATIVE = template(
    "entry.irr.never_negative",
    "cash flows never turn negative: no investment to earn a rate on (IRR undefined; the project "
    "pays from year 0)")
IRR_NEVER_POSITIVE = template("entry.irr.never_positive",
                              "cash flows never turn positive: the investment is never recovered")
IRR_NO_SIGN_CHANGE = template("entry.irr.no_sign_change",
                              "NPV does not change sign for rates in [{lo:.0%}, {hi:.0%}]: no IRR in that range")

# --- kit range notes (kit.kit_range) ------------------------------------------------------------
KIT_TRADED = template("entry.kit.traded", "traded goods: local content is 0 at any kit price")
KIT_LC_FLAT = template("entry.kit.lc_flat", "{regime} local content does not depend on the kit price")
KIT_LC_UNREACHABLE = template("entry.kit.lc_unreachable",
                              "cannot reach the {regime} threshold at any kit price: source more locally")
KIT_WHOLLY_OWNED = template("entry.kit.wholly_owned",
                            "wholly owned: no partner break-even (the price still moves tax and LC)")
KIT_PARTNER_LOSES = template("entry.kit.partner_loses", "the partner loses money at any kit price")
KIT_INFEASIBLE = template(
    "entry.kit.infeasible",
    "no kit price satisfies the arm's-length band, the local-content cap and the partner's "
    "break-even together")
KIT_NOTES = template("entry.kit.notes", "{notes:semi}")

# --- money in words (frontier) ------------------------------------------------------------------
USD_M = template("entry.usd.m", "${m:,.2f} m")
USD = template("entry.usd", "${x:,.0f}")

# --- the real award evidence beside the plan (evidence.plan_evidence) -------------------------
EVIDENCE_SUMMARY = template(
    "entry.evidence.summary",
    "real awards for HS {products:list} in this market: {contracts} contract(s), FY{y0}–{y1}; "
    "suppliers registered in the market won {k} of {n} ({share:pct0}, 95 % interval "
    "{low:pct0}–{high:pct0}), Chinese suppliers {chinese}, other foreign suppliers {other}")
EVIDENCE_SMALL = template(
    "entry.evidence.small",
    "{summary} — a small sample ({n} awards with a known supplier country): read the shares "
    "with their intervals")
EVIDENCE_NONE = template(
    "entry.evidence.none",
    "no real award for HS {products:list} in this market in the warehouse's award data")
EVIDENCE_NO_TABLES = template(
    "entry.evidence.no_tables",
    "the warehouse holds no award data: import the World Bank contract awards or OCDS files "
    "(`chuhai data import`) to see who won this market's tenders")
EVIDENCE_GATED = template(
    "entry.evidence.gated",
    "beside the plan: its tender gates close these tenders to {modes:@modes}; in the real "
    "awards, foreign-registered suppliers won {foreign} of {n}, {international} of them by "
    "international competitive procedures")
EVIDENCE_OPEN = template(
    "entry.evidence.open",
    "beside the plan: no tender gate closes these tenders to any mode; in the real awards, "
    "foreign-registered suppliers won {foreign} of {n}, {international} of them by "
    "international competitive procedures")
