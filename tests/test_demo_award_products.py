"""The shipped product match of the packaged World Bank awards (chuhai.data.demo.award_products)
is exactly what the import hook computes today, is refused when derived by another matcher, and
is what a demo build stores."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chuhai.data.batch import ImportBatch
from chuhai.data.demo import build_demo
from chuhai.data.demo.award_products import packaged_products, with_metadata
from chuhai.data.demo.awards import packaged_awards
from chuhai.data.derived import contract_products
from chuhai.data.staging import stage_arrow
from chuhai.data.warehouse import Warehouse

KEY = ["source", "contract_id", "hs", "product_class", "rule"]


def _rows(table: pa.Table) -> list[tuple[object, ...]]:
    cols = [table.column(c).to_pylist() for c in [*KEY, "confidence"]]
    return sorted(zip(*cols, strict=True), key=lambda r: tuple(str(x) for x in r))


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> pa.Table:
    st = tmp_path_factory.mktemp("awards")
    load = stage_arrow("contract_awards", packaged_awards(), st)
    batch = ImportBatch(source="demo", file="awards", sha256="", scope="demo/awards", loads=(load,))
    (products,) = contract_products(batch, load, st)
    return pq.read_table(products.parquet)


def test_the_shipped_match_is_the_hooks_output_today(computed: pa.Table) -> None:
    shipped = packaged_products()
    assert shipped is not None, "stale: run scripts/derive_wb_contract_products.py"
    assert shipped.num_rows == computed.num_rows > 1000
    assert _rows(shipped) == _rows(computed)


def test_a_match_from_another_matcher_is_refused(computed: pa.Table, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.parquet", tmp_path / "bad.parquet"
    pq.write_table(with_metadata(computed), good)
    assert packaged_products(good) is not None
    meta = dict(with_metadata(computed).schema.metadata or {})
    meta[b"chuhai.matcher_sha256"] = b"0" * 64
    pq.write_table(computed.replace_schema_metadata(meta), bad)
    assert packaged_products(bad) is None
    assert packaged_products(tmp_path / "absent.parquet") is None


def test_a_demo_build_stores_the_match(tmp_path: Path, computed: pa.Table) -> None:
    wh = Warehouse(tmp_path / "wh")
    build_demo(wh, chapters=("90",))
    with wh.connect() as con:
        stored = con.execute(f"SELECT {', '.join([*KEY, 'confidence'])} FROM contract_products").fetchall()
    assert sorted(stored, key=lambda r: tuple(str(x) for x in r)) == _rows(computed)
