"""The names a rule pack may use for its mechanism and its gates, declared once.

The tender engine implements each name (``chuhai.tenders.mechanisms``,
``chuhai.tenders.gates``) and checks at import that it covers exactly these.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = ["GATE_KINDS", "MECHANISMS"]

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
