"""Derive the packaged HS concordance from UNSD's 21 correlation and conversion workbooks.

Reads ``../shared/data/hs-concordance/*.xls*`` (read-only) with
:func:`chuhai.data.reference.unsd.read_unsd_workbook` and writes
``src/chuhai/data/reference/hs_links.parquet``: one row per Correlation link,
``new_rev, old_rev, new, old, conv`` (``conv`` = 1 when the Conversion sheet maps ``new``
to ``old``), sorted; and ``hs_links.toml`` with the attribution and the workbooks' sha256.
Deterministic for one pyarrow version (sorted rows, zstd). Run::

    python scripts/derive_hs_concordance.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from chuhai.data.reference.unsd import read_unsd_workbook

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "chuhai" / "data" / "reference"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    folder = ap.parse_args().shared / "hs-concordance"
    rows: list[tuple[str, str, str, str, int]] = []
    meta = ['# Provenance of hs_links.parquet. Written by scripts/derive_hs_concordance.py.', "",
            'attribution = "United Nations Statistics Division, HS correspondence tables '
            '(HS <new> to HS <old> Correlation and conversion tables), based on the WCO HS '
            'correlation tables; https://unstats.un.org/unsd/trade/classifications/'
            'correspondence-tables.asp"',
            'terms = "UN data terms of use: free use with attribution to UNSD"', ""]
    for path in sorted(folder.glob("*.xls*")):
        pair = read_unsd_workbook(path)
        for new, old in sorted(pair.links):
            conv = int(pair.conversion.get(new) == old)
            rows.append((pair.new_revision, pair.old_revision, new, old, conv))
        meta += ["[[workbooks]]", f'file = "{path.name}"',
                 f'sha256 = "{hashlib.sha256(path.read_bytes()).hexdigest()}"',
                 f'pair = "{pair.new_revision}>{pair.old_revision}"', f"links = {len(pair.links)}",
                 f"conversion = {len(pair.conversion)}", ""]
    rows.sort()
    cols = list(zip(*rows, strict=True))
    table = pa.table({"new_rev": pa.array(cols[0]).dictionary_encode(),
                      "old_rev": pa.array(cols[1]).dictionary_encode(),
                      "new": pa.array(cols[2]), "old": pa.array(cols[3]),
                      "conv": pa.array(cols[4], pa.int8())})
    pq.write_table(table, OUT / "hs_links.parquet", compression="zstd", compression_level=19)
    (OUT / "hs_links.toml").write_text("\n".join(meta), encoding="utf-8")
    print(f"{len(rows)} links -> {OUT / 'hs_links.parquet'}")


if __name__ == "__main__":
    main()
