"""The product view of the world table: per exporter × HS6, summed over its markets, which
products to diversify into (the largest untapped potential first)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from chuhai.errors import NotFoundError

__all__ = ["PRODUCT_SCHEMA", "codes", "product_view", "read_diversify"]

PRODUCT_SCHEMA = pa.schema([
    ("hs6", pa.string()), ("markets", pa.int32()), ("markets_untapped", pa.int32()),
    ("imports_usd", pa.float64()), ("actual_usd", pa.float64()),
    ("potential_usd", pa.float64()), ("untapped_usd", pa.float64()),
    ("realised", pa.float64()), ("top_market", pa.string()), ("top_market_untapped_usd", pa.float64()),
])


def codes(column: pa.ChunkedArray) -> tuple[list[str], np.ndarray]:
    """The sorted distinct strings of ``column`` and each row's index among them."""
    values = pc.unique(column).sort()
    return values.to_pylist(), pc.index_in(column, value_set=values).to_numpy(
        zero_copy_only=False)


def product_view(cells: pa.Table) -> pa.Table:
    """One row per HS6 of an exporter's cells (columns :data:`PRODUCT_SCHEMA`), sorted by
    untapped potential, largest first. ``realised`` = actual / potential (None at 0)."""
    if cells.num_rows == 0:
        return PRODUCT_SCHEMA.empty_table()
    untapped = pc.fill_null(cells.column("untapped_usd"), 0.0)
    t = cells.append_column("_pos", pc.cast(pc.greater(untapped, 0.0), pa.int32()))
    agg = t.group_by("hs6").aggregate([
        ("importer", "count"), ("_pos", "sum"), ("imports_usd", "sum"), ("actual_usd", "sum"),
        ("potential_usd", "sum"), ("untapped_usd", "sum")])
    # each product's top market: a numpy lexsort of integer codes (hs6, untapped largest
    # first, importer; the codes keep the strings' order), then the first row of each hs6
    # (sorting the strings themselves cost ~1.5 s per exporter)
    un = np.nan_to_num(untapped.to_numpy(zero_copy_only=False).astype(np.float64), nan=-np.inf)
    hs, hs_code = codes(cells.column("hs6"))
    imp, imp_code = codes(cells.column("importer"))
    order = np.lexsort((imp_code, -un, hs_code))
    first = order[np.r_[True, hs_code[order][1:] != hs_code[order][:-1]]]
    top = {hs[hs_code[i]]: (imp[imp_code[i]], float(un[i])) for i in first}
    keys = agg.column("hs6").to_pylist()
    pot = agg.column("potential_usd_sum").to_numpy(zero_copy_only=False).astype(np.float64)
    act = agg.column("actual_usd_sum").to_numpy(zero_copy_only=False).astype(np.float64)
    realised = np.divide(act, pot, out=np.full_like(pot, np.nan), where=pot > 0)
    out = pa.table({
        "hs6": keys, "markets": pc.cast(agg.column("importer_count"), pa.int32()),
        "markets_untapped": pc.cast(agg.column("_pos_sum"), pa.int32()),
        "imports_usd": agg.column("imports_usd_sum"), "actual_usd": act, "potential_usd": pot,
        "untapped_usd": agg.column("untapped_usd_sum"),
        "realised": pa.array(realised, from_pandas=True),
        "top_market": [top[k][0] for k in keys],
        "top_market_untapped_usd": [top[k][1] for k in keys],
    }, schema=PRODUCT_SCHEMA)
    return out.sort_by([("untapped_usd", "descending"), ("hs6", "ascending")])


def read_diversify(world: Path, exporter: str, *, market: str | None = None,
                   top: int | None = None) -> pa.Table:
    """The products ``exporter`` should diversify into, from a world table at ``world``:
    the product view, or with ``market`` that market's cells, by untapped potential."""
    view = "products" if market is None else "cells"
    folder = world / view / f"exporter={exporter}"
    paths = sorted(folder.glob("part-*.parquet"))  # one per product range
    if not paths:
        raise NotFoundError(f"no world table for {exporter} under {world}: run "
                            f"`chuhai markets world --out {world}` first",
                            file=str(folder / "part-0.parquet"))
    table = pa.concat_tables([pq.read_table(p) for p in paths])
    if market is not None:
        table = table.filter(pc.equal(table.column("importer"), market))
    table = table.sort_by([("untapped_usd", "descending"), ("hs6", "ascending")])
    return table.slice(0, top) if top else table
