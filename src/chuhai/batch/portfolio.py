"""A portfolio file: one row per firm × product, from CSV (UTF-8 or GBK) or Excel (.xlsx).

Columns (English or Chinese headers, any order; only the first three are required)::

    firm        企业     the firm's name
    home        国家     home country: ISO3, ISO2, an English or Chinese name
    products    产品     HS codes (2, 4 or 6 digits, separated by , ; | or spaces) or a
                         product phrase in Chinese or English ("water meter", "水表")
    regions     地区     keep markets in these regions (codes, e.g. SSA ECA)
    agreements  协定     keep members of these agreements (e.g. RCEP)
    exclude     排除     markets to leave out (countries, as for home)

Every error names the file, the line (the header is line 1) and the column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from chuhai.data.codes import PRODUCT, ascii_digits
from chuhai.data.reference import resolve_country, search_products
from chuhai.errors import ChuhaiError, InputError

__all__ = ["COLUMNS", "MAX_ROWS", "Portfolio", "PortfolioRow", "load_portfolio", "parse_rows"]

#: Canonical column → the headers accepted for it (compared case- and space-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "firm": ("firm", "company", "name", "企业", "企业名称", "公司"),
    "home": ("home", "country", "home_country", "国家", "所在国"),
    "products": ("products", "product", "hs", "hs_codes", "产品", "hs编码"),
    "regions": ("regions", "region", "地区", "目标地区"),
    "agreements": ("agreements", "agreement", "协定"),
    "exclude": ("exclude", "excluded", "excluded_markets", "排除", "排除市场"),
}
REQUIRED = ("firm", "home", "products")
MAX_ROWS = 100_000
_SPLIT = re.compile(r"[,;|/，；、\s]+")


def _tokens(value: str) -> tuple[str, ...]:
    return tuple(t for t in _SPLIT.split(value.strip()) if t)


class PortfolioRow(BaseModel):
    """One validated row; ``products`` is the product spec a single scan takes
    (``"902820,848180"``), ``product_query`` the phrase it was found from, if any."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: int
    firm: str
    home: str
    products: str
    product_query: str | None = None
    regions: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @field_validator("firm")
    @classmethod
    def _firm(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("the firm's name is empty")
        return v

    @field_validator("home")
    @classmethod
    def _home(cls, v: str) -> str:
        return _country(v)

    @field_validator("exclude", mode="before")
    @classmethod
    def _exclude(cls, v: Any) -> tuple[str, ...]:
        return tuple(_country(t) for t in (_tokens(v) if isinstance(v, str) else v))

    @field_validator("regions", "agreements", mode="before")
    @classmethod
    def _codes(cls, v: Any) -> tuple[str, ...]:
        return tuple(t.upper() for t in (_tokens(v) if isinstance(v, str) else v))

    def key(self) -> str:
        """The row's content hash (its line left out: a row moved in the file is the same)."""
        body = self.model_dump(exclude={"line"})
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:24]


def _country(v: str) -> str:
    try:
        return resolve_country(v)
    except ChuhaiError as exc:
        raise ValueError(exc.message) from exc


def _products(raw: str) -> tuple[str, str | None]:
    """(product spec, phrase or None) of a products cell."""
    codes = _tokens(raw)
    if not codes:
        raise ValueError("no HS code or product phrase given")
    if all(ascii_digits(c) for c in codes):
        bad = [c for c in codes if not re.fullmatch(PRODUCT, c)]
        if bad:
            raise ValueError(f"{bad[0]!r} is not an HS code of 2, 4 or 6 digits")
        return ",".join(dict.fromkeys(codes)), None
    phrase = raw.strip()
    try:
        hits = search_products(phrase, limit=1)
    except ChuhaiError as exc:
        raise ValueError(exc.message) from exc
    if not hits:
        raise ValueError(f"no HS6 product matches {phrase!r}; give HS codes instead")
    return hits[0].hs6, phrase


@dataclass(frozen=True, slots=True)
class Portfolio:
    file: str
    sha256: str
    rows: tuple[PortfolioRow, ...]


def _header(cells: list[Any], file: str) -> list[str]:
    names = {a.replace(" ", "").casefold(): c for c, al in COLUMNS.items() for a in al}
    out = []
    for col, cell in enumerate(cells, 1):
        text = "" if cell is None else str(cell).strip().lstrip("\ufeff")
        key = names.get(text.replace(" ", "").casefold())
        if key is None:
            if not text:
                out.append("")
                continue
            raise InputError(f"unknown column {text!r} (column {col}); known: "
                             f"{', '.join(COLUMNS)}", file=file, line=1, field=text)
        if key in out:
            raise InputError(f"column {key!r} appears twice", file=file, line=1, field=text)
        out.append(key)
    missing = [c for c in REQUIRED if c not in out]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; a row may be just "
                         "firm,home,products", file=file, line=1, field=missing[0])
    return out


def _cell(value: Any) -> str:
    """A cell as text; an Excel number keeps an HS code's leading zero (10111 → 010111)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        return text.zfill(len(text) + len(text) % 2)
    return str(value).strip()


def parse_rows(records: Iterator[list[Any]], file: str) -> tuple[PortfolioRow, ...]:
    """Validate the header and rows of a sheet (first record = header)."""
    try:
        header = _header(next(records), file)
    except StopIteration:
        raise InputError("the portfolio is empty", file=file) from None
    rows: list[PortfolioRow] = []
    for line, record in enumerate(records, 2):
        cells = {h: _cell(v) for h, v in zip(header, record, strict=False) if h}
        if not any(cells.values()):
            continue  # a blank line
        if len(rows) >= MAX_ROWS:
            raise InputError(f"more than {MAX_ROWS} rows", file=file, line=line)
        rows.append(_row(cells, line, file))
    if not rows:
        raise InputError("the portfolio has a header but no rows", file=file, line=2)
    return tuple(rows)


def _row(cells: dict[str, str], line: int, file: str) -> PortfolioRow:
    try:
        spec, phrase = _products(cells.get("products", ""))
    except ValueError as exc:
        raise InputError(str(exc), file=file, line=line, field="products") from None
    data: dict[str, Any] = {k: v for k, v in cells.items() if k != "products"}
    try:
        return PortfolioRow(line=line, products=spec, product_query=phrase, **data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else None
        text = str(err["msg"]).removeprefix("Value error, ")
        raise InputError(text, file=file, line=line, field=field) from None


def _decode(data: bytes, file: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030 covers GBK and GB2312
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("the CSV is neither UTF-8 nor GBK/GB18030 text", file=file)


def _xlsx(path: Path) -> Iterator[list[Any]]:
    import openpyxl  # lazy: start-up speed (only Excel portfolios need it)

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(f"not a readable .xlsx workbook: {exc}", file=path) from exc
    try:
        for values in wb.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        wb.close()


def load_portfolio(path: str | Path) -> Portfolio:
    """Read and validate a portfolio (.csv, .xlsx)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the portfolio: {exc.strerror}", file=p) from exc
    digest = hashlib.sha256(data).hexdigest()
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        rows = parse_rows(_xlsx(p), str(p))
    elif data[:2] == b"PK":
        raise InputError("a workbook must end in .xlsx", file=p)
    else:
        rows = parse_rows(iter(csv.reader(io.StringIO(_decode(data, str(p))))), str(p))
    return Portfolio(file=str(p), sha256=digest, rows=rows)
