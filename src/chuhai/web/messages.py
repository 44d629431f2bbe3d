"""Sentences of the web app, declared once (see :mod:`chuhai.messages`)."""

from __future__ import annotations

from chuhai.messages import template

__all__ = ["ASSUME_CURRENCY", "ASSUME_FX", "ASSUME_NO_FX", "ASSUME_NO_VAT", "ASSUME_PRICE",
           "ASSUME_REGIMES", "ASSUME_WAGE", "BAD_PLAN_NAME", "BATCH_ENTRY_TOP", "BATCH_FILE_TYPE",
           "BATCH_NO_FILE", "BATCH_NO_JOB", "NO_MODE", "NO_REGIME", "NO_VAT"]

#: a saved plan's name is refused (the plan store, the pages and the API)
BAD_PLAN_NAME = template("web.plans.bad_name", "a plan name uses 1-64 letters (Chinese too), digits, '_' or '-' "
                         "and starts with a letter or digit")

#: batch screening from the web (web/services/batch.py, /api/v1/batch, /batch)
BATCH_FILE_TYPE = template("web.batch.file_type", "a portfolio is a .csv or .xlsx file")
BATCH_ENTRY_TOP = template("web.batch.entry_top",
                           "entry_top must be between 1 and top ({top})")
BATCH_NO_JOB = template("web.batch.no_job", "no batch job '{job}'")
BATCH_NO_FILE = template("web.batch.no_file", "no file '{name}' in batch job '{job}'")

#: the planner form's host defaults, each labelled as an assumption with its source
#: (web/planner_defaults.py; shown beside the field in the page's language)
ASSUME_CURRENCY = template("web.plan.assume_currency",
                           "assumption: source CLDR, the currency in use in {country}")
ASSUME_FX = template("web.plan.assume_fx",
                     "assumption: source WDI PA.NUS.FCRF (official rate, local currency per USD), {year}")
ASSUME_NO_FX = template("web.plan.assume_no_fx",
                        "assumption: no stored exchange rate for {country}; amounts in USD at 1")
ASSUME_WAGE = template("web.plan.assume_wage",
                       "assumption: source WDI GDP per head ({year}): 40 % of it over 2,000 hours, "
                       "at the exchange rate (a rough proxy)")
ASSUME_PRICE = template("web.plan.assume_price",
                        "assumption: USD {usd} per unit at the exchange rate")
ASSUME_NO_VAT = template("web.plan.assume_no_vat",
                         "no reference table holds VAT rates: enter the host's rate")
ASSUME_REGIMES = template("web.plan.assume_regimes",
                          "ticked: the regimes that apply in this market (its own, and the lenders' "
                          "for their borrowers); tick others to check them too")
NO_MODE = template("web.plan.no_mode", "tick at least one entry mode")
NO_REGIME = template("web.plan.no_regime",
                     "tick at least one procurement regime to check local content against")
NO_VAT = template("web.plan.no_vat", "enter the host's VAT rate (%): no reference table holds it")
