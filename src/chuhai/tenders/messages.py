"""Every sentence the tender engine produces, declared once (see :mod:`chuhai.messages`).

Numbers stay numbers in the parameters; the format specs below reproduce the English
texts of the JSON contract. Codes: ``tenders.<area>.<what>``.
"""

from __future__ import annotations

from collections.abc import Iterable

from chuhai.messages import Message, render, template


def unique(msgs: Iterable[Message]) -> tuple[Message, ...]:
    """``msgs`` without repeats (same sentence), in first-seen order."""
    seen: dict[str, Message] = {}
    for m in msgs:
        seen.setdefault(render(m), m)
    return tuple(seen.values())


# --- gates (gates.py) -----------------------------------------------------------------
GATE_REGISTERED = template("tenders.gate.registered", "registered in {buyer}")
GATE_REGISTERED_PARTNER = template("tenders.gate.registered_partner",
                                   "bids in a {kind} with {partner}, registered in {buyer}")
GATE_NOT_REGISTERED = template(
    "tenders.gate.not_registered",
    "not registered in {buyer} and no {buyer}-registered consortium partner")
GATE_NO_PARTNER = template("tenders.gate.no_partner",
                           "foreign bidder without a {buyer} partner (JV, consortium or subcontract)")
GATE_PARTNER_SHARE_LOW = template("tenders.gate.partner_share_low",
                                  "{partner} does {share:.0%} < required {need:.0%}")
GATE_PARTNER_OK = template("tenders.gate.partner_ok",
                           "{kind} with {partner} ({share:.0%} of the value done locally)")
GATE_HOLDS_REGISTRATION = template("tenders.gate.holds_registration", "holds {registration} registration")
GATE_NEEDS_REGISTRATION = template("tenders.gate.needs_registration",
                                   "needs {options:or} registration, none declared")
GATE_LC_MEETS = template("tenders.gate.lc_meets", "local content {lc:.0%} meets {op} {threshold:.0%}")
GATE_LC_FAILS = template("tenders.gate.lc_fails", "local content {lc:.0%} fails {op} {threshold:.0%}")
GATE_RESERVED_OWNED = template("tenders.gate.reserved_owned",
                               "{ownership:.0%} {buyer} ownership qualifies for the reserved tender")
GATE_RESERVED_REGISTER = template("tenders.gate.reserved_register",
                                  "on the producers' register that the reserved tender requires")
GATE_RESERVED_OWNED_NEED = template("tenders.gate.reserved_owned_need",
                                    "≥ {ownership:.0%} {buyer}-owned and registered")
GATE_RESERVED_ONLY = template("tenders.gate.reserved_only",
                              "reserved tender: only {needs:or} bidders may bid")
GATE_NO_STAFFING = template("tenders.gate.no_staffing",
                            "no local staffing commitment declared (≥ {threshold:.0%} required)")
GATE_STAFF = template("tenders.gate.staff", "local staff {share:.0%} vs required {threshold:.0%}")
GATE_NA_CATEGORY = template("tenders.gate.na.category", "not applicable to {category}")
GATE_NA_RESTRICTED = template("tenders.gate.na.restricted", "item not on the restricted list")
GATE_NA_COUNTRY = template("tenders.gate.na.country", "bidder country {country} not covered")
GATE_NA_DOMESTIC = template("tenders.gate.na.domestic", "domestic or locally registered bidder")
GATE_VALUE_UNKNOWN = template(
    "tenders.gate.value_unknown",
    "tender value in {currency} unknown: gate applied (give tender.value and tender.fx)")
GATE_NA_VALUE = template("tenders.gate.na.value", "tender value {value:,.0f} {currency} ≥ {band:,.0f}")
GATE_NOT_APPLICABLE = template("tenders.gate.not_applicable", "not applicable: {why}")
GATE_WITH_CONDITION = template("tenders.gate.with_condition", "{reason} ({why})")

# --- local content and origin (localcontent.py) ------------------------------------------
LC_FROM_BUILD_UP = template("tenders.lc.from_build_up", "{method}: {formula} from the cost build-up")
LC_DECLARED = template("tenders.lc.declared", "declared by the bidder")
LC_DECLARED_NO_BUILD_UP = template("tenders.lc.declared_no_build_up",
                                   "declared by the bidder (no cost build-up for {method})")
