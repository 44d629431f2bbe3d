"""A portfolio file: one row per firm × product, from CSV (UTF-8 or GBK) or Excel (.xlsx).

Columns (English or Chinese headers, any order; only the first three are required)::

    firm        企业     the firm's name
    home        国家     home country: ISO3, ISO2, an English or Chinese name
    products    产品     HS codes (2, 4 or 6 digits, separated by , ; | or spaces) or a
                         product phrase in Chinese or English ("water meter", "水表")
    regions     地区     keep markets in these regions (codes, e.g. SSA ECA)
    agreements  协定     keep members of these agreements (e.g. RCEP)
    exclude     排除     markets to leave out (countries, as for home)
    scenario    情景     a scenario template for the entry plan: a TOML file named relative
                         to the portfolio, or a shipped example by name
                         (:mod:`chuhai.batch.scenarios`)

Every error names the file, the line (the header is line 1) and the column, and carries
its sentence as a message (:mod:`chuhai.batch.messages`), so it reads in zh or en.
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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from chuhai.batch import messages as msg
from chuhai.batch.scenarios import template_text
from chuhai.data.codes import PRODUCT, ascii_digits
from chuhai.data.reference import resolve_country, search_products
from chuhai.errors import ChuhaiError, InputError
from chuhai.messages import Message, render

__all__ = ["COLUMNS", "MAX_ROWS", "Portfolio", "PortfolioRow", "load_portfolio", "parse_rows"]

#: Canonical column → the headers accepted for it (compared case- and space-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "firm": ("firm", "company", "name", "企业", "企业名称", "公司"),
    "home": ("home", "country", "home_country", "国家", "所在国"),
    "products": ("products", "product", "hs", "hs_codes", "产品", "hs编码"),
    "regions": ("regions", "region", "地区", "目标地区"),
    "agreements": ("agreements", "agreement", "协定"),
    "exclude": ("exclude", "excluded", "excluded_markets", "排除", "排除市场"),
    "scenario": ("scenario", "template", "scenario_template", "情景", "情景模板", "模板"),
}
REQUIRED = ("firm", "home", "products")
MAX_ROWS = 100_000
_SPLIT = re.compile(r"[,;|/，；、\s]+")
#: regions and agreements: names may hold spaces ("Sub-Saharan Africa"), codes may be
#: separated by them ("SSA ECA")
_NAME_SPLIT = re.compile(r"[,;|/，；、]+")
_CODE = re.compile(r"^[A-Za-z]{2,6}$")


class CellError(ValueError):
    """A cell's value is refused; carries the sentence as a message."""

    def __init__(self, message: Message) -> None:
        super().__init__(render(message))
        self.msg = message


def _tokens(value: str) -> tuple[str, ...]:
    return tuple(t for t in _SPLIT.split(value.strip()) if t)


def _names(value: str) -> tuple[str, ...]:
    """Region or agreement names or codes: split on , ; | / (and on spaces between codes)."""
    out: list[str] = []
    for part in (p.strip() for p in _NAME_SPLIT.split(value)):
        words = part.split()
        if words and all(_CODE.match(w) and w.isupper() for w in words):
            out += words
        elif part:
            out.append(" ".join(words))
    return tuple(out)


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
    #: the scenario template as named in the cell, and its TOML text (validated on reading)
    scenario: str | None = None
    scenario_toml: str | None = Field(default=None, repr=False)

    @field_validator("firm")
    @classmethod
    def _firm(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise CellError(msg.PF_FIRM_EMPTY())
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
        return _names(v) if isinstance(v, str) else tuple(v)

    def key(self) -> str:
        """The row's content hash (its line left out: a row moved in the file is the same)."""
        body = self.model_dump(exclude={"line"})
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:24]


def _country(v: str) -> str:
    try:
        return resolve_country(v)
    except ChuhaiError as exc:
        if exc.msg is not None:
            raise CellError(exc.msg) from exc
        raise ValueError(exc.message) from exc


