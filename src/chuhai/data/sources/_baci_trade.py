"""BACI yearly trade CSV (``t,i,j,k,v,q``) -> validated ``trade`` Parquet, streamed by DuckDB.

Fast path: one DuckDB aggregate reads the CSV in parallel and returns the row count,
the exact value total, counts of bad values and quantities, the number of distinct
(t, i, j, k) keys and the distinct years, country codes and HS codes, which are
checked in Python (a few thousand values, not ten million). The self-contained SELECT
of :func:`trade_query` (codes joined to ISO3, k zero-padded, v x 1000) then becomes the
:class:`TableLoad` query that :meth:`Warehouse.apply` runs inside its transaction, so
the rows are written once (Parquet staging of 10 M rows cost more than the insert). Memory stays
bounded: DuckDB streams the CSV (``memory_limit``).

Slow path, only when DuckDB rejects the file: :func:`locate_error` re-reads it with
Python's csv module and the same rules (:func:`check_row`) to name the line and the
field of the first bad cell. The two paths are kept equivalent by property tests.

Units: ``v`` is thousand USD with (up to) 3 decimals -> ``value_usd`` = v x 1000 in
dollars, exact (DECIMAL arithmetic); ``q`` is tonnes, ``NA`` or blank -> NULL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from chuhai.data.sources._csv import (
    header_index,
    iter_rows,
    parse_decimal,
    read_head,
    sniff_encoding,
)
from chuhai.data.warehouse import TableLoad
from chuhai.errors import InputError

__all__ = ["COLUMNS", "TradeStats", "check_row", "locate_error", "stage_trade_csv", "trade_query"]

COLUMNS = ("t", "i", "j", "k", "v", "q")
Q_MISSING = frozenset({"", "NA"})
_DUCKDB_THREADS = 2
_MEMORY_LIMIT = "1GB"


@dataclass(frozen=True, slots=True)
class TradeStats:
    """What one staged yearly file holds."""

    rows: int
    value_usd: Decimal
    years: tuple[int, ...]


def check_row(path: Path, line: int, row: Sequence[str], idx: Mapping[str, int],
              codes: Mapping[int, str]) -> tuple[int, str, str, str]:
    """Validate one data row with the fast path's rules; return its key (t, exporter,
    importer, hs6) with ISO3 codes."""
    if len(row) <= max(idx.values()):
        raise InputError(f"expected {len(COLUMNS)} fields, found {len(row)}", file=path, line=line)
    t = row[idx["t"]]
    if not (t.isascii() and t.isdigit() and len(t) == 4):
        raise InputError(f"not a year: {t!r}", file=path, line=line, field="t")
    iso = []
    for col in ("i", "j"):
        raw = row[idx[col]]
        if not (raw.isascii() and raw.isdigit()):
            raise InputError(f"not a numeric country code: {raw!r}", file=path, line=line, field=col)
        if raw != str(int(raw)) or int(raw) not in codes:
            raise InputError(f"unknown country code {raw}", file=path, line=line, field=col)
        iso.append(codes[int(raw)])
    k = row[idx["k"]]
    if not (k.isascii() and k.isdigit() and len(k) <= 6):
        raise InputError(f"not an HS6 code: {k!r}", file=path, line=line, field="k")
    parse_decimal(row[idx["v"]], file=path, line=line, field="v")
    parse_decimal(row[idx["q"]], file=path, line=line, field="q", missing=Q_MISSING)
    return int(t), iso[0], iso[1], k.zfill(6)


def locate_error(path: Path, codes: Mapping[int, str], *, encoding: str,
                 duplicate: tuple[int, str, str, str] | None = None) -> None:
    """Re-read ``path`` and raise the InputError for its first bad row (or ``duplicate``)."""
    rows = iter_rows(path, encoding=encoding)
    first = next(rows, None)
    if first is None:
        raise InputError("the file is empty", file=path, line=1)
    idx = header_index(first[1], COLUMNS, file=path)
    seen_at: int | None = None
    for line, row in rows:
        key = check_row(path, line, row, idx, codes)
        if duplicate is not None and key == duplicate:
            if seen_at is not None:
                raise InputError(
                    f"duplicate key t={key[0]}, exporter={key[1]}, importer={key[2]}, k={key[3]} "
                    f"(first on line {seen_at})", file=path, line=line, field="k")
            seen_at = line


def _header(path: Path) -> tuple[str, int, dict[str, int]]:
    """Encoding, number of columns and position of each BACI column."""
    head = read_head(path)
    encoding = sniff_encoding(head, path=path, candidates=("utf-8",))
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    first = text.splitlines()[0] if text else ""
    names = [c.strip().strip('"') for c in first.split(",")]
    return encoding, len(names), header_index(names, COLUMNS, file=path)


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET threads = {_DUCKDB_THREADS}")
    con.execute(f"SET memory_limit = '{_MEMORY_LIMIT}'")
    con.execute("SET preserve_insertion_order = false")
    return con


_RAW = """(
  SELECT $cols, TRY_CAST($v AS DECIMAL(18, 3)) AS vd, TRY_CAST($q AS DOUBLE) AS qd
  FROM read_csv('$src', header = true, delim = ',', quote = '"', escape = '"',
                strict_mode = true, null_padding = false, columns = $columns)
) AS r"""

# Per-row work is only the numeric casts and one key hash; codes, years and HS codes are
# checked on their (small) sets of distinct values in Python.
_CHECK = """
SELECT count(*), sum(vd),
  count(*) FILTER (WHERE vd IS NULL OR vd < 0),
  count(*) FILTER (WHERE NOT coalesce(q IS NULL OR trim(q) IN ('', 'NA')
                                      OR (isfinite(qd) AND qd >= 0), false)),
  count(*) FILTER (WHERE t IS NULL OR i IS NULL OR j IS NULL OR k IS NULL),
  count(DISTINCT hash(t, i, j, TRY_CAST(k AS INTEGER))),
  list(DISTINCT t), list(DISTINCT i), list(DISTINCT j), list(DISTINCT k)
