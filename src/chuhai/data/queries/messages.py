"""Sentences the read side says about the data it found (gaps, HS revisions), declared once.

They are messages like the engines' (see :mod:`chuhai.messages`): the window a query chose
is a fact about the warehouse, so the read side states it; engines pass it on. Codes keep
the ``markets.`` prefix under which they were first published.
"""

from __future__ import annotations

from chuhai.messages import template

# --- errors of the read side: no path named (the CLI adds context["home"], the web never) -----
NO_TRADE = template("data.error.no_trade", "the warehouse holds no trade")
NO_TRADE_YEARS = template("data.error.no_trade_years", "no trade in the warehouse for the years asked")
NO_TRADE_PRODUCT = template("data.error.no_trade_product", "no trade for product {product} in the warehouse")
NO_TRADE_PRODUCT_YEARS = template("data.error.no_trade_product_years",
                                  "no trade for product {product} in the warehouse in {first}-{last}")
#: a query the database could not answer; ``query`` is its id (``scan``, ``exporters`` ...)
QUERY_FAILED = template("data.error.query_failed", "the warehouse could not answer the `{query}` query")
#: the driver's own text (it may name server files) goes to ``context["cause"]``
TARIFFS_UNREADABLE = template("data.error.tariffs_unreadable", "cannot read the warehouse's tariffs table")

# --- the scan's window (data/queries/window.py) --------------------------------------------
MISSING_YEARS = template("markets.warning.missing_years",
                         "no trade data for {product} in {missing:list}: averages use the "
                         "{n} year(s) present")
TWO_REVISIONS = template("markets.warning.revisions_in_year",
                         "{year}: {product} is stored in {n} HS revisions ({revisions:list}); "
                         "using {used} only so flows are not counted twice")
MIXED_REVISIONS = template("markets.warning.mixed_revisions",
                           "the window mixes HS revisions ({spans:list}); codes are compared "
                           "as stored, without a concordance — growth across a revision change "
                           "may reflect reclassification")
YEAR_REVISION = template("markets.warning.year_revision", "{year} {revision}")
CONVERTED = template("markets.warning.converted",
                     "flows of {spans:list} converted to {target} with UNSD's HS correlation "
                     "tables; {share:pct} of their value was split between codes (see "
                     "concordance)")

# --- the adjacent-products window (data/queries/exports.py) -----------------------------
EXP_MISSING_YEARS = template("markets.adjacent.note.missing_years",
                             "no trade data for {missing:list}; averaged over {n} years")
EXP_SEVERAL_REVISIONS = template("markets.adjacent.note.several_revisions",
                                 "some years are held in several HS revisions; the newest is "
                                 "used for each year")()
EXP_MIXED_REVISIONS = template("markets.adjacent.note.mixed_revisions",
                               "the window mixes HS revisions ({revisions:list}); HS6 codes are "
                               "compared as they are, not concorded")