LC_DOMESTIC_SHARE = template(
    "tenders.lc.domestic_share",
    "domestic share of the cost build-up (the pack measures origin, not a content ratio)")
LC_NOTHING = template("tenders.lc.nothing",
                      "no cost build-up and no declared local content: taken as 0")
LC_NONE_DECLARED = template("tenders.lc.none_declared", "no local content declared: taken as 0")
ORIGIN_DECLARED = template("tenders.origin.declared", "declared origin {origin}")
ORIGIN_CERTIFICATE = template("tenders.origin.certificate",
                              "assembled in {country} with origin certificate {certificate}")
ORIGIN_OPERATIONS_DONE = template("tenders.origin.operations_done",
                                  "assembled in {country}; all origin operations done ({operations:list})")
ORIGIN_OPERATIONS_MISSING = template("tenders.origin.operations_missing",
                                     "assembly in {country} lacks {missing:list}: goods keep {origin} origin")
ORIGIN_NO_RULE = template("tenders.origin.no_rule", "assembled in {country} (no origin rule in the pack)")

# --- per-offer facts (prepare.py) --------------------------------------------------------
RESPONSIVE = template("tenders.offer.responsive", "responsive")
NOT_RESPONSIVE = template("tenders.offer.not_responsive", "not responsive: {deviations}")
MATERIAL_DEVIATION = template("tenders.offer.material_deviation", "material deviation")
NO_PASS_MARK = template("tenders.offer.no_pass_mark", "no technical pass mark")
NO_TECHNICAL_SCORE = template("tenders.offer.no_technical_score", "no technical score (pass mark {mark:g})")
TECHNICAL_PASS = template("tenders.offer.technical_pass", "technical {score:g} ≥ pass mark {mark:g}")
TECHNICAL_FAIL = template("tenders.offer.technical_fail", "technical {score:g} < pass mark {mark:g}")
GOAL_POINTS = template("tenders.pref.goal_points", "claims {points:g} specific-goal points")
NO_GOAL_POINTS = template("tenders.pref.no_goal_points", "claims no specific-goal points")
ORIGIN_DOMESTIC = template("tenders.pref.origin_domestic", "origin {origin} is domestic ({domestic})")
ORIGIN_NOT_DOMESTIC = template("tenders.pref.origin_not_domestic",
                               "origin {origin} is not domestic ({domestic})")
LC_PREF_MEETS = template("tenders.pref.lc_meets", "local content {lc:.1%} meets {op} {threshold:.0%}")
LC_PREF_BELOW = template("tenders.pref.lc_below", "local content {lc:.1%} below {op} {threshold:.0%}")
PREF_CONSORTIUM = template("tenders.pref.consortium",
                           "consortium with {partner} doing {share:.0%} ≥ {need:.0%}")
PREF_OWNERSHIP = template("tenders.pref.ownership", "{ownership:.0%} {buyer}-owned ≥ {need:.0%}")
PREF_REASONS = template("tenders.pref.reasons", "{reasons:semi}")
PREF_NONE = template("tenders.pref.none", "no preference criteria met")
CUSTOMS_FREE = template("tenders.customs.free",
                        "{origin}-origin goods circulate freely in the {union}: no duty")
CUSTOMS_RATE_UNKNOWN = template(
    "tenders.customs.rate_unknown",
    "{origin}-origin goods pay the {union} common external tariff (rate unknown: set "
    "tender.external_tariff_rate)")
CUSTOMS_CET = template("tenders.customs.cet",
                       "{origin}-origin goods pay the {union} common external tariff {rate:.1%}")
CUSTOMS_CET_VIA = template(
    "tenders.customs.cet_via",
    "{origin}-origin goods pay the {union} common external tariff {rate:.1%}, cleared via {via} "
    "(free circulation does not change origin)")

# --- pack warnings (prepare.py) ----------------------------------------------------------
PACK_LOW_CONFIDENCE = template("tenders.warn.pack_low_confidence",
                               "rule pack {pack} has overall confidence L: verify before relying on it")
