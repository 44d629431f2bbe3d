"""A warehouse holding real World Bank award rows (tests/data/wb_meter_valve_awards.csv).

The CSV holds the 144 de-duplicated contract × supplier rows of the shared World Bank
"Major Contract Awards" files (FY2006–09, FY2015–21) whose description names water meters,
electricity meters or valves (goods, works and non-consulting services), with the ISO2
codes turned into ISO3 and the product match labelled by hand-written regular expressions
(hs, rule, confidence). Until the awards importer fills the tables, the fixture creates
them with the shared schema (docs/data-model.md) when the warehouse lacks them.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from chuhai.data.warehouse import Warehouse

FIXTURE = Path(__file__).parent / "data" / "wb_meter_valve_awards.csv"

AWARDS_DDL = """CREATE TABLE IF NOT EXISTS contract_awards (
  source VARCHAR, contract_id VARCHAR, fiscal_year SMALLINT, award_date DATE, buyer_country VARCHAR,
  region VARCHAR, project_id VARCHAR, project_name VARCHAR, description VARCHAR, method VARCHAR,
  method_raw VARCHAR, category VARCHAR, sector VARCHAR, supplier VARCHAR, supplier_country VARCHAR,
  amount DOUBLE, currency VARCHAR, amount_usd DOUBLE, usd_flag VARCHAR, supplier_id VARCHAR,
  award_amount DOUBLE, suppliers_in_award SMALLINT, award_status VARCHAR, ocid VARCHAR,
  related_lots VARCHAR, import_id VARCHAR NOT NULL)"""
PRODUCTS_DDL = """CREATE TABLE IF NOT EXISTS contract_products (
  source VARCHAR, contract_id VARCHAR, hs VARCHAR, product_class VARCHAR, rule VARCHAR,
  confidence DOUBLE, import_id VARCHAR)"""

AWARD_COLS = ("source", "contract_id", "fiscal_year", "award_date", "buyer_country", "region",
              "project_id", "project_name", "description", "method", "method_raw", "category",
              "sector", "supplier", "supplier_country", "amount", "currency", "amount_usd",
              "import_id")
PRODUCT_COLS = ("source", "contract_id", "hs", "product_class", "rule", "confidence", "import_id")


def fixture_rows() -> list[dict[str, Any]]:
    """The fixture's rows as dicts (empty strings as None, amounts as floats)."""
    with FIXTURE.open(encoding="utf-8", newline="") as fh:
        rows = [{k: (v if v != "" else None) for k, v in r.items()} for r in csv.DictReader(fh)]
    for r in rows:
        r["amount_usd"] = float(r["amount_usd"])
        r["fiscal_year"] = int(r["fiscal_year"])
        r["confidence"] = float(r["confidence"])
    return rows


def add_awards(wh: Warehouse, rows: list[dict[str, Any]] | None = None) -> Warehouse:
    """Insert award and product rows (default: the fixture's) into ``wh``."""
    rows = fixture_rows() if rows is None else rows
    with wh.connect(read_only=False) as con:
        con.execute(AWARDS_DDL)
        con.execute(PRODUCTS_DDL)
        for r in rows:
            vals = {**r, "amount": r["amount_usd"], "currency": "USD", "import_id": "fixture"}
            con.execute(f"INSERT INTO contract_awards ({', '.join(AWARD_COLS)}) "
                        f"VALUES ({', '.join('?' * len(AWARD_COLS))})", [vals.get(c) for c in AWARD_COLS])
        seen: set[tuple[str, str, str]] = set()
        for r in rows:
            key = (r["source"], r["contract_id"], r["hs"])
            if r.get("hs") and key not in seen:
                seen.add(key)
                vals = {**r, "import_id": "fixture"}
                con.execute(f"INSERT INTO contract_products ({', '.join(PRODUCT_COLS)}) "
                            f"VALUES ({', '.join('?' * len(PRODUCT_COLS))})",
                            [vals.get(c) for c in PRODUCT_COLS])
        con.execute("CHECKPOINT")
    return wh


def awards_warehouse(home: Path) -> Warehouse:
    """A fresh warehouse at ``home`` holding the fixture's award rows."""
    return add_awards(Warehouse(home).create())
