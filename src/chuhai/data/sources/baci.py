"""CEPII BACI: yearly trade CSVs, release zips and product dictionaries.

Accepted inputs (detected from the name and the first bytes):

* a yearly CSV ``BACI_HS22_Y2023_V202501.csv`` (or any name with the header
  ``t,i,j,k,v,q``; then ``--hs-revision`` is required and ``--release`` optional);
* a release zip ``BACI_HS22_V202501.zip`` holding yearly CSVs plus
  ``country_codes_V202501.csv`` and ``product_codes_HS22_V202501.csv``;
* a product dictionary ``product_codes_HS22_V202501.csv`` (``code,description``) ->
  the ``products`` table.

HS revision and release come from the file names (``HSnn``, ``Vyyyymm``), else from
the flags; a flag that contradicts the name is an error. Country codes are mapped
with the release's own dictionary when the zip has one, else with
:func:`~chuhai.data.sources._baci_dict.builtin_country_codes`.

Scope for replacement: ``baci/<HS revision>`` (trade) and ``baci-products/<HS
revision>`` (a dictionary alone), so a newer release replaces the years it covers.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TypeVar

import duckdb
import pyarrow as pa

from chuhai.data.codes import HS_REVISIONS
from chuhai.data.overlap import first_shared_key
from chuhai.data.sources._baci_dict import (
    builtin_country_codes,
    is_country_header,
    is_product_header,
    read_country_codes,
    read_product_codes,
)
from chuhai.data.sources._baci_trade import COLUMNS, TradeStats, stage_trade_csv
from chuhai.data.sources._zip import extract_member, is_zip, open_zip, safe_members
from chuhai.data.staging import stage_arrow
from chuhai.data.warehouse import ImportBatch, TableLoad, file_sha256
from chuhai.errors import InputError

__all__ = ["NAME", "detect", "names_from_file", "stage"]

NAME = "baci"
#: ``stage`` takes ``sha256=None`` and hashes a trade CSV while parsing it (one pass).
HASHES_WHILE_READING = True
_HS = r"(HS\d\d)"
_TRADE_RE = re.compile(rf"BACI_{_HS}_Y(\d{{4}})_V(\d{{6}})", re.I)
_ZIP_RE = re.compile(rf"BACI_{_HS}_V(\d{{6}})", re.I)
_PRODUCT_RE = re.compile(rf"product_codes(?:_{_HS})?(?:_V(\d{{6}}))?", re.I)
_COUNTRY_RE = re.compile(r"country_codes(?:_V(\d{6}))?", re.I)


def names_from_file(name: str) -> tuple[str | None, str | None]:
    """``(hs_revision, release)`` read from a BACI file name, each None if absent."""
    for rx, rev_group, rel_group in ((_TRADE_RE, 1, 3), (_ZIP_RE, 1, 2), (_PRODUCT_RE, 1, 2)):
        m = rx.search(name)
        if m:
            rev, rel = m.group(rev_group), m.group(rel_group)
            return (rev.upper() if rev else None), rel
    m = _COUNTRY_RE.search(name)
    return None, (m.group(1) if m else None)


def _first_line(head: bytes) -> str:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text.splitlines()[0] if text.strip() else ""


def _is_trade_header(line: str) -> bool:
    return [c.strip().strip('"').lower() for c in line.split(",")] == list(COLUMNS)


def detect(path: Path, head: bytes) -> bool:
    """BACI zip by name, BACI trade CSV by header, BACI dictionaries by name + header."""
    if is_zip(head):
        return bool(_ZIP_RE.search(path.name) or _TRADE_RE.search(path.name))
    line = _first_line(head)
    if _is_trade_header(line) or _TRADE_RE.search(path.name):
        return True
    if _PRODUCT_RE.search(path.name) and is_product_header(line):
        return True
    return bool(_COUNTRY_RE.search(path.name) and is_country_header(line))


def _resolve(path: Path, name: str, hs_revision: str | None,
             release: str | None) -> tuple[str, str | None]:
    rev, rel = names_from_file(name)
    if hs_revision and rev and hs_revision.upper() != rev:
        raise InputError(f"--hs-revision {hs_revision} contradicts the file name ({rev})",
                         file=path, field="hs_revision")
    if release and rel and release != rel:
        raise InputError(f"--release {release} contradicts the file name (V{rel})",
                         file=path, field="release")
    rev = rev or (hs_revision.upper() if hs_revision else None)
    if rev is None:
        raise InputError("cannot tell the HS revision from the file name; pass --hs-revision "
                         f"({'|'.join(HS_REVISIONS)})", file=path, field="hs_revision")
    return rev, rel or release


def stage(path: Path, staging: Path, *, sha256: str | None, hs_revision: str | None,
          release: str | None) -> ImportBatch:
    """Validate ``path`` and stage its rows; see the module docstring. ``sha256`` None:
    the file's hash is computed here (for a trade CSV, while it is parsed)."""
    with path.open("rb") as fh:
        head = fh.read(64 * 1024)
    if not head.strip():
        raise InputError("the file is empty", file=path, line=1)
    if is_zip(head):
        return _stage_zip(path, staging, sha256=sha256 or file_sha256(path),
                          hs_revision=hs_revision, release=release)
    line = _first_line(head)
    if _PRODUCT_RE.search(path.name) and is_product_header(line):
        rev, rel = _resolve(path, path.name, hs_revision, release)
        load = _products_load(path, staging, rev, "products")
        return ImportBatch(source=NAME, file=path.name, sha256=sha256 or file_sha256(path),
                           scope=f"baci-products/{rev}", loads=(load,), release=rel)
    if _COUNTRY_RE.search(path.name) and is_country_header(line):
        read_country_codes(path)  # validates it
        raise InputError(
            "a BACI country dictionary is not imported on its own: chuhai reads it from the "
            "release zip, and maps codes with its built-in table otherwise (countries come "
            "from the reference data)", file=path)
    rev, rel = _resolve(path, path.name, hs_revision, release)
    stats, loads = stage_trade_csv(path, staging, hs_revision=rev, codes=builtin_country_codes())
    return ImportBatch(
        source=NAME, file=path.name, sha256=sha256 or stats.sha256, scope=f"baci/{rev}", loads=loads,
        release=rel, years=stats.years, value_usd=float(stats.value_usd),
    )


