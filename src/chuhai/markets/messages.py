"""Every sentence the market finder produces, declared once (see :mod:`chuhai.messages`).

Codes are stable: renderers and translations key on them. Parameters keep numbers as
numbers; where a figure is missing, the parameter is the :data:`UNKNOWN` message instead,
so the sentence says "unknown" in the reader's language.
"""

from __future__ import annotations

from chuhai.messages import template

# --- parts reused inside other sentences --------------------------------------------------
UNKNOWN = template("markets.unknown", "unknown")()

# --- screens (markets/screens.py) ---------------------------------------------------------
NOT_SCREENED = template("markets.screen.unknown",
                        "Not screened: the warehouse has no {what} for {who}.")
WHAT_WGI = template("markets.screen.unknown.wgi", "WGI governance estimates")()
WHAT_GDP = template("markets.screen.unknown.gdp", "GDP or GDP growth")()
WHAT_SUPPLIERS = template("markets.screen.unknown.suppliers", "supplier data")()

RISK_PASS = template("markets.screen.country_risk.pass",
                     "{who}'s mean governance score (WGI) is {wgi:+.2f}, at or above the "
                     "{cut:+.2f} cut-off.")
RISK_FAIL = template("markets.screen.country_risk.fail",
                     "{who}'s mean governance score (WGI) is {wgi:+.2f}, below the "
                     "{cut:+.2f} cut-off.")

MACRO_PASS = template("markets.screen.macro.pass",
                      "GDP {gdp:usdk} growing {growth:pct+}/yr is large or growing enough "
                      "(cut-offs {min_gdp:usdk} or {min_growth:pct+}/yr).")
MACRO_FAIL = template("markets.screen.macro.fail",
                      "GDP {gdp:usdk} growing {growth:pct+}/yr is neither large nor growing "
                      "enough (cut-offs {min_gdp:usdk} or {min_growth:pct+}/yr).")

IMPORTS_SIZE = template("markets.screen.imports.size", "{share:pct2} of world imports")
IMPORTS_NO_SIZE = template("markets.screen.imports.no_size", "unknown size")()
IMPORTS_GROWTH = template("markets.screen.imports.growth", "short-run growth {cagr:pct+}/yr")
IMPORTS_NO_GROWTH = template("markets.screen.imports.no_growth", "no growth figure")()
IMPORTS_GROWTH_TINY = template("markets.screen.imports.growth_tiny",
                               "short-run growth {cagr:pct+}/yr from a base of "
                               "US${base:,.0f} (below the US${floor:,.0f} floor: not counted)")
IMPORTS_PASS = template("markets.screen.imports.pass",
                        "Imports are {size} with {growth} (world {world:pct+}/yr): "
                        "large or growing.")
IMPORTS_FAIL = template("markets.screen.imports.fail",
                        "Imports are {size} with {growth} (world {world:pct+}/yr): "
                        "small and not growing faster than world imports.")

CONC_PASS = template("markets.screen.concentration.pass",
                     "Normalised HHI {hhi:.2f} (cut-off {cut:.2f}) — open to new suppliers.")
CONC_PASS_LEAD = template("markets.screen.concentration.pass_lead",
                          "Normalised HHI {hhi:.2f} (cut-off {cut:.2f}) — open to new "
                          "suppliers; the largest supplier, {lead}, holds {lead_share:pct0}.")
CONC_FAIL = template("markets.screen.concentration.fail",
                     "Normalised HHI {hhi:.2f} (cut-off {cut:.2f}) — dominated by few "
                     "suppliers.")
CONC_FAIL_LEAD = template("markets.screen.concentration.fail_lead",
                          "Normalised HHI {hhi:.2f} (cut-off {cut:.2f}) — dominated by few "
                          "suppliers; the largest supplier, {lead}, holds {lead_share:pct0}.")
