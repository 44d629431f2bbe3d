"""The World Bank WDI file layouts, parsed into ``(iso3, year, wdi_code, value, line)`` records.

* API JSON: ``[{"page": ..}, [{"indicator": {"id"}, "countryiso3code", "country", "date", "value"}]]``
* wide bulk CSV (data.worldbank.org download, with or without its 4 metadata rows, and
  DataBank exports with ``2020 [YR2020]`` columns): one row per country and indicator;
* long CSV: a country column, a year column and either ``Value`` (indicator from the
  file name or an option), columns named by WDI code (``NY.GDP.PCAP.KD``) or by a chuhai
  alias (``gdp_growth``);
* name-only files (no code column): names resolved to ISO3; aggregates skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chuhai.data.sources._country_common import (
    MISSING,
    CountryCodes,
    Table,
    decode,
    fail,
    number,
    year_of,
)

__all__ = ["ALIASES", "INDICATORS", "Record", "indicator_from_name", "json_records", "table_records"]

#: WDI code -> (chuhai indicator, factor applied to the WDI value).
INDICATORS: dict[str, tuple[str, float]] = {
    "NY.GDP.MKTP.CD": ("gdp_usd", 1.0),
    "NY.GDP.MKTP.KD.ZG": ("gdp_growth", 0.01),  # percent -> fraction
    "SP.POP.TOTL": ("population", 1.0),
    "SP.POP.GROW": ("population_growth", 0.01),  # percent -> fraction
    "NY.GDP.PCAP.KD": ("gdp_per_capita_usd", 1.0),  # constant 2015 USD
    "NY.GDP.PCAP.CD": ("gdp_per_capita_usd", 1.0),  # current USD
    "PA.NUS.FCRF": ("fx_lcu_per_usd", 1.0),
}

#: File-name / column aliases -> WDI code. A file name or header matches an alias only
#: as a whole (``gdp_growth.csv``, column ``population``), never as a substring: a file
#: named ``NY.GDP.PCAP.KD.csv`` once landed under ``gdp_usd`` because it contains "gdp".
ALIASES: dict[str, str] = {
    "population_growth": "SP.POP.GROW",
    "gdp_per_capita": "NY.GDP.PCAP.KD",
    "exchange_rate": "PA.NUS.FCRF",
    "gdp_growth": "NY.GDP.MKTP.KD.ZG",
    "population": "SP.POP.TOTL",
    "gdp": "NY.GDP.MKTP.CD",
}

#: A WDI-style code (``SP.POP.TOTL``, ``NY.GDP.MKTP.KD.ZG``) standing alone in a name:
#: not glued to other letters, digits or dots (``API_SP.POP.TOTL_DS2`` has it).
_CODE_RE = re.compile(r"(?<![A-Z0-9.])([A-Z]{2}\.[A-Z0-9]{2,5}(?:\.[A-Z0-9]{2,5}){1,3})(?![A-Z0-9.])")
#: File-name endings dropped before a name is read (``SP.POP.GROW.csv`` -> ``SP.POP.GROW``).
_SUFFIXES = (".csv", ".json", ".txt", ".tsv", ".gz", ".zip")
_YEAR_COL = re.compile(r"^(\d{4})(?: \[YR\d{4}\])?$")
_CODE_COLS = ("Country Code", "country_code", "countryiso3code", "economy", "iso3c", "iso3",
              "iso_code", "ISO3", "Code")
_NAME_COLS = ("Country Name", "country", "countryname", "Country", "Economy")
_IND_COLS = ("Indicator Code", "Series Code", "indicator_code", "indicatorID", "indicator")
_YEAR_COLS = ("Year", "date", "time")


@dataclass(frozen=True, slots=True)
class Record:
    iso3: str
    year: int
    code: str
    value: float
    line: int


def indicator_from_name(text: str) -> str | None:
    """The WDI code a file name or header names, if any.

    The name (file endings dropped) either holds exactly one WDI-style code, returned as
    it is, known or not (the caller refuses unknown ones with the list of known codes),
    or equals a chuhai alias as a whole. Anything else names no indicator: ``None``.
    """
    stem = text.strip()
    while stem.lower().endswith(_SUFFIXES):
        stem = stem[: stem.rindex(".")]
    found = set(_CODE_RE.findall(stem.upper()))
    if len(found) == 1:
        return found.pop()
    if found:  # two codes in one name: say neither
        return None
    return ALIASES.get(stem.lower().replace("-", "_").replace(" ", "_"))


def _check_code(code: str, path: Path, line: int | None, fld: str) -> str:
    if code not in INDICATORS:
        fail(f"WDI indicator {code!r} is not one chuhai stores (known: {', '.join(INDICATORS)})",
             path, line, fld)
    return code


# -- API JSON ----------------------------------------------------------------------------
def json_records(path: Path, raw: bytes, codes: CountryCodes) -> Iterator[Record]:
    try:
        doc = json.loads(decode(path, raw, ("utf-8-sig",)))
    except json.JSONDecodeError as exc:
        fail(f"invalid JSON: {exc.msg}", path, exc.lineno)
    if not isinstance(doc, list) or not doc or not isinstance(doc[0], dict):
        fail("not a World Bank API response ([{page...}, [records]])", path, 1)
    if "message" in doc[0]:
        fail(f"the file is a World Bank API error: {json.dumps(doc[0]['message'])[:200]}", path, 1)
    records = doc[1] if len(doc) > 1 and isinstance(doc[1], list) else []
    for i, rec in enumerate(records):
        where = f"[1][{i}]"
        if not isinstance(rec, dict):
            fail("record is not an object", path, None, where)
        yield from _json_record(path, rec, where, codes)


def _json_record(path: Path, rec: dict[str, Any], where: str, codes: CountryCodes) -> Iterator[Record]:
    try:
        code = str(rec["indicator"]["id"])
        iso_text = str(rec.get("countryiso3code") or "")
        name = str((rec.get("country") or {}).get("value") or "")
        date, value = str(rec["date"]), rec["value"]
    except (KeyError, TypeError) as exc:
        fail(f"record lacks {exc}", path, None, where)
    _check_code(code, path, None, f"{where}.indicator.id")
    iso = codes.code(iso_text, 0, f"{where}.countryiso3code") if iso_text else (
        codes.name(name, 0, f"{where}.country.value"))
    if iso is None or value is None:
        return
    if not isinstance(value, int | float) or isinstance(value, bool):
        fail(f"not a number: {value!r}", path, None, f"{where}.value")
    yield Record(iso, year_of(date, path, 0, f"{where}.date"), code, float(value), 0)


# -- CSV ------------------------------------------------------------------------------
def table_records(table: Table, codes: CountryCodes, indicator: str | None) -> Iterator[Record]:
    """Records of any CSV layout; ``indicator`` is the WDI code for a plain Value column."""
    path = table.path
    code_col, name_col = table.col(*_CODE_COLS), table.col(*_NAME_COLS)
    if code_col is None and name_col is None:
        fail("no country column (Country Code / Country Name / country / economy)",
             path, table.header_line, "Country Code")
    year_cols = {i: int(m.group(1)) for i, h in enumerate(table.header)
                 if (m := _YEAR_COL.match(h.strip()))}
    ind_col = table.col(*_IND_COLS)
    if year_cols:
        yield from _wide(table, codes, code_col, name_col, ind_col, year_cols, indicator)
        return
    year_col = table.col(*_YEAR_COLS)
    time_cols = [i for i, h in enumerate(table.header) if h.endswith(":T")]
    if year_col is None and not time_cols:
        fail("no year column (Year / date / <code>:T) and no year columns", path,
             table.header_line, "Year")
    value_cols = _value_columns(table, indicator if ind_col is None else "row")
    for line, row in table.rows:
        found = []
        for col, code in value_cols:
            value = number(row[col], path, line, table.header[col])
            if value is None:
                continue
            if ind_col is not None:  # long layout with the code on each row
                code = _check_code(row[ind_col].strip(), path, line, table.header[ind_col])
            ycol = year_col if year_col is not None else table.col(f"{table.header[col]}:T")
            if ycol is None:
                fail(f"no year column for {table.header[col]}", path, table.header_line, "Year")
            found.append((code, year_of(row[ycol], path, line, table.header[ycol]), value))
        # rows without any value carry nothing: their country is not looked up
        iso = _country(row, line, table, codes, code_col, name_col) if found else None
        if iso is not None:
            yield from (Record(iso, year, code, value, line) for code, year, value in found)


def _value_columns(table: Table, indicator: str | None) -> list[tuple[int, str]]:
    by_code = [(i, h) for i, h in enumerate(table.header) if h in INDICATORS]
    if by_code:
        return by_code
    by_alias = [(i, ALIASES[h.strip().lower()]) for i, h in enumerate(table.header)
                if h.strip().lower() in ALIASES]
    if by_alias:
        return by_alias
    col = table.col("Value")
    if col is None:
        fail("no value column (Value, a WDI code such as NY.GDP.MKTP.CD, or gdp/population/...)",
             table.path, table.header_line, "Value")
    if indicator == "row":
        return [(col, "row")]
    code = indicator or indicator_from_name(table.path.name)
    if code is None:
        fail("the file does not say which WDI indicator it holds: name the file after the "
             "code (e.g. NY.GDP.MKTP.CD.csv) or pass indicator=", table.path, table.header_line,
             "Value")
    return [(col, _check_code(code, table.path, None, "indicator"))]


def _country(row: tuple[str, ...], line: int, table: Table, codes: CountryCodes,
             code_col: int | None, name_col: int | None) -> str | None:
    if code_col is not None and row[code_col].strip() not in MISSING:
        return codes.code(row[code_col], line, table.header[code_col])
    if name_col is not None:
        return codes.name(row[name_col], line, table.header[name_col])
    assert code_col is not None
    fail("empty country code", table.path, line, table.header[code_col])


def _wide(table: Table, codes: CountryCodes, code_col: int | None, name_col: int | None,
          ind_col: int | None, year_cols: dict[int, int], indicator: str | None) -> Iterator[Record]:
    fixed = indicator or indicator_from_name(table.path.name)
    if ind_col is None and fixed is None:
        fail("wide layout without an Indicator Code column; name the file after the WDI code "
             "or pass indicator=", table.path, table.header_line, "Indicator Code")
    for line, row in table.rows:
        if ind_col is not None:
            code = _check_code(row[ind_col].strip(), table.path, line, table.header[ind_col])
        else:
            assert fixed is not None
            code = _check_code(fixed, table.path, None, "indicator")
        found = [(year, value) for col, year in year_cols.items()
                 if (value := number(row[col], table.path, line, table.header[col])) is not None]
        iso = _country(row, line, table, codes, code_col, name_col) if found else None
        if iso is not None:
            yield from (Record(iso, year, code, value, line) for year, value in found)