FROM $raw
"""

_INSERT = """
WITH codes(code, iso3) AS (VALUES $codes)
SELECT CAST(t AS SMALLINT) AS year,
  coalesce(ex.iso3, error('bad i')) AS exporter,
  coalesce(im.iso3, error('bad j')) AS importer,
  lpad(k, 6, '0') AS hs6,
  '$rev' AS hs_revision,
  CAST(vd * 1000 AS DOUBLE) AS value_usd,
  CASE WHEN q IS NULL OR trim(q) IN ('', 'NA') THEN NULL ELSE qd END AS quantity_t,
  'baci' AS source
FROM $raw
LEFT JOIN codes AS ex ON ex.code = r.i
LEFT JOIN codes AS im ON im.code = r.j
"""
_YEAR = re.compile(r"^[0-9]{4}$")
_HS6 = re.compile(r"^[0-9]{1,6}$")


def _raw(path: Path, ncols: int, idx: Mapping[str, int]) -> str:
    columns = "{" + ", ".join(f"'c{n}': 'VARCHAR'" for n in range(ncols)) + "}"
    cols = ", ".join(f"c{idx[c]} AS {c}" for c in COLUMNS)
    return (_RAW.replace("$src", _sql(str(path))).replace("$columns", columns)
            .replace("$cols", cols).replace("$v", f"c{idx['v']}").replace("$q", f"c{idx['q']}"))


def trade_query(path: Path, *, ncols: int, idx: Mapping[str, int], hs_revision: str,
                codes: Mapping[int, str]) -> str:
    """The self-contained SELECT over ``path`` (a CSV of ``ncols`` columns, BACI columns
    at ``idx``) yielding ``trade`` rows. It assumes the file passed :func:`stage_trade_csv`'s
    checks (it does not repeat them, except that unknown codes still abort)."""
    if not re.fullmatch(r"HS\d\d", hs_revision):
        raise InputError(f"not an HS revision: {hs_revision!r}", field="hs_revision")
    values = ", ".join(f"('{c}', '{_sql(iso)}')" for c, iso in codes.items())
    return (_INSERT.replace("$codes", values).replace("$rev", hs_revision)
            .replace("$raw", _raw(path, ncols, idx)))


def stage_trade_csv(path: Path, *, hs_revision: str,
                    codes: Mapping[int, str]) -> tuple[TradeStats, TableLoad]:
    """Validate ``path`` completely; return its statistics and the ``trade`` load that
    inserts it (a query over ``path``, run by :meth:`Warehouse.apply`)."""
    encoding, ncols, idx = _header(path)
    query = trade_query(path, ncols=ncols, idx=idx, hs_revision=hs_revision, codes=codes)
    con = _connect()
    try:
        try:
            row = con.execute(_CHECK.replace("$raw", _raw(path, ncols, idx))).fetchone()
        except duckdb.Error as exc:
            locate_error(path, codes, encoding=encoding)
            raise InputError(f"cannot read the file: {_first_line(exc)}", file=path) from exc
        assert row is not None
        rows, total, bad_v, bad_q, nulls, keys, ts, is_, js, ks = row
        if rows == 0:
            raise InputError("the file has a header but no data rows", file=path, line=2)
        if bad_v or bad_q or nulls or not _sets_valid(ts, is_, js, ks, codes):
            locate_error(path, codes, encoding=encoding)
            raise InputError("invalid cell (the exact line could not be found)", file=path)
        if keys != rows or _may_collide(is_, js, ks, codes):
            _find_duplicate(con, path, query, codes, encoding)
    finally:
        con.close()
    stats = TradeStats(rows=int(rows), value_usd=Decimal(total) * 1000,
                       years=tuple(sorted(int(t) for t in ts)))
    return stats, TableLoad(table="trade", parquet=path, rows=int(rows), query=query)


def _sets_valid(ts: list[str], is_: list[str], js: list[str], ks: list[str],
                codes: Mapping[int, str]) -> bool:
    """Every distinct year, country code and HS code is well-formed and known."""
    def known(c: str) -> bool:
        return c.isascii() and c.isdigit() and c == str(int(c)) and int(c) in codes

    return (all(_YEAR.match(t) for t in ts) and all(known(c) for c in (*is_, *js))
            and all(_HS6.match(k) for k in ks))


def _may_collide(is_: list[str], js: list[str], ks: list[str], codes: Mapping[int, str]) -> bool:
    """True when different raw codes map to one key (two codes -> one ISO3, 10111/010111),
    so uniqueness must be checked on the mapped keys."""
    return (len({codes[int(c)] for c in is_}) < len(is_)
            or len({codes[int(c)] for c in js}) < len(js)
            or len({k.zfill(6) for k in ks}) < len(ks))


def _find_duplicate(con: duckdb.DuckDBPyConnection, path: Path, query: str,
                    codes: Mapping[int, str], encoding: str) -> None:
    dup = con.execute(f"SELECT year, exporter, importer, hs6 FROM ({query}) GROUP BY ALL "
                      "HAVING count(*) > 1 LIMIT 1").fetchone()
    if dup is None:
        return  # a hash collision or codes that merely could collide: no duplicate
    key = (int(dup[0]), str(dup[1]), str(dup[2]), str(dup[3]))
    locate_error(path, codes, encoding=encoding, duplicate=key)
    raise InputError(f"duplicate key {key}", file=path)


def _sql(text: str) -> str:
    return text.replace("'", "''")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
