"""Sentences of the web app, declared once (see :mod:`chuhai.messages`)."""

from __future__ import annotations

from chuhai.messages import template

__all__ = ["BAD_PLAN_NAME", "BATCH_ENTRY_TOP", "BATCH_FILE_TYPE", "BATCH_NO_FILE", "BATCH_NO_JOB",
           "WAGE_NOTE"]

#: a saved plan's name is refused (the plan store, the pages and the API)
BAD_PLAN_NAME = template("web.plans.bad_name", "a plan name uses 1-64 letters (Chinese too), digits, '_' or '-' "
                         "and starts with a letter or digit")
#: where the planner form's default wage comes from (shown in the page's language)
WAGE_NOTE = template("web.plan.wage_note",
                     "wage: 40 % of GDP per head ({year}) / 2,000 hours, in USD (a rough proxy)")

#: batch screening from the web (web/services/batch.py, /api/v1/batch, /batch)
BATCH_FILE_TYPE = template("web.batch.file_type", "a portfolio is a .csv or .xlsx file")
BATCH_ENTRY_TOP = template("web.batch.entry_top",
                           "entry_top must be between 1 and top ({top})")
BATCH_NO_JOB = template("web.batch.no_job", "no batch job '{job}'")
BATCH_NO_FILE = template("web.batch.no_file", "no file '{name}' in batch job '{job}'")