PARAM_UNVERIFIED = template("tenders.warn.param_unverified", "{pack} {path} is unverified ({why}) [{source}]")
PARAM_NOT_FOUND = template("tenders.warn.param_not_found", "value not found in the sources")
PARAM_LOW_CONFIDENCE = template("tenders.warn.param_low_confidence",
                                "{pack} {path} = {value:g} has low confidence [{source}]")
PACK_WARNING = template("tenders.warn.pack", "{text}")  # a pack's own warning (pack data: a Text, English and Chinese)
ZAR_UNKNOWN = template("tenders.warn.zar_unknown",
                       "tender value in ZAR unknown: 80/20 assumed (give tender.value and tender.fx)")
OUTSIDE_PERIOD = template(
    "tenders.warn.outside_period",
    "tender date {date} is outside {pack}'s effective period ({start} – {until}): check which "
    "regime applied")
UNTIL_TODAY = template("tenders.warn.until_today", "today")
MARGIN_IGNORED_NONE = template("tenders.warn.margin_ignored_none",
                               "evaluation.preference_margin ignored: {pack} has no price margin")
MARGIN_IGNORED_OWN = template("tenders.warn.margin_ignored_own",
                              "evaluation.preference_margin ignored: {pack} sets its own margin")
MARGIN_ASSUMED = template("tenders.warn.margin_assumed",
                          "margin {margin:.1%} is the tender file's assumption, not a verified figure of {pack}")
MARGIN_UNSET = template(
    "tenders.warn.margin_unset",
    "{pack} preference margin is unset: evaluated without a margin (set "
    "evaluation.preference_margin to test one)")

# --- evaluation steps, why-lost, bid warnings (evaluate.py) --------------------------------
STEP_ORIGIN = template("tenders.step.origin", "origin: {reason}")
STEP_LC = template("tenders.step.lc", "local content {lc:.1%} ({basis})")
STEP_LC_CLASS = template("tenders.step.lc_class", "local content {lc:.1%} ({basis}), class {lc_class}")
STEP_CUSTOMS = template("tenders.step.customs", "customs: {reason}")
STEP_GATE_PASS = template("tenders.step.gate_pass", "gate {name}: pass — {reason}")
STEP_GATE_FAIL = template("tenders.step.gate_fail", "gate {name}: FAIL — {reason}")
STEP_PREFERRED = template("tenders.step.preferred", "preferred: {reason}")
STEP_NOT_PREFERRED = template("tenders.step.not_preferred", "not preferred: {reason}")
STEP_EVALUATED_SAME = template("tenders.step.evaluated_same", "evaluated price {evaluated:,.2f} = quoted price")
STEP_EVALUATED_DISCOUNT = template(
    "tenders.step.evaluated_discount",
    "evaluated price {evaluated:,.2f} = quoted {price:,.2f} {change:+.1%} (preferred discount)")
STEP_EVALUATED_MARGIN = template(
    "tenders.step.evaluated_margin",
    "evaluated price {evaluated:,.2f} = quoted {price:,.2f} {change:+.1%} (margin on non-preferred)")
STEP_POINTS = template("tenders.step.points", "preference points {points:g}")
STEP_SCORE = template("tenders.step.score", "score {score:.2f} ({method})")
STEP_PROTECTED = template(
    "tenders.step.protected",
    "protected: within {band:.0%} of the lowest bid, so not excluded on price alone (a flag for "
    "the evaluation committee, not arithmetic)")
STEP_MATCHED = template("tenders.step.matched",
                        "matched L1's price {price:,.2f} for {share:.0%} of the quantity")
LOST_TECHNICAL = template("tenders.lost.technical", "technical: {reason}")
LOST_GATE = template("tenders.lost.gate", "excluded by gate {gates:semi}")
LOST_GATE_ITEM = template("tenders.lost.gate_item", "{name}: {reason}")
LOST_MATCHED_WHOLE = template(
    "tenders.lost.matched_whole",
    "{winner} (preferred, within the margin) matched the L1 price {price:,.2f} for the whole "
    "order (not divisible)")
LOST_SPLIT_NOT_PREFERRED = template(
    "tenders.lost.split_not_preferred",
    "not awarded: L1 {winner} took {winner_share:.0%} and {matched} (preferred) matched L1's price "
    "for {matched_share:.0%}; this bid is not preferred (no purchase preference)")
