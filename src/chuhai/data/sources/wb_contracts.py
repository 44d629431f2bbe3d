"""World Bank "Major Contract Awards" CSV -> ``contract_awards`` (source ``wb-contracts``).

The files of ``finances.worldbank.org`` (dataset kdui-wcs3), one per fiscal year or the
whole table; 22 columns (As of Date, Fiscal Year, Region, Borrower Country (Code), Project
ID/Name, Procurement Type/Category/Method, Product line, Major Sector, WB Contract Number,
Contract Description, Contract Signing Date, Supplier, Supplier Country (Code), Supplier
State, Total Contract Amount (USD), Borrower Contract Reference Number, UN Supplier Flag).

Quirks handled (SOURCE.md of the shared copy, checked against the data):

* up to FY2016 a contract × supplier is repeated once per Major Sector, and the amount of
  each repeated row is that sector's **share** of the contract (FY2006: 1255709 WAGTECH =
  29,365 + 58,731 + 29,365; equal splits repeat one figure: their sums, not the single
  rows, match the size of one-sector contracts of the same method). The importer keeps one
  row per (WB Contract Number, Supplier) and sums the amounts over the distinct sectors;
  rows repeated within one sector (FY2015-21 "Individual Consultant") count once;
* country names are cut at 15 characters: the 2-letter codes are used, ISO 3166-1 alpha-2
  through the project's resolver plus the World Bank's own (ZR, YF, RY, GZ, TP, XK);
  multi-country codes (3E Eastern Africa ...) give a NULL ``buyer_country``; ``NA`` is
  Namibia when the name says so, else missing;
* FY2017-2021 rows write "Others" for a letter x (HEOthersING = HEXING): undone inside
  words (``_wb_fix.restore_x``), never for the free-standing word;
* amounts are US dollars; joint-venture members are rows of their own, each with the
  contract's whole amount (``suppliers_in_award`` says how many share it).

Scope ``wb-contracts/FY<years>``: a newer file of the same fiscal years replaces its rows.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from chuhai.data.reference.procurement_methods import wb_method
from chuhai.data.sources._country_common import Table, fail, number, read_table, stage_rows, year_of
from chuhai.data.sources._wb_fix import (
    CATEGORIES,
    FIRST_OTHERS_YEAR,
    parse_date,
    restore_x,
    wb_country,
)
from chuhai.data.warehouse import ImportBatch

__all__ = ["NAME", "REQUIRED", "detect", "parse", "stage"]

NAME = "wb-contracts"

#: Columns the importer reads (a file without one of them is refused, naming it).
REQUIRED = (
    "Fiscal Year", "Region", "Borrower Country", "Borrower Country Code", "Project ID",
    "Project Name", "Procurement Category", "Procurement Method", "Major Sector",
    "WB Contract Number", "Contract Description", "Contract Signing Date", "Supplier",
    "Supplier Country", "Supplier Country Code", "Total Contract Amount (USD)",
)
_TEXT = ("Project Name", "Contract Description", "Supplier", "Procurement Method",
         "Major Sector", "Supplier Country Code", "Borrower Country Code")


def detect(path: Path, head: bytes) -> bool:
    first = head.decode("utf-8", "ignore").lstrip("\ufeff").split("\n", 1)[0]
    return "WB Contract Number" in first and "Total Contract Amount" in first


def _text(value: str) -> str | None:
    v = value.strip()
    return None if v in ("", "NA") else v


class _Reader:
    """Row-by-row conversion with the column indices of one file."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.col = {name: table.need(name) for name in REQUIRED}

    def cell(self, row: tuple[str, ...], name: str, fixed: bool) -> str:
        value = row[self.col[name]]
        return restore_x(value) if fixed and name in _TEXT else value

    def country(self, row: tuple[str, ...], line: int, which: str, fixed: bool) -> str | None:
        fld = f"{which} Country Code"
        code = self.cell(row, fld, fixed).strip().upper()
        name = row[self.col[f"{which} Country"]].strip()
        if code in ("", "NA") and name in ("", "NA"):
            return None
        known, iso = wb_country(code or name)
        if not known:
            fail(f"unknown country code {code!r} ({name!r}): not ISO 3166-1 alpha-2 nor a "
                 "World Bank code", self.table.path, line, fld)
        return iso

    def record(self, line: int, row: tuple[str, ...]) -> dict[str, Any]:
        path = self.table.path
        fy = year_of(row[self.col["Fiscal Year"]], path, line, "Fiscal Year")
        fixed = fy >= FIRST_OTHERS_YEAR
        contract = _text(row[self.col["WB Contract Number"]])
        if contract is None:
            fail("missing contract number", path, line, "WB Contract Number")
        amount = number(row[self.col["Total Contract Amount (USD)"]], path, line,
                        "Total Contract Amount (USD)", negative=False)
        raw_cat = row[self.col["Procurement Category"]].strip().upper()
        if raw_cat not in CATEGORIES:
            fail(f"unknown procurement category {raw_cat!r} (expected "
                 f"{', '.join(CATEGORIES)})", path, line, "Procurement Category")
        signed = parse_date(row[self.col["Contract Signing Date"]])
        if isinstance(signed, str):
            fail(f"not a date (MM/DD/YYYY): {signed[:40]!r}", path, line, "Contract Signing Date")
        method_raw = _text(self.cell(row, "Procurement Method", fixed))
        return {
            "source": NAME, "contract_id": contract, "fiscal_year": fy, "award_date": signed,
            "buyer_country": self.country(row, line, "Borrower", fixed),
            "region": _text(row[self.col["Region"]]),
            "project_id": _text(row[self.col["Project ID"]]),
            "project_name": _text(self.cell(row, "Project Name", fixed)),
            "description": _text(self.cell(row, "Contract Description", fixed)),
            "method": wb_method(method_raw), "method_raw": method_raw,
            "category": CATEGORIES[raw_cat],
            "sector": _text(self.cell(row, "Major Sector", fixed)),
            "supplier": _text(self.cell(row, "Supplier", fixed)) or "(not named)",
            "supplier_country": self.country(row, line, "Supplier", fixed),
            "amount": amount, "currency": "USD",
        }


