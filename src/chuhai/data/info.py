"""What a warehouse holds: the ``chuhai data info`` contract."""

from __future__ import annotations

from typing import Any

from chuhai.data.warehouse import Warehouse

__all__ = ["GENERATED_SOURCES", "table_counts", "table_origins", "warehouse_info"]

_COUNTED = ("trade", "countries", "indicators", "distances", "tariffs", "agreements",
            "agreement_members", "products", "country_classes", "contract_awards",
            "contract_products")

#: Row sources that mark generated (synthetic) rows; every other source is a real one.
GENERATED_SOURCES = frozenset({"demo"})

#: How to read each counted table's row sources: a query answering ``(source, rows)``.
_SOURCE_SQL = {
    "countries": "SELECT 'reference', count(*) FROM countries",
    "agreement_members": "SELECT a.source, count(*) FROM agreement_members m "
                         "LEFT JOIN agreements a USING (agreement_id) GROUP BY 1",
}


def warehouse_info(warehouse: Warehouse) -> dict[str, Any]:
    """``{"demo", "home", "trade": {...}, "tables": {...}, "table_origins": {...},
    "imports": [provenance rows]}``."""
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
        "table_origins": table_origins(warehouse),
        "imports": warehouse.provenance(),
    }


def table_counts(warehouse: Warehouse) -> dict[str, int]:
    with warehouse.connect() as con:
        out = {}
        for table in _COUNTED:
            r = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(r[0]) if r else 0
    return out


def table_origins(warehouse: Warehouse) -> dict[str, dict[str, Any]]:
    """Per table: ``{"origin": "real" | "generated" | "mixed" | "empty", "sources": {source:
    rows}}``; rows whose source is in :data:`GENERATED_SOURCES` are generated."""
    out: dict[str, dict[str, Any]] = {}
    with warehouse.connect() as con:
        for table in _COUNTED:
            sql = _SOURCE_SQL.get(table, f"SELECT source, count(*) FROM {table} GROUP BY 1")
            counts = {str(s): int(n) for s, n in con.execute(sql).fetchall() if n}
            generated = {s for s in counts if s in GENERATED_SOURCES}
            origin = ("empty" if not counts else "generated" if generated == set(counts)
                      else "mixed" if generated else "real")
            out[table] = {"origin": origin, "sources": dict(sorted(counts.items()))}
    return out
