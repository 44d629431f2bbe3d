"""The HS links imported into the warehouse (table ``hs_links``, source ``unsd-hs``), as
:class:`~chuhai.data.reference.concordance.LinkTable` by pair, for the concordance.

``imported_links(wh, con)`` -> ``{"HS22>HS17": LinkTable, ...}``: one per pair the
warehouse holds (the live import of that pair's scope), its ``source``
``warehouse:<import_id> (<file>)``; empty for a warehouse without the table (one made
before it existed) or without imported links. Cached per warehouse identity, so the
concordance's per-table cache sees the same object while the warehouse is unchanged.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from chuhai.data.queries.identity import cached
from chuhai.data.reference.linktables import LinkTable, pair_key
from chuhai.data.warehouse import Warehouse

__all__ = ["imported_links"]

_SQL = """
SELECT l.from_revision, l.to_revision, l.import_id, p.file, l.from_hs6, l.to_hs6, l.conversion
FROM hs_links l LEFT JOIN provenance p USING (import_id)
ORDER BY l.from_revision, l.to_revision, l.from_hs6, l.to_hs6
"""


def _read(con: duckdb.DuckDBPyConnection) -> dict[str, LinkTable]:
    has = con.execute("SELECT count(*) FROM information_schema.tables "
                      "WHERE table_name = 'hs_links'").fetchone()
    if not has or not has[0]:
        return {}
    rows: dict[tuple[str, str, str], list[tuple[str, str, bool]]] = defaultdict(list)
    for new_rev, old_rev, import_id, file, new, old, conv in con.execute(_SQL).fetchall():
        label = f"warehouse:{import_id}" + (f" ({file})" if file else "")
        rows[(str(new_rev), str(old_rev), label)].append((str(new), str(old), bool(conv)))
    out: dict[str, LinkTable] = {}
    for (new_rev, old_rev, label), links in rows.items():
        out[pair_key(new_rev, old_rev)] = LinkTable(new_rev, old_rev, tuple(links), label)
    return out


def imported_links(wh: Warehouse, con: duckdb.DuckDBPyConnection | None = None) -> dict[str, LinkTable]:
    """The warehouse's imported links by pair (see the module doc); ``con``: an open
    connection to use, else one is opened and closed here."""
    def compute() -> dict[str, LinkTable]:
        if con is not None:
            return _read(con)
        if not wh.exists():
            return {}
        with wh.connect() as own:
            return _read(own)
    return cached(wh, ("hs_links",), compute)
