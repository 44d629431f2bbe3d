"""The trade files' persisted sums (:mod:`chuhai.data.aggregates`) as temp views on a
read connection: ``_agg_pairs``, ``_agg_mk``, ``_agg_ek`` and ``_agg_k``.

The years and revisions stored, the coverage, the exporters' totals and the market-ease
sums of a scan read these few small files instead of passing over every flow, so a new
process starts as fast as a warm one. Missing sums (a warehouse written before them)
are built on first read (:func:`chuhai.data.aggregates.ensure`).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from chuhai.data import aggregates
from chuhai.data.queries.identity import cached
from chuhai.data.tradefiles import sql_literal
from chuhai.data.warehouse import Warehouse

__all__ = ["arrow", "register"]

_TYPES = {"year": "SMALLINT", "hs_revision": "VARCHAR", "exporter": "VARCHAR",
          "importer": "VARCHAR", "hs6": "VARCHAR", "v_all": "DOUBLE", "v": "DOUBLE"}


def _empty(name: str) -> str:
    cols = ["year", "hs_revision", *aggregates.SIDECARS[name],
            *(["v_all"] if name == "pairs" else []), "v"]
    return "SELECT " + ", ".join(f"NULL::{_TYPES[c]} AS {c}" for c in cols) + " WHERE false"


def register(wh: Warehouse, con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) the ``_agg_*`` temp views on ``con`` over the live files' sums."""
    files = cached(wh, ("trade_sums", aggregates.AGG_VERSION),
                   lambda: aggregates.ensure(con, wh.home))
    for name, paths in files.items():
        body = ("SELECT * FROM read_parquet([" + ", ".join(f"'{sql_literal(p)}'" for p in paths)
                + "])") if paths else _empty(name)
        con.execute(f"CREATE OR REPLACE TEMP VIEW _agg_{name} AS {body}")


def arrow(wh: Warehouse, con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    """``sql`` (which reads the ``_agg_*`` views) as an Arrow table, the views registered."""
    register(wh, con)
    return con.sql(sql).to_arrow_table()
