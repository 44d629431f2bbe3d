"""BACI yearly trade CSV (``t,i,j,k,v,q``) -> validated ``trade`` Parquet, streamed by DuckDB.

Fast path: one DuckDB ``COPY`` reads the CSV once, in parallel, checks every cell with the
rules of :func:`check_row` (a bad one aborts the statement), maps country codes to ISO3,
zero-pads k, multiplies v by 1000 and writes the rows to a Parquet file in the staging
directory, sorted by (year, hs6, importer, exporter) -- the layout the warehouse stores,
so :meth:`Warehouse.apply` only moves the file in. The row count, the exact value total
and the years are then read from that Parquet (columnar, cheap), and duplicate keys are
found by comparing neighbours in one streamed pass (:func:`first_duplicate`), not with a
hash table over ten million keys. Memory stays bounded: DuckDB streams the CSV and
spills its sort to the staging directory beyond ``memory_limit``.

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
import pyarrow.compute as pc
import pyarrow.parquet as pq

from chuhai.data.sources._csv import (
    header_index,
    iter_rows,
    parse_decimal,
    read_head,
    sniff_encoding,
)
from chuhai.data.warehouse import ROW_GROUP_SIZE, TableLoad
from chuhai.errors import InputError

__all__ = ["COLUMNS", "TradeStats", "check_row", "copy_statement", "first_duplicate", "locate_error",
           "stage_trade_csv"]

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


def _connect(spill: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET threads = {_DUCKDB_THREADS}")
    con.execute(f"SET memory_limit = '{_MEMORY_LIMIT}'")
    con.execute(f"SET temp_directory = '{_sql(str(spill / 'duckdb-spill'))}'")
    con.execute("SET preserve_insertion_order = false")
    return con


_RAW = """(
  SELECT $cols, TRY_CAST($v AS DECIMAL(18, 3)) AS vd, TRY_CAST($q AS DOUBLE) AS qd
  FROM read_csv('$src', header = true, delim = ',', quote = '"', escape = '"',
                strict_mode = true, null_padding = false, columns = $columns)
) AS r"""

# One pass over the CSV: every rule of check_row is a per-row CASE that aborts the COPY
# (the slow path then names line and field); codes map through a small hash join. Sorted by
# year, hs6, importer, exporter: the stored layout, and duplicates become neighbours.
_COPY = """
COPY (
SELECT *, '$rev' AS hs_revision, 'baci' AS source FROM (
  WITH codes(code, iso3) AS (VALUES $codes)
  SELECT
    CASE WHEN length(t) = 4 AND ltrim(t, '0123456789') = '' THEN CAST(t AS SMALLINT)
         ELSE error('bad t') END AS year,
    coalesce(ex.iso3, error('bad i')) AS exporter,
    coalesce(im.iso3, error('bad j')) AS importer,
    CASE WHEN length(k) BETWEEN 1 AND 6 AND ltrim(k, '0123456789') = '' THEN lpad(k, 6, '0')
         ELSE error('bad k') END AS hs6,
    CASE WHEN vd >= 0 THEN CAST(vd * 1000 AS DOUBLE) ELSE error('bad v') END AS value_usd,
    CASE WHEN q IS NULL OR trim(q) IN ('', 'NA') THEN NULL
         WHEN isfinite(qd) AND qd >= 0 THEN qd ELSE error('bad q') END AS quantity_t
  FROM $raw
  LEFT JOIN codes AS ex ON ex.code = r.i
  LEFT JOIN codes AS im ON im.code = r.j
  ORDER BY year, hs6, importer, exporter
)) TO '$dest' (FORMAT parquet, ROW_GROUP_SIZE $rowgroup)
"""


def _raw(path: Path, ncols: int, idx: Mapping[str, int]) -> str:
    columns = "{" + ", ".join(f"'c{n}': 'VARCHAR'" for n in range(ncols)) + "}"
    cols = ", ".join(f"c{idx[c]} AS {c}" for c in COLUMNS)
    return (_RAW.replace("$src", _sql(str(path))).replace("$columns", columns)
            .replace("$cols", cols).replace("$v", f"c{idx['v']}").replace("$q", f"c{idx['q']}"))


def copy_statement(path: Path, dest: Path, *, ncols: int, idx: Mapping[str, int],
                   hs_revision: str, codes: Mapping[int, str]) -> str:
    """The COPY that validates ``path`` (a CSV of ``ncols`` columns, BACI columns at
    ``idx``) row by row and writes its ``trade`` rows, sorted, to the Parquet ``dest``."""
    if not re.fullmatch(r"HS\d\d", hs_revision):
        raise InputError(f"not an HS revision: {hs_revision!r}", field="hs_revision")
    values = ", ".join(f"('{c}', '{_sql(iso)}')" for c, iso in codes.items())
    return (_COPY.replace("$codes", values).replace("$rev", hs_revision)
            .replace("$raw", _raw(path, ncols, idx)).replace("$dest", _sql(str(dest)))
            .replace("$rowgroup", str(ROW_GROUP_SIZE)))


def stage_trade_csv(path: Path, staging: Path, *, hs_revision: str,
                    codes: Mapping[int, str]) -> tuple[TradeStats, tuple[TableLoad, ...]]:
    """Validate ``path`` completely while writing its rows to Parquet in ``staging`` in
    the stored layout (one file per year); return its statistics and the loads."""
    encoding, ncols, idx = _header(path)
    dest = staging / f"{path.stem}.parquet"
    con = _connect(staging)
    try:
        try:
            con.execute(copy_statement(path, dest, ncols=ncols, idx=idx,
                                       hs_revision=hs_revision, codes=codes))
        except duckdb.Error as exc:
            dest.unlink(missing_ok=True)
            locate_error(path, codes, encoding=encoding)
            raise InputError(f"cannot read the file: {_first_line(exc)}", file=path) from exc
        row = con.execute("SELECT count(*), sum(CAST(value_usd AS HUGEINT)), list(DISTINCT year "
                          "ORDER BY year) FROM read_parquet(?)", [str(dest)]).fetchone()
        assert row is not None
        rows, total, years = int(row[0]), row[1], [int(y) for y in row[2] or ()]
        if rows == 0:
            raise InputError("the file has a header but no data rows", file=path, line=2)
        dup = first_duplicate(dest)
        if dup is not None:
            locate_error(path, codes, encoding=encoding, duplicate=dup)
            raise InputError(f"duplicate key {dup}", file=path)
        loads = _split_years(con, dest, years, rows)
    finally:
        con.close()
    stats = TradeStats(rows=rows, value_usd=Decimal(int(total)), years=tuple(years))
    return stats, loads


def _split_years(con: duckdb.DuckDBPyConnection, dest: Path, years: list[int],
                 rows: int) -> tuple[TableLoad, ...]:
    """One load per year (a BACI file normally holds one year: no rewrite then)."""
    if len(years) == 1:
        return (TableLoad(table="trade", parquet=dest, rows=rows, year=years[0]),)
    loads = []
    for year in years:
        part = dest.with_name(f"{dest.stem}-{year}.parquet")
        con.execute(f"COPY (SELECT * FROM read_parquet('{_sql(str(dest))}') WHERE year = {year}) "
                    f"TO '{_sql(str(part))}' (FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
        n = con.execute("SELECT count(*) FROM read_parquet(?)", [str(part)]).fetchone()
        loads.append(TableLoad(table="trade", parquet=part, rows=int(n[0]) if n else 0, year=year))
    dest.unlink()
    return tuple(loads)


_KEY = ("year", "hs6", "importer", "exporter")


def first_duplicate(parquet: Path) -> tuple[int, str, str, str] | None:
    """The first (year, exporter, importer, hs6) key held twice in ``parquet``, whose rows
    are sorted by that key (so equal keys are neighbours); None if every key is unique.
    One streamed pass over four columns, no hash table."""
    prev: tuple[object, ...] | None = None
    for batch in pq.ParquetFile(parquet).iter_batches(batch_size=1 << 20, columns=list(_KEY)):
        cols = batch.columns
        n = batch.num_rows
        if n == 0:
            continue
        first = tuple(c[0].as_py() for c in cols)
        if first == prev:
            return _key(first)
        if n > 1:
            same = pc.equal(cols[0][1:], cols[0][:-1])
            for c in cols[1:]:
                same = pc.and_(same, pc.equal(c[1:], c[:-1]))
            if pc.any(same).as_py():
                at = pc.index(same, True).as_py()
                return _key(tuple(c[at].as_py() for c in cols))
        prev = tuple(c[n - 1].as_py() for c in cols)
    return None


def _key(values: tuple[object, ...]) -> tuple[int, str, str, str]:
    year, hs6, importer, exporter = values
    return int(str(year)), str(exporter), str(importer), str(hs6)


def _sql(text: str) -> str:
    return text.replace("'", "''")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