# the exporter supplies the market: the concentration is over its rivals only
CONC_PASS_RIVALS = template("markets.screen.concentration.pass_rivals",
                            "Normalised HHI of {exporter}'s rivals {hhi:.2f} (cut-off {cut:.2f}; "
                            "{exporter} itself, with {share:pct0}, left out) — open to new "
                            "suppliers; the largest rival, {lead}, holds {lead_share:pct0}.")
CONC_FAIL_RIVALS = template("markets.screen.concentration.fail_rivals",
                            "Normalised HHI of {exporter}'s rivals {hhi:.2f} (cut-off {cut:.2f}; "
                            "{exporter} itself, with {share:pct0}, left out) — dominated by few "
                            "rival suppliers; the largest rival, {lead}, holds {lead_share:pct0}.")
CONC_NO_RIVALS = template("markets.screen.concentration.no_rivals",
                          "No rival supplier: {exporter} is the only supplier of {importer} in "
                          "the window.")

ACCESS_NO_TARIFF = template("markets.screen.access.unknown",
                            "Not screened: no tariff for {exporter} in {importer} in the "
                            "warehouse.")
ACCESS_NO_TARIFF_CU = template("markets.screen.access.unknown_cu",
                               "Not screened: no tariff for {exporter} in {importer} in the "
                               "warehouse; customs-union rivals {rivals:list} enter duty-free.")
ACCESS_VS = template("markets.screen.access.vs",
                     "vs a trade-weighted {average:pct} for all suppliers")
ACCESS_NO_VS = template("markets.screen.access.no_vs", "(no average for other suppliers)")()
ACCESS_PASS = template("markets.screen.access.pass", "Tariff {tariff:pct} ({basis}) {vs}.")
ACCESS_PASS_CU = template("markets.screen.access.pass_cu",
                          "Tariff {tariff:pct} ({basis}) {vs}; customs-union rivals "
                          "{rivals:list} enter duty-free.")
ACCESS_FAIL = template("markets.screen.access.fail",
                       "Tariff {tariff:pct} ({basis}) {vs}, more than {max_gap:pp0} points "
                       "worse.")
ACCESS_FAIL_CU = template("markets.screen.access.fail_cu",
                          "Tariff {tariff:pct} ({basis}) {vs}, more than {max_gap:pp0} points "
                          "worse; customs-union rivals {rivals:list} enter duty-free.")

# --- ranking (markets/ranking.py) ---------------------------------------------------------
COMPONENT = {
    "untapped": template("markets.component.untapped", "untapped potential")(),
    "benchmark": template("markets.component.benchmark", "the top-6-suppliers benchmark")(),
    "size": template("markets.component.size", "import size")(),
    "growth": template("markets.component.growth", "import growth")(),
    "access": template("markets.component.access", "market access")(),
    "risk": template("markets.component.risk", "country risk")(),
    "localisation": template("markets.component.localisation", "low localisation pressure")(),
    "screens": template("markets.component.screens", "screens passed")(),
}
DETAIL_USD = template("markets.detail.usd", "{label} (US${value:,.0f}/yr)")
DETAIL_GROWTH = template("markets.detail.growth", "{label} ({growth:spct}/yr)")
DETAIL_TARIFF = template("markets.detail.tariff", "{label} (tariff {tariff:pct})")
DETAIL_TARIFF_VS = template("markets.detail.tariff_vs",
                            "{label} (tariff {tariff:pct} vs {average:pct} average)")
DETAIL_WGI = template("markets.detail.wgi", "{label} (WGI {wgi:+.2f})")
DETAIL_LOCALISATION = template("markets.detail.localisation",
                               "localisation pressure ({pressure:.2f})")
STRONGEST = template("markets.explain.strongest", "strongest on {parts:and}")
HELD_BACK = template("markets.explain.held_back", "held back by {parts:and}")
AVERAGE = template("markets.explain.average", "average on every component")()
TINY_BASE = template("markets.explain.tiny_base",
                     "import growth ({growth:spct}/yr) not counted: its base year's imports, "
                     "US${base:,.0f}, are below the US${floor:,.0f} floor")