def _products(raw: str) -> tuple[str, str | None]:
    """(product spec, phrase or None) of a products cell."""
    codes = _tokens(raw)
    if not codes:
        raise CellError(msg.PF_NO_PRODUCT())
    if all(ascii_digits(c) for c in codes):
        bad = [c for c in codes if not re.fullmatch(PRODUCT, c)]
        if bad:
            raise CellError(msg.PF_BAD_HS(code=bad[0]))
        return ",".join(dict.fromkeys(codes)), None
    phrase = raw.strip()
    try:
        hits = search_products(phrase, limit=1)
    except ChuhaiError as exc:
        raise ValueError(exc.message) from exc
    if not hits:
        raise CellError(msg.PF_NO_MATCH(phrase=phrase))
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
            raise InputError(msg.PF_UNKNOWN_COLUMN(name=text, col=col, known=tuple(COLUMNS)),
                             file=file, line=1, field=text)
        if key in out:
            raise InputError(msg.PF_DUPLICATE_COLUMN(name=key), file=file, line=1, field=text)
        out.append(key)
    missing = [c for c in REQUIRED if c not in out]
    if missing:
        raise InputError(msg.PF_MISSING_COLUMNS(missing=tuple(missing)), file=file, line=1,
                         field=missing[0])
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


def parse_rows(records: Iterator[list[Any]], file: str,
               base: Path | None = None) -> tuple[PortfolioRow, ...]:
    """Validate the header and rows of a sheet (first record = header); a ``scenario``
    cell names a file in ``base`` or a shipped example (only an example when base is None)."""
    try:
        header = _header(next(records), file)
    except StopIteration:
        raise InputError(msg.PF_EMPTY(), file=file) from None
    rows: list[PortfolioRow] = []
    texts: dict[str, str] = {}  # scenario cell → its template's text, read once
    for line, record in enumerate(records, 2):
        cells = {h: _cell(v) for h, v in zip(header, record, strict=False) if h}
        if not any(cells.values()):
            continue  # a blank line
        if len(rows) >= MAX_ROWS:
            raise InputError(msg.PF_TOO_MANY(n=MAX_ROWS), file=file, line=line)
        rows.append(_row(cells, line, file, base, texts))
    if not rows:
        raise InputError(msg.PF_NO_ROWS(), file=file, line=2)
    return tuple(rows)


def _scenario(cell: str, line: int, file: str, base: Path | None,
              texts: dict[str, str]) -> str:
    if cell not in texts:
        try:
            texts[cell] = template_text(cell, base)
        except InputError as exc:
            raise InputError(exc.msg or exc.message, file=file, line=line,
                             field="scenario") from None
    return texts[cell]


def _row(cells: dict[str, str], line: int, file: str, base: Path | None,
         texts: dict[str, str]) -> PortfolioRow:
    try:
        spec, phrase = _products(cells.get("products", ""))
    except CellError as exc:
        raise InputError(exc.msg, file=file, line=line, field="products") from None
    except ValueError as exc:
        raise InputError(str(exc), file=file, line=line, field="products") from None
    data: dict[str, Any] = {k: v for k, v in cells.items() if k != "products"}
    if data.get("scenario"):
        data["scenario_toml"] = _scenario(data["scenario"], line, file, base, texts)
    else:
        data.pop("scenario", None)
    try:
        return PortfolioRow(line=line, products=spec, product_query=phrase, **data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else None
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, CellError):
            raise InputError(cause.msg, file=file, line=line, field=field) from None
        text = str(err["msg"]).removeprefix("Value error, ")
        raise InputError(text, file=file, line=line, field=field) from None


def _decode(data: bytes, file: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030 covers GBK and GB2312
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(msg.PF_ENCODING(), file=file)


def _xlsx(path: Path) -> Iterator[list[Any]]:
    import openpyxl  # lazy: start-up speed (only Excel portfolios need it)

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(msg.PF_NOT_XLSX(error=str(exc)), file=path) from exc
    try:
        for values in wb.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        wb.close()


def load_portfolio(path: str | Path, *, examples_only: bool = False) -> Portfolio:
    """Read and validate a portfolio (.csv, .xlsx). ``examples_only``: a ``scenario`` cell
    may name only a shipped example (an uploaded portfolio; no file beside it is read)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(msg.PF_READ(error=str(exc.strerror)), file=p) from exc
    digest = hashlib.sha256(data).hexdigest()
    base = None if examples_only else p.resolve().parent
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        rows = parse_rows(_xlsx(p), str(p), base)
    elif data[:2] == b"PK":
        raise InputError(msg.PF_XLSX_SUFFIX(), file=p)
    else:
        rows = parse_rows(iter(csv.reader(io.StringIO(_decode(data, str(p))))), str(p), base)
    return Portfolio(file=str(p), sha256=digest, rows=rows)