LOST_SPLIT_NOT_LOWEST = template(
    "tenders.lost.split_not_lowest",
    "not awarded: L1 {winner} took {winner_share:.0%} and {matched} (preferred) matched L1's price "
    "for {matched_share:.0%}; this bid was not the lowest preferred bid within the margin, or "
    "declined to match")
LOST_SCORE = template("tenders.lost.score",
                      "score {score:.2f} vs winner's {winner_score:.2f}; evaluated price "
                      "{evaluated:,.2f} vs {winner_evaluated:,.2f}")
LOST_SCORE_PREFERRED = template(
    "tenders.lost.score_preferred",
    "score {score:.2f} vs winner's {winner_score:.2f}; evaluated price {evaluated:,.2f} vs "
    "{winner_evaluated:,.2f} — lower quoted price ({price:,.2f} < {winner_price:,.2f}) but the "
    "winner is preferred")
LOST_SCORE_LOWER = template(
    "tenders.lost.score_lower",
    "score {score:.2f} vs winner's {winner_score:.2f}; evaluated price {evaluated:,.2f} vs "
    "{winner_evaluated:,.2f} — lower quoted price ({price:,.2f} < {winner_price:,.2f}) but a "
    "lower score")
# --- ties on the final score (ties.py, evaluate.py) -------------------------------------
TIE_BY = {
    "preferred": template("tenders.tie.by.preferred", "the preferred bid"),
    "not_preferred": template("tenders.tie.by.not_preferred",
                              "the non-preferred bid (the preference needs a strictly lower price)"),
    "goal_points": template("tenders.tie.by.goal_points", "the higher specific-goal points"),
    "technical": template("tenders.tie.by.technical", "the higher technical (functionality) score"),
    "local_content": template("tenders.tie.by.local_content", "the higher local content"),
    "price": template("tenders.tie.by.price", "the lower quoted price"),
    "draw": template("tenders.tie.by.draw", "a drawing of lots"),
}
TIE_RULE = template("tenders.tie.rule", "{instrument}, {clause}; confidence {confidence}")
TIE_RULE_NO_CLAUSE = template("tenders.tie.rule_no_clause",
                              "{instrument}, tie rule not found; confidence {confidence}")
STEP_TIE_WON = template("tenders.step.tie_won",
                        "tie on score with {others:list}: won on {criterion} ({rule})")
STEP_TIE_LOST = template("tenders.step.tie_lost",
                         "tie on score with {others:list}: lost on {criterion} ({rule})")
STEP_TIE_DRAW = template(
    "tenders.step.tie_draw",
    "lots drawn by chuhai with seed {seed} among {bidders:list}; the buyer's own draw may go to "
    "any of them")
LOST_TIE = template("tenders.lost.tie",
                    "tied on score with {winner}; lost the tie-break on {criterion}")
TIE_DRAWN = template(
    "tenders.warn.tie_drawn",
    "{bidders:list} tie on score and the pack's tie-break leaves them tied: {winner} won chuhai's "
    "seeded draw of lots (seed {seed}); the buyer's own draw may go to any of them")
BID_GATE_LOW_CONFIDENCE = template("tenders.warn.gate_low_confidence",
                                   "gate {name} rests on confidence-{confidence} evidence")
BID_NO_DUTY = template("tenders.warn.no_duty",
                       "the goods pay {rate:.1%} duty but the cost build-up shows no import_duty")
HEA_WINNER_CHANGES = template(
    "tenders.warn.hea_winner_changes",
    "the winner changes to {bidder} under the other HEA formula ({formula}); which formula "
    "applies today is uncertain")

# --- entry-linked offers (entrylink.py) -----------------------------------------------------
ENTRY_FIELDS = template("tenders.entry.fields", "an entry-linked offer needs `scenario` and `mode`")
ENTRY_EXAMPLES_ONLY = template(
    "tenders.entry.examples_only",
    "a pasted or uploaded tender may name only a shipped example scenario ({examples:list}), "
    "not '{name}'")
ENTRY_NOT_FOUND = template(
    "tenders.entry.not_found",
    "no scenario file '{name}' beside the tender and no shipped example of that name "
    "(examples: {examples:list})")
