"""What a warehouse holds: the ``chuhai data info`` contract."""

from __future__ import annotations

from typing import Any

from chuhai.data.warehouse import Warehouse

__all__ = ["table_counts", "warehouse_info"]

_COUNTED = ("trade", "countries", "indicators", "distances", "tariffs", "agreements",
            "agreement_members", "products")


def warehouse_info(warehouse: Warehouse) -> dict[str, Any]:
    """``{"demo", "home", "trade": {...}, "tables": {...}, "imports": [provenance rows]}``."""
    with warehouse.connect() as con:
        row = con.execute(
            "SELECT count(*), coalesce(sum(value_usd), 0), count(DISTINCT exporter), "
            "count(DISTINCT importer), count(DISTINCT hs6) FROM trade"
        ).fetchone()
        assert row is not None
        years = [r[0] for r in con.execute("SELECT DISTINCT year FROM trade ORDER BY year").fetchall()]
        sources = [r[0] for r in con.execute("SELECT DISTINCT source FROM trade ORDER BY 1").fetchall()]
        revisions = [
            r[0] for r in con.execute("SELECT DISTINCT hs_revision FROM trade ORDER BY 1").fetchall()
        ]
    return {
        "demo": warehouse.is_demo(),
        "home": str(warehouse.home),
        "trade": {
            "rows": int(row[0]),
            "value_usd": float(row[1]),
            "years": [int(y) for y in years],
            "exporters": int(row[2]),
            "importers": int(row[3]),
            "products": int(row[4]),
            "sources": sources,
            "hs_revisions": revisions,
        },
        "tables": table_counts(warehouse),
        "imports": warehouse.provenance(),
    }


def table_counts(warehouse: Warehouse) -> dict[str, int]:
    with warehouse.connect() as con:
        out = {}
        for table in _COUNTED:
            r = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(r[0]) if r else 0
    return out