RANKED = template("markets.explain.ranked", "Ranked {rank} of {n} (score {score:.0f}): {body:semi}.")
RANKED_FAILS = template("markets.explain.ranked_fails",
                        "Ranked {rank} of {n} (score {score:.0f}): {body:semi}; fails the "
                        "{failed:list} screen.")
RANKED_FAILS_MANY = template("markets.explain.ranked_fails_many",
                             "Ranked {rank} of {n} (score {score:.0f}): {body:semi}; fails the "
                             "{failed:list} screens.")

# --- scan warnings (markets/scan.py, markets/window.py) -----------------------------------
NO_EXPORTS = template("markets.warning.no_exports",
                      "{exporter} has no exports of {product} in the window: its supply term "
                      "is 0, so the ITC potential is 0 everywhere; use the top-6 benchmark "
                      "instead")
NO_TARIFF = template("markets.warning.no_tariff",
                     "no tariff for {exporter} in {n} market(s): tariff_exporter is null and "
                     "the tariff term is left at 1 there")
HS6_GRADES = template("markets.warning.hs6_grades",
                      "HS6 codes mix product grades (e.g. smart and mechanical meters); unit "
                      "values and price bands flag segments, and non-tariff measures (type "
                      "approval, metrology) are not in the potential")()
AREA = template("markets.warning.area", "{code} ({name})")
AREAS_LEFT_OUT = template("markets.warning.areas",
                          "{areas:list} are areas, not countries: their flows count in world "
                          "totals and among suppliers, but they are not ranked as markets")
PARTIAL_WORLD = template("markets.warning.partial_world",
                         "partial world: the warehouse holds exports of only {exporters} "
                         "reporter(s) against {importers} importers — world imports, market "
                         "shares, competitors and the export potential cover only these "
                         "exporters")
PARTIAL_WORLD_LISTED = template("markets.warning.partial_world_listed",
                                "partial world: the warehouse holds exports of only {exporters} "
                                "reporter(s) ({listed:list}) against {importers} importers — "
                                "world imports, market shares, competitors and the export "
                                "potential cover only these exporters")

# --- adjacent products (markets/adjacent.py, markets/adjacent_data.py) --------------------
ADJ_DENSITY = template("markets.adjacent.density",
                       "density {density:.2f} (share of related know-how {who} already has)")
ADJ_NEIGHBOUR = template("markets.adjacent.neighbour", "{hs6} (φ={proximity:.2f})")
ADJ_CLOSEST = template("markets.adjacent.closest",
                       "closest to products {who} already exports competitively: {near:list}")
ADJ_PCI_MORE = template("markets.adjacent.pci_more",
                        "PCI {pci:+.2f}, more complex than {who}'s average (ECI {eci:+.2f})")
ADJ_PCI_LESS = template("markets.adjacent.pci_less",
                        "PCI {pci:+.2f}, less complex than {who}'s average (ECI {eci:+.2f})")
ADJ_COG_OPENS = template("markets.adjacent.cog_opens",
                         "COG {cog:+.2f}: opens paths to other complex products")
ADJ_COG_LITTLE = template("markets.adjacent.cog_little",
                          "COG {cog:+.2f}: adds little to paths to other complex products")
ADJ_EXPORTS = template("markets.adjacent.exports", "{who} exports it already at RCA {rca:.2f}")
ADJ_NOT_YET = template("markets.adjacent.not_yet", "{who} does not export it yet")
ADJ_EXPLAIN = template("markets.adjacent.explanation", "{parts:semi}.")
ADJ_UNDEFINED = template("markets.adjacent.note.undefined",
                         "ECI, PCI, COI and COG are undefined here (fewer than two countries or "
                         "products); candidates are ranked by density only")()
ADJ_FEW_EXPORTERS = template("markets.adjacent.note.few_exporters",
                             "the warehouse holds exports of only {n} countries: RCA and "
                             "complexity are relative to them, not to the world")
