"""Derive ``src/chuhai/data/demo/wb_contract_products.parquet``: the product match of the
packaged World Bank awards, by the import hook itself (chuhai.data.demo.award_products).

Run after changing ``procurement_rules.toml``, the matcher or the packaged awards::

    python scripts/derive_wb_contract_products.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow.parquet as pq

from chuhai.data.batch import ImportBatch
from chuhai.data.demo.award_products import PRODUCTS_FILE, with_metadata
from chuhai.data.demo.awards import packaged_awards
from chuhai.data.derived import contract_products
from chuhai.data.staging import stage_arrow

OUT = Path(__file__).resolve().parents[1] / "src" / "chuhai" / "data" / "demo" / PRODUCTS_FILE


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        st = Path(tmp)
        load = stage_arrow("contract_awards", packaged_awards(), st)
        batch = ImportBatch(source="demo", file="awards", sha256="", scope="demo/awards", loads=(load,))
        (products,) = contract_products(batch, load, st)
        table = pq.read_table(products.parquet)
    pq.write_table(with_metadata(table), OUT, compression="zstd")
    print(f"{table.num_rows} contract x product rows -> {OUT}")


if __name__ == "__main__":
    main()