ENTRY_INVALID = template("tenders.entry.invalid", "the entry scenario '{name}' is not valid: {error}")
#: the tender is priced in another currency than the entry planner's USD: ``field`` is the rate's
#: key (``tender.fx.<currency>``), written as code in both languages
ENTRY_FX = template("tenders.entry.fx",
                    "entry costs are in USD: give `{field}` (units of {currency} per USD)")

# --- simulate / optimise notes -------------------------------------------------------------
SIM_REFERENCE_UNSET = template(
    "tenders.sim.reference_unset",
    "simulation.reference_price unset: rivals scatter around the own price {price:,.2f}")
SIM_ARCHETYPES = template("tenders.sim.archetypes",
                          "rival price and quality distributions are illustrative archetype assumptions")
SIM_NO_UNIT_COST = template("tenders.sim.no_unit_cost", "{bidder} has no unit_cost: expected profit unknown")
SIM_NO_FX = template("tenders.sim.no_fx", "no tender.fx rate for {currency}: expected_profit_usd unknown")
OPT_ARMS_LENGTH = template(
    "tenders.opt.arms_length",
    "kit prices must also sit in the arm's-length range (OECD TPG ch. II); not checked")

# --- award evidence (history.py, calibrate.py; zh in the evidence.po catalog) ---------------
HIST_NO_TABLES = template(
    "tenders.history.no_tables",
    "the warehouse holds no award data: import the World Bank contract awards or OCDS files "
    "with chuhai data import")
HIST_NONE = template("tenders.history.none", "no award in the data matches {scope}")
HIST_SMALL = template(
    "tenders.history.small_sample",
    "only {n} award(s) with a known supplier country: the shares are indicative, read them "
    "with their intervals")
HIST_UNKNOWN = template("tenders.history.unknown_country",
                        "{n} award(s) without a supplier country are left out of the shares")
HIST_WB_SCOPE = template(
    "tenders.history.wb_scope",
    "World Bank awards are the contracts the Bank reviewed before award, not every public "
    "contract of the country")
HIST_METHOD_ABSENT = template("tenders.history.method_absent",
                              "no award uses method {method}; methods held: {held:list}")
SIM_CALIBRATED = template(
    "tenders.sim.calibrated",
    "rivals calibrated from {n} award(s) ({source}, {scope}, HS {sector}): one rival per winning "
    "origin, prices fitted to the winner-origin mix; the award data has no bidder counts")
SIM_NO_EVIDENCE = template(
    "tenders.sim.no_evidence",
    "no award evidence for {buyer} × HS {sector}: the rivals stay illustrative archetypes")
SIM_CALIBRATED_MIX = template(
    "tenders.sim.calibrated_mix",
    "rivals calibrated from {n} award(s) ({source}, {scope}, HS {sector}): prices fitted to the "
    "winner-origin mix")
SIM_NO_BIDS = template(
    "tenders.sim.no_bids",
    "no OCDS bids of {buyer} tenders in the warehouse: the rivals' price level, spread and "
    "number are not measured")
SIM_BID_COUNT = template(
    "tenders.sim.bid_count",
    "{rivals} rival(s): the median OCDS tender had {median:g} tenderer(s) ({n} tender(s))")
SIM_BID_LEVEL = template(
    "tenders.sim.bid_level",
    "rival prices centred on {ratio:.2f} × the estimated value per unit, the median of {n} bid(s) "
    "in {buyer}'s OCDS {products} (95 % interval {low:.2f}–{high:.2f})")
BID_SCOPE_SECTOR = template("tenders.sim.bid_scope_sector", "tenders for HS {sector}")
BID_SCOPE_ALL = template("tenders.sim.bid_scope_all", "tenders of every product")
SIM_BID_NO_ESTIMATE = template(
    "tenders.sim.bid_no_estimate",
    "OCDS bids came in at {ratio:.2f} × the estimate (median), but tender.value is unset: the "
    "rivals' price level stays relative to the reference price")
SIM_BID_SPREAD = template(
    "tenders.sim.bid_spread",
    "rival price spread (log-sd) {sd:.2f} from {n} OCDS bid(s) (95 % interval {low:.2f}–{high:.2f})")
CAL_NO_SECTOR = template(
    "tenders.calibrate.no_sector",
    "calibrating the rivals needs an HS sector (2, 4 or 6 digits): give one, or list the goods "
    "in tender.products")