def parse(path: Path) -> list[dict[str, Any]]:
    """One row per (WB Contract Number, Supplier), amounts summed over Major Sectors."""
    table = read_table(path)
    reader = _Reader(table)
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    shares: dict[tuple[str, str], dict[str | None, float | None]] = defaultdict(dict)
    for line, row in table.rows:
        rec = reader.record(line, row)
        key = (rec["contract_id"], rec["supplier"])
        first = groups.setdefault(key, rec)
        if first["fiscal_year"] != rec["fiscal_year"]:
            fail(f"contract {key[0]} of {key[1]!r} appears in fiscal years "
                 f"{first['fiscal_year']} and {rec['fiscal_year']}", path, line, "Fiscal Year")
        # one share per sector; a row repeated within a sector counts once
        shares[key].setdefault(rec["sector"], rec["amount"])
    if not groups:
        fail("no contract rows in the file", path, table.header_line + 1)
    suppliers: dict[str, int] = defaultdict(int)
    for contract, _ in groups:
        suppliers[contract] += 1
    totals: dict[str, float | None] = {}
    rows = []
    for key, rec in groups.items():
        parts = shares[key]
        values = [v for v in parts.values() if v is not None]
        amount = sum(values) if values else None
        # every member of a joint venture carries the contract's whole amount; the award
        # amount is the largest of them (they agree in the files: checked by the tests)
        known = [v for v in (totals.get(key[0]), amount) if v is not None]
        totals[key[0]] = max(known) if known else None
        sectors = [s for s in parts if s is not None]
        rows.append({**rec, "amount": amount, "amount_usd": amount,
                     "sector": "; ".join(sectors) or None})
    for rec in rows:
        rec["award_amount"] = totals[rec["contract_id"]]
        rec["suppliers_in_award"] = min(suppliers[rec["contract_id"]], 32767)
    return rows


def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None = None,
          release: str | None = None) -> ImportBatch:
    rows = parse(path)
    years = tuple(sorted({int(r["fiscal_year"]) for r in rows}))
    load = stage_rows("contract_awards", rows, staging, source=NAME)
    value = sum(v for v in {r["contract_id"]: r["award_amount"] for r in rows}.values() if v)
    span = f"FY{years[0]}" if len(years) == 1 else f"FY{years[0]}-{years[-1]}"
    return ImportBatch(source=NAME, file=path.name, sha256=sha256, scope=f"{NAME}/{span}",
                       loads=(load,), release=release, years=years, value_usd=float(value))
