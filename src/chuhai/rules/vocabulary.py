"""The names a rule pack may use for its mechanism and its gates, declared once.

The tender engine implements each name (``chuhai.tenders.mechanisms``,
``chuhai.tenders.gates``) and checks at import that it covers exactly these.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = ["GATE_KINDS", "MECHANISMS", "TIE_CRITERIA", "TIE_FINALS"]

#: mechanism name -> description.
MECHANISMS = MappingProxyType({
    "additive_margin": "non-preferred bids get m × price added for comparison (WB/ADB/OPEC, VN, US BAA)",
    "discount": "preferred bids are discounted: P/(1+KP) or (1−KP)·P (Indonesia HEA, Brazil)",
    "match_right": "a preferred bid within the margin may match L1 for a share of the quantity (India)",
    "preference_points": "specific-goal points added to price points (South Africa 80/20, 90/10)",
    "reservation": "only local / registered bidders may bid (Kenya, Kazakhstan restricted lists)",
    "protection_from_exclusion": "a protected bid within a band of the lowest is not excluded on price alone (Nigeria NOGICD)",
    "participation_gate": "no price effect; eligibility gates only (registration, partner, land border)",
    "national_treatment": "goods of customs-union origin are domestic; domestic benefit as an additive margin (EAEU)",
})

#: gate kind -> description.
GATE_KINDS = MappingProxyType({
    "local_registration": "registered in the buyer country, or a consortium with a registered local firm",
    "local_partner": "foreign bidders must partner with a local firm (optional minimum share)",
    "registration": "bidders from listed countries need a named registration (e.g. DPIIT)",
    "min_local_content": "minimum local content to bid at all",
    "reservation": "reserved tender: only local-owned or registered-producer bidders",
    "local_employment": "minimum share of local staff",
})

#: tie-break criterion -> description (a pack's ``tie_break.criteria``, applied in order
#: among bids tied on the final score; the higher value wins, price: the lower).
TIE_CRITERIA = MappingProxyType({
    "preferred": "a preferred bid wins (the margin comparison is inclusive: P_L ≤ (1+m)·P_F)",
    "not_preferred": "a non-preferred bid wins (the comparison is strict: P_L < (1+m)·P_F)",
    "goal_points": "the higher specific-goal points (South Africa PPR 2022)",
    "technical": "the higher technical (functionality) score",
    "local_content": "the higher local content",
    "price": "the lower quoted price",
})

#: what decides a tie the criteria leave: ``draw`` = drawing lots (chuhai draws, seeded).
TIE_FINALS = MappingProxyType({
    "draw": "lots are drawn; chuhai draws with the tender's seed and states it",
})
