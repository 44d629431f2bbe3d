"""Derive the packaged World Bank contract awards from the shared Major Contract Awards files.

Reads (read-only) ``../shared/data/wb-major-contract-awards/<FY>_Major_Contract_Awards.csv``
(FY2006-09, FY2015-21), parses them with chuhai's own importer (so the packaged rows are
exactly what ``chuhai data import`` would store: one row per contract × supplier, sector
shares summed, country codes resolved, "Others" undone) and writes, under
``src/chuhai/data/demo/``:

* ``wb_contract_awards.parquet``: the ``contract_awards`` columns (without ``import_id``),
  sorted by fiscal year, contract and supplier, zstd-compressed;
* ``wb_contract_awards.toml``: attribution, licence, input files with sha256 and rows.

Deterministic: same inputs, same bytes. Run::

    PYTHONPATH=src python scripts/derive_wb_contracts.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from chuhai.data.demo.awards import AWARDS_FILE, NOTE_FILE, arrow_schema
from chuhai.data.sources import wb_contracts

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "chuhai" / "data" / "demo"
FOLDER = "wb-major-contract-awards"
ATTRIBUTION = (
    "The World Bank: Major Contract Awards (Finances One / finances.worldbank.org dataset "
    "kdui-wcs3, 'Contract Awards in Investment Project Financing'), prior-reviewed contracts of "
    "IDA/IBRD investment projects, fiscal years 2006-2009 and 2015-2021, as split per fiscal "
    "year in github.com/cllghn/dc4p (CC0-1.0, commit 7a23a795). Licensed CC BY 4.0 by the World "
    "Bank; derived by chuhai: one row per contract x supplier (per-sector share rows summed), "
    "country codes mapped to ISO3, the upstream 'Others'-for-x defect undone.")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    files = sorted((args.shared / FOLDER).glob("*_Major_Contract_Awards.csv"))
    if not files:
        raise SystemExit(f"no *_Major_Contract_Awards.csv under {args.shared / FOLDER}")
    rows, inputs = [], []
    for path in files:
        parsed = wb_contracts.parse(path)
        rows += parsed
        inputs.append((f"{FOLDER}/{path.name}", hashlib.sha256(path.read_bytes()).hexdigest(),
                       len(parsed)))
    rows.sort(key=lambda r: (r["fiscal_year"], r["contract_id"], r["supplier"]))
    schema = arrow_schema()
    table = pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema=schema)
    pq.write_table(table, OUT / AWARDS_FILE, compression="zstd", compression_level=19,
                   use_dictionary=True, row_group_size=1 << 20)
    years = sorted({r["fiscal_year"] for r in rows})
    lines = [
        f"# Provenance of {AWARDS_FILE}. Written by scripts/derive_wb_contracts.py; do not edit.",
        "",
        'licence = "CC BY 4.0"',
        f'attribution = "{ATTRIBUTION}"',
        f"fiscal_years = {years}",
        f"rows = {len(rows)}",
        "",
    ]
    for name, sha, n in inputs:
        lines += ["[[inputs]]", f'file = "{name}"', f'sha256 = "{sha}"', f"rows = {n}", ""]
    (OUT / NOTE_FILE).write_text("\n".join(lines), encoding="utf-8")
    size = (OUT / AWARDS_FILE).stat().st_size
    print(f"{AWARDS_FILE}: {len(rows):,} rows, {size / 1e6:.2f} MB; {NOTE_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
