"""BACI yearly trade CSV (``t,i,j,k,v,q``) -> validated ``trade`` Parquet, streamed by DuckDB.

Fast path: one DuckDB ``COPY (SELECT ...) TO parquet`` reads the CSV in parallel,
validates every cell with ``error()`` and maps country codes through a small join;
a second query over the staged Parquet counts rows, sums the value exactly and checks
that (t, i, j, k) is unique. Memory stays bounded (DuckDB streams; ``memory_limit``).

Slow path, only when DuckDB rejects the file: :func:`locate_error` re-reads it with
Python's csv module and the same rules (:func:`check_row`) to name the line and the
field of the first bad cell. The two paths are kept equivalent by property tests.

Units: ``v`` is thousand USD with (up to) 3 decimals -> ``value_usd`` = v x 1000 in
dollars, exact (DECIMAL arithmetic); ``q`` is tonnes, ``NA`` or blank -> NULL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

from chuhai.data.sources._csv import (
    header_index,
    iter_rows,
    parse_decimal,
    read_head,
    sniff_encoding,
)
from chuhai.errors import InputError

__all__ = ["COLUMNS", "TradeStats", "check_row", "locate_error", "stage_trade_csv"]

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


_SELECT = """
SELECT
  CASE WHEN regexp_full_match(t, '[0-9]{4}') THEN CAST(t AS SMALLINT)
       ELSE error('bad t') END AS year,
  coalesce(ex.iso3, error('bad i')) AS exporter,
  coalesce(im.iso3, error('bad j')) AS importer,
  CASE WHEN regexp_full_match(k, '[0-9]{1,6}') THEN lpad(k, 6, '0')
       ELSE error('bad k') END AS hs6,
  ? AS hs_revision,
  CAST(CASE WHEN vd >= 0 THEN vd * 1000 ELSE error('bad v') END AS DOUBLE) AS value_usd,
  CASE WHEN trim(q) IN ('', 'NA') OR q IS NULL THEN NULL
       WHEN isfinite(qd) AND qd >= 0 THEN qd ELSE error('bad q') END AS quantity_t,
  'baci' AS source
FROM (
  SELECT $cols, TRY_CAST($v AS DECIMAL(18, 3)) AS vd, TRY_CAST($q AS DOUBLE) AS qd
  FROM read_csv(?, header = true, delim = ',', quote = '"', escape = '"', strict_mode = true,
                null_padding = false, columns = $columns)
) AS r
LEFT JOIN codes AS ex ON ex.code = r.i
LEFT JOIN codes AS im ON im.code = r.j
"""


def stage_trade_csv(path: Path, out: Path, *, hs_revision: str,
                    codes: Mapping[int, str]) -> TradeStats:
    """Validate ``path`` and write the ``trade`` rows to ``out`` (Parquet)."""
    encoding, ncols, idx = _header(path)
    con = _connect()
    try:
        con.register("codes", pa.table({"code": [str(c) for c in codes],
                                         "iso3": list(codes.values())}))
        try:
            con.execute(f"COPY ({_query(ncols, idx)}) TO '{_sql_path(out)}' (FORMAT parquet)",
                        [hs_revision, str(path)])
        except duckdb.Error as exc:
            locate_error(path, codes, encoding=encoding)
            raise InputError(f"cannot read the file: {_first_line(exc)}", file=path) from exc
        return _stats(con, path, out, codes, encoding)
    finally:
        con.close()


def _query(ncols: int, idx: Mapping[str, int]) -> str:
    """The validating SELECT for a file of ``ncols`` columns (BACI columns at ``idx``)."""
    columns = "{" + ", ".join(f"'c{n}': 'VARCHAR'" for n in range(ncols)) + "}"
    cols = ", ".join(f"c{idx[c]} AS {c}" for c in COLUMNS)
    return (_SELECT.replace("$columns", columns).replace("$cols", cols)
            .replace("$v", f"c{idx['v']}").replace("$q", f"c{idx['q']}"))


def _stats(con: duckdb.DuckDBPyConnection, path: Path, out: Path, codes: Mapping[int, str],
           encoding: str) -> TradeStats:
    src = f"read_parquet('{_sql_path(out)}')"
    # value_usd holds whole dollars (v has 3 decimals), exact in DOUBLE below 2**53;
    # the sum is taken in DECIMAL anyway. Distinct hashes: equal keys give equal hashes,
    # so distinct == rows proves uniqueness; otherwise the exact query below decides.
    row = con.execute(
        f"SELECT count(*), sum(CAST(value_usd AS DECIMAL(38, 3))), "
        f"count(DISTINCT hash(year, exporter, importer, hs6)) FROM {src}").fetchone()
    assert row is not None
    rows, total, distinct = int(row[0]), row[1] or Decimal(0), int(row[2])
    if rows == 0:
        raise InputError("the file has a header but no data rows", file=path, line=2)
    if distinct != rows and _has_duplicate(con, src):
        dup = con.execute(
            f"SELECT year, exporter, importer, hs6 FROM {src} GROUP BY ALL "
            "HAVING count(*) > 1 LIMIT 1").fetchone()
        assert dup is not None
        key = (int(dup[0]), str(dup[1]), str(dup[2]), str(dup[3]))
        locate_error(path, codes, encoding=encoding, duplicate=key)
        raise InputError(f"duplicate key {key}", file=path)
    years = tuple(int(r[0]) for r in con.execute(
        f"SELECT DISTINCT year FROM {src} ORDER BY 1").fetchall())
    return TradeStats(rows=rows, value_usd=Decimal(total), years=years)


def _has_duplicate(con: duckdb.DuckDBPyConnection, src: str) -> bool:
    row = con.execute(f"SELECT count(DISTINCT (year, exporter, importer, hs6)) = count(*) "
                      f"FROM {src}").fetchone()
    return not (row and row[0])


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