def _products_load(path: Path, staging: Path, rev: str, name: str) -> TableLoad:
    rows = read_product_codes(path)
    table = pa.table({
        "hs6": [r[0] for r in rows], "hs_revision": [rev] * len(rows),
        "description": [r[1] for r in rows], "source": [NAME] * len(rows),
    })
    return stage_arrow("products", table, staging, name=name)


def _renamed(exc: InputError, file: str) -> InputError:
    """``exc`` naming ``file`` (the archive member) instead of the extracted copy."""
    where = [exc.file or ""]
    if exc.line is not None:
        where.append(f"line {exc.line}")
    if exc.field is not None:
        where.append(f"field {exc.field!r}")
    prefix = ", ".join(where) + ": "
    message = exc.message.removeprefix(prefix)
    return InputError(message, file=file, line=exc.line, field=exc.field)


_T = TypeVar("_T")


def _stage_year(csv_path: Path, *, hs_revision: str,
                codes: dict[int, str]) -> tuple[TradeStats, tuple[TableLoad, ...]]:
    return stage_trade_csv(csv_path, csv_path.parent, hs_revision=hs_revision, codes=codes)


def _with_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, staging: Path, path: Path,
                 read: Callable[[Path], _T], name: str | None = None) -> _T:
    """Extract ``info`` and ``read`` it; errors name ``archive!member``. The copy is
    removed afterwards."""
    extracted = extract_member(zf, info, staging, path=path, name=name)
    try:
        return read(extracted)
    except InputError as exc:
        raise _renamed(exc, f"{path}!{info.filename}") from exc
    finally:
        extracted.unlink(missing_ok=True)


def _refuse_repeats(path: Path, member: str, loads: tuple[TableLoad, ...],
                    earlier: list[tuple[str, tuple[TableLoad, ...]]]) -> None:
    """InputError if ``member`` repeats a (year, exporter, importer, hs6) key of an earlier
    member of the zip (e.g. a copied ``... (1).csv``): the two would be summed."""
    years = {ld.year for ld in loads}
    for other, other_loads in earlier:
        old = [str(ld.parquet) for ld in other_loads if ld.year in years]
        if not old:
            continue
        with duckdb.connect() as con:
            hit = first_shared_key(con, [str(ld.parquet) for ld in loads], old)
        if hit is not None:
            n, key = hit
            raise InputError(
                f"{n:,} rows repeat (year, exporter, importer, hs6) keys of member {other}, "
                f"first {key[:4]}: the zip holds the same flows twice (a copied file?) and "
                "they would be counted twice; remove one of the members",
                file=f"{path}!{member}", field="t,i,j,k", duplicate_of=f"{path}!{other}")


def _stage_zip(path: Path, staging: Path, *, sha256: str, hs_revision: str | None,
               release: str | None) -> ImportBatch:
    rev, rel = _resolve(path, path.name, hs_revision, release)
    with open_zip(path) as zf:
        members = safe_members(zf, path=path)

        def find(rx: re.Pattern[str]) -> list[zipfile.ZipInfo]:
            return sorted((m for m in members if rx.search(Path(m.filename).name)),
                          key=lambda m: m.filename)

        trade = find(_TRADE_RE)
        if not trade:
            raise InputError("no BACI_HS??_Y????_V??????.csv file in the zip", file=path)
        codes = builtin_country_codes()
        for info in find(_COUNTRY_RE)[:1]:
            codes = {**codes, **_with_member(zf, info, staging, path, read_country_codes)}
        loads = [_with_member(zf, info, staging, path,
                              lambda p: _products_load(p, staging, rev, "products"))
                 for info in find(_PRODUCT_RE)[:1]]
        total, years = Decimal(0), set[int]()
        by_member: list[tuple[str, tuple[TableLoad, ...]]] = []
        for n, info in enumerate(trade):
            member_rev, _ = names_from_file(Path(info.filename).name)
            if member_rev and member_rev != rev:
                raise InputError(f"member is {member_rev}, the zip is {rev}",
                                 file=f"{path}!{info.filename}", field="hs_revision")
            stats, year_loads = _with_member(zf, info, staging, path, partial(
                _stage_year, hs_revision=rev, codes=codes), name=f"trade-{n}.csv")
            _refuse_repeats(path, info.filename, year_loads, by_member)
            by_member.append((info.filename, year_loads))
            loads.extend(year_loads)
            total += stats.value_usd
            years.update(stats.years)
    return ImportBatch(source=NAME, file=path.name, sha256=sha256, scope=f"baci/{rev}",
                       loads=tuple(loads), release=rel, years=tuple(sorted(years)),
                       value_usd=float(total))
