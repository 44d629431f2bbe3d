"""Sentences of the data layer, declared once (see :mod:`chuhai.messages`)."""

from __future__ import annotations

from chuhai.messages import template

__all__ = ["AWARDS_SOURCE", "COUNTRY_EMPTY", "COUNTRY_UNKNOWN", "COUNTRY_UNKNOWN_HINT", "DEMO_BANNER",
           "IMPORT_DEMO_RETIRED", "IMPORT_REPLACED_ALL", "IMPORT_REPLACED_PROCESSES",
           "IMPORT_REPLACED_YEARS", "IMPORT_SAME_FILE", "IMPORT_UNDETECTED", "NO_WAREHOUSE", "SUMS_UNWRITABLE",
           "TARIFF_BASIS_CU", "WAREHOUSE_COMMA", "WAREHOUSE_LOCKED", "WAREHOUSE_UNOPENABLE"]

#: The demo warning every renderer shows over a demo warehouse (web, reports, offline
#: pages, the CLI); the English text is the catalog msgid of its translations.
DEMO_BANNER = template(
    "data.demo.banner",
    "DEMO DATA: the trade flows and tariffs in this warehouse are generated, not real "
    "statistics (countries, distances and the World Bank indicators are real). Every "
    "figure built on trade below is illustrative only.")

#: A read of a warehouse that is not there. It names no path: the web must never show a server
#: path, so the error carries it as ``context["home"]`` and the CLI adds it (it is the user's input).
NO_WAREHOUSE = template("data.error.no_warehouse",
                        "the warehouse does not exist yet: run `chuhai data demo` or `chuhai data import`")

#: The warehouse cannot be opened or written; no path named (``context["home"]``, ``["cause"]``).
WAREHOUSE_LOCKED = template("data.error.locked",
                            "the warehouse is locked by another process past the wait of {wait:g} s "
                            "(`{env}`)")
WAREHOUSE_UNOPENABLE = template("data.error.unopenable", "cannot open the warehouse")
WAREHOUSE_COMMA = template("data.error.comma", "the warehouse path contains a comma; choose another")
SUMS_UNWRITABLE = template("data.error.sums_unwritable",
                           "cannot write the warehouse's trade sums (nor in the temp directory)")

#: What an import did besides adding its rows (ImportOutcome.notes; ``note`` is their English
#: text joined by "; "). ``old`` is an import id (``<source>-<sha256 prefix>``).
IMPORT_SAME_FILE = template("data.import.same_file", "the same file was imported before; nothing changed")
IMPORT_DEMO_RETIRED = template("data.import.demo_retired",
                               "removed the demo data: real data is never mixed with demo data")
IMPORT_REPLACED_YEARS = template("data.import.replaced_years", "replaced rows of {old} for {years:list}")
IMPORT_REPLACED_ALL = template("data.import.replaced_all", "replaced rows of {old} for all years")
IMPORT_REPLACED_PROCESSES = template(
    "data.import.replaced_processes",
    "replaced rows of {old} for the contracting processes this file also holds")

#: ``chuhai data import`` / the data page: no source module recognises the file.
IMPORT_UNDETECTED = template(
    "data.import.undetected",
    "cannot tell which source this file comes from; name its source (one of {sources:list})")

#: A country name or code nothing resolves (CLI options, the API, the planner form).
COUNTRY_UNKNOWN = template("data.country.unknown", "unknown country '{query}'")
COUNTRY_UNKNOWN_HINT = template(
    "data.country.unknown_hint", "unknown country '{query}'; did you mean: {hints:list}?")
COUNTRY_EMPTY = template("data.country.empty", "empty country name or code")

#: A market scan's tariff basis for a rival inside a customs union with the market (the
#: basis column "customs union EAEU", data/queries/_scan_sql.py), as names.label shows it.
TARIFF_BASIS_CU = template("data.tariff_basis.customs_union", "customs union {agreement:@agreements}")
#: Localisation's measured procurement source ("awards:wb-contracts:HS9028",
#: chuhai.markets.localisation), as names.procurement_source shows it.
AWARDS_SOURCE = template("data.procurement.awards_source",
                         "contract awards ({sources:@sources}), HS {sector}")
