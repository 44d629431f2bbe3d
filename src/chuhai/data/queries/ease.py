"""Market ease for every exporter at once: per (exporter, importer) the exporter's actual
exports ``vij`` and the hypothetical Σ_k (x_ek / v_k)·v_jk (annual averages over a
window), from the trade files' persisted sums (:mod:`chuhai.data.queries.tradesums`).

The hypothetical is one matrix product, shares (exporter × line) times imports (line ×
market); an importer has a row for an exporter when it imports at least one line the
exporter exports (a second product over the 0/1 patterns counts them), as the scan's
per-exporter SQL had it. The table (a row per exporter × market, tens of thousands) is
persisted per window and warehouse state (:func:`chuhai.data.aggregates.stored`), so a
scan for any exporter in a new process reads it instead of the sums of every line.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chuhai.data import aggregates
from chuhai.data.queries import tradesums
from chuhai.data.queries.identity import cached
from chuhai.data.warehouse import Warehouse

__all__ = ["ease_all", "ease_of"]

_SUMS = {
    "x": "SELECT exporter, hs6, sum(v) AS v FROM _agg_ek t WHERE {revs} GROUP BY ALL "
         "HAVING sum(v) > 0",
    "m": "SELECT importer, hs6, sum(v) AS v FROM _agg_mk t WHERE {revs} GROUP BY ALL",
    "k": "SELECT hs6, sum(v) AS v FROM _agg_k t WHERE {revs} GROUP BY ALL",
    "p": "SELECT exporter, importer, sum(v) AS v FROM _agg_pairs t "
         "WHERE {revs} AND t.exporter <> t.importer GROUP BY ALL",
}


def _index(col: pa.ChunkedArray, values: pa.Array) -> np.ndarray:
    return pc.index_in(col, value_set=values).to_numpy(zero_copy_only=False).astype(np.int64)


def _compute(wh: Warehouse, con: duckdb.DuckDBPyConnection, revs: str, n: int) -> pa.Table:
    tradesums.register(wh, con)
    t = {name: con.sql(sql.format(revs=revs)).to_arrow_table() for name, sql in _SUMS.items()}
    lines = pa.array(sorted(set(t["k"]["hs6"].to_pylist())), pa.string())
    names = sorted(set(t["x"]["exporter"].to_pylist()) | set(t["m"]["importer"].to_pylist())
                   | set(t["p"]["exporter"].to_pylist()) | set(t["p"]["importer"].to_pylist()))
    countries = pa.array(names, pa.string())
    c, k = len(names), len(lines)
    v_k = np.zeros(k)
    v_k[_index(t["k"]["hs6"], lines)] = t["k"]["v"].to_numpy()
    share, has = np.zeros((c, k)), np.zeros((c, k))
    e, kk = _index(t["x"]["exporter"], countries), _index(t["x"]["hs6"], lines)
    share[e, kk] = t["x"]["v"].to_numpy() / v_k[kk]
    has[e, kk] = 1.0
    imports, present = np.zeros((k, c)), np.zeros((k, c))
    j, kk = _index(t["m"]["importer"], countries), _index(t["m"]["hs6"], lines)
    imports[kk, j] = t["m"]["v"].to_numpy()
    present[kk, j] = 1.0
    hyp, count = share @ imports, has @ present
    vij = np.zeros((c, c))
    vij[_index(t["p"]["exporter"], countries), _index(t["p"]["importer"], countries)] = \
        t["p"]["v"].to_numpy()
    e, j = np.nonzero((count > 0) & ~np.eye(c, dtype=bool))
    return pa.table({"exporter": countries.take(pa.array(e)),
                     "importer": countries.take(pa.array(j)),
                     "vij": vij[e, j] / n, "hyp": hyp[e, j] / n})


def ease_all(wh: Warehouse, con: duckdb.DuckDBPyConnection, years: tuple[int, ...],
             revs: str) -> pa.Table:
    """(exporter, importer, vij, hyp) over ``years`` (``revs``: the window's condition on
    ``t.year`` and ``t.hs_revision``, :func:`~chuhai.data.queries.window.global_revisions`)."""
    key = (years, revs)
    return cached(wh, ("ease_all", *key), lambda: aggregates.stored(
        con, wh.home, "ease", key, lambda: _compute(wh, con, revs, len(years))))


def ease_of(wh: Warehouse, con: duckdb.DuckDBPyConnection, exporter: str,
            years: tuple[int, ...], revs: str) -> pa.Table:
    """(importer, vij, hyp): one exporter's rows of :func:`ease_all` (cached)."""
    return cached(wh, ("ease_of", exporter, years, revs),
                  lambda: _rows_of(ease_all(wh, con, years, revs), exporter))


def _rows_of(table: pa.Table, exporter: str) -> pa.Table:
    # plain lists and NumPy: pyarrow.compute's first kernel and ChunkedArray.to_numpy on
    # text (which imports pandas) each cost about a second in a new process
    rows = [i for i, e in enumerate(table["exporter"].to_pylist()) if e == exporter]
    importers = table["importer"].to_pylist()
    return pa.table({"importer": pa.array([importers[i] for i in rows], pa.string()),
                     **{c: pa.array(table[c].combine_chunks().to_numpy()[rows], pa.float64())
                        for c in ("vij", "hyp")}})
