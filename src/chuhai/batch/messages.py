"""Every sentence the batch layer produces, declared once (see :mod:`chuhai.messages`)."""

from __future__ import annotations

from chuhai.messages import template

ROW_FAILED = template("batch.row.failed", "Row {row} ({firm}) was not screened: {error}")
SHARED_SITE = template(
    "batch.view.shared_site",
    "{n} firms ({firms:list}) sell {products:list} in {market}, where localisation "
    "pressure is {posture}: one local partner or assembly site could serve them together.")
SHARED_MARKET = template(
    "batch.view.shared_market",
    "{n} firms ({firms:list}) rank {market} among their top markets: a joint trade mission "
    "or a shared distributor could serve them.")

# --- the portfolio file (errors name the file, line and column around these) ----------------
PF_READ = template("batch.portfolio.read", "cannot read the portfolio: {error}")
PF_EMPTY = template("batch.portfolio.empty", "the portfolio is empty")
PF_NO_ROWS = template("batch.portfolio.no_rows", "the portfolio has a header but no rows")
PF_TOO_MANY = template("batch.portfolio.too_many", "more than {n} rows")
PF_UNKNOWN_COLUMN = template("batch.portfolio.unknown_column",
                             "unknown column '{name}' (column {col}); known: {known:list}")
PF_DUPLICATE_COLUMN = template("batch.portfolio.duplicate_column", "column '{name}' appears twice")
PF_MISSING_COLUMNS = template("batch.portfolio.missing_columns",
                              "missing column(s) {missing:list}; a row may be just firm,home,products")
PF_ENCODING = template("batch.portfolio.encoding", "the CSV is neither UTF-8 nor GBK/GB18030 text")
PF_NOT_XLSX = template("batch.portfolio.not_xlsx", "not a readable .xlsx workbook: {error}")
PF_XLSX_SUFFIX = template("batch.portfolio.xlsx_suffix", "a workbook must end in .xlsx")
PF_FIRM_EMPTY = template("batch.portfolio.firm_empty", "the firm's name is empty")
PF_NO_PRODUCT = template("batch.portfolio.no_product", "no HS code or product phrase given")
PF_BAD_HS = template("batch.portfolio.bad_hs", "'{code}' is not an HS code of 2, 4 or 6 digits")
PF_NO_MATCH = template("batch.portfolio.no_match",
                       "no HS6 product matches '{phrase}'; give HS codes instead")
SCENARIO_NOT_FOUND = template(
    "batch.scenario.not_found",
    "no scenario file '{name}' beside the portfolio and no shipped example of that name "
    "(examples: {examples:list})")
SCENARIO_EXAMPLES_ONLY = template(
    "batch.scenario.examples_only",
    "an uploaded portfolio may name only a shipped example scenario ({examples:list}), "
    "not '{name}'")
SCENARIO_INVALID = template("batch.scenario.invalid",
                            "the scenario template '{name}' is not valid: {error}")

# --- per row: the entry plan and the award evidence --------------------------------------------
ENTRY_ADAPTED = template(
    "batch.entry.adapted",
    "The template '{scenario}' was written for {template_market}; for {market} its price, "
    "volumes, costs and taxes are kept (prices in USD), the tariffs are the warehouse's and "
    "its tender gates and further markets are dropped.")
ENTRY_WAGE = template(
    "batch.entry.wage",
    "The local wage for {market} is a proxy: 40 % of GDP per head ({year}) over 2,000 hours "
    "(US${wage:,.2f} an hour).")
ENTRY_WAGE_KEPT = template(
    "batch.entry.wage_kept",
    "No GDP per head for {market} in the warehouse: the template's wage is kept "
    "(US${wage:,.2f} an hour).")
ENTRY_FAILED = template("batch.entry.failed", "No entry plan for {market}: {error}")
