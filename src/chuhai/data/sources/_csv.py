"""Shared helpers for text/CSV sources: encodings, headers, rows with line numbers, numbers.

Every helper raises :class:`~chuhai.errors.InputError` naming file, line and field
(never a bare ``ValueError``/``UnicodeDecodeError``/``csv.Error``). Line numbers are
1-based physical lines of the file, the header being line 1.

API (reuse it in any source module)::

    head = read_head(path)                              # first 64 KiB, bytes
    enc = sniff_encoding(head, path=path, candidates=("utf-8", "cp1252"))
    for line, row in iter_rows(path, encoding=enc):     # row: list[str]; header is line 1
        ...
    idx = header_index(header, ("t", "i"), file=path, aliases={"t": ("year",)})
    v = parse_decimal("52.051", file=path, line=3, field="v")         # Decimal, >= 0
    q = parse_float("NA", file=path, line=3, field="q", missing=MISSING)  # None
    n = parse_int("156", file=path, line=3, field="i")

``sniff_encoding`` rejects UTF-16/32 and binary data (NUL bytes) with a clear
"wrong encoding" error and returns the first candidate that decodes ``head``;
``"utf-8"`` is returned as ``"utf-8-sig"`` so a BOM is dropped.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from chuhai.errors import InputError

__all__ = [
    "MISSING",
    "header_index",
    "iter_rows",
    "line_of_offset",
    "parse_decimal",
    "parse_float",
    "parse_int",
    "read_head",
    "sniff_encoding",
]

#: Cell texts read as "no value" by :func:`parse_float` / :func:`parse_decimal` when allowed.
MISSING = frozenset({"", "NA", "N/A", "NaN", "nan", "null", "NULL", ".", ".."})

_HEAD = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_head(path: Path, size: int = _HEAD) -> bytes:
    """The first ``size`` bytes of ``path``; InputError if the file is empty or unreadable."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(size)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=path) from exc
    if not head.strip():
        raise InputError("the file is empty", file=path, line=1)
    return head


def line_of_offset(data: bytes, offset: int) -> int:
    """1-based line number of byte ``offset`` in ``data``."""
    return data.count(b"\n", 0, offset) + 1


def sniff_encoding(head: bytes, *, path: Path, candidates: Sequence[str] = ("utf-8",)) -> str:
    """The first of ``candidates`` that decodes ``head`` (a truncated last character is
    tolerated); InputError naming the line of the first bad byte otherwise."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            raise InputError(f"wrong encoding: the file is {name}; save it as UTF-8 or the "
                             "source's original encoding", file=path, line=1)
    nul = head.find(b"\x00")
    if nul >= 0:
        raise InputError("wrong encoding or binary data (NUL byte); expected a text file",
                         file=path, line=line_of_offset(head, nul))
    error: UnicodeDecodeError | None = None
    for enc in candidates:
        try:
            codecs.getincrementaldecoder(enc)().decode(head, final=False)
        except UnicodeDecodeError as exc:
            error = error or exc
            continue
        return "utf-8-sig" if enc.lower().replace("_", "-") in ("utf-8", "utf8") else enc
    assert error is not None
    raise InputError(
        f"wrong encoding: byte 0x{head[error.start]:02x} is not valid {'/'.join(candidates)}",
        file=path, line=line_of_offset(head, error.start),
    )


def iter_rows(path: Path, *, encoding: str, delimiter: str = ",",
              start_line: int = 1) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, fields)`` for every non-blank record, header included (line 1).

    Decoding and CSV syntax errors become InputError with the line where they occur.
    """
    fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed in finally
    reader = csv.reader(fh, delimiter=delimiter, strict=True)
    line = start_line - 1
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise InputError(f"wrong encoding: not valid {encoding} ({exc.reason})",
                                 file=path, line=reader.line_num + 1) from exc
            except csv.Error as exc:
                raise InputError(f"malformed CSV: {exc}", file=path,
                                 line=reader.line_num) from exc
            line = reader.line_num
            if row and any(cell.strip() for cell in row):
                yield line, row
    finally:
        fh.close()


def header_index(
    header: Sequence[str],
    required: Sequence[str],
    *,
    file: Path,
    aliases: Mapping[str, Sequence[str]] | None = None,
    line: int = 1,
) -> dict[str, int]:
    """Map each required column (case-insensitive, BOM/space/quote-trimmed) to its index.

    ``aliases`` lists other accepted names per column. InputError names the first
    missing column as the field.
    """
    names = [h.strip().lstrip("\ufeff").strip().strip('"').lower() for h in header]
    out: dict[str, int] = {}
    for col in required:
        options = (col, *(aliases or {}).get(col, ()))
        found = next((names.index(o.lower()) for o in options if o.lower() in names), None)
        if found is None:
            raise InputError(
                f"missing column {col!r}; the header has {', '.join(repr(n) for n in names if n)}",
                file=file, line=line, field=col,
            )
        out[col] = found
    return out


def parse_decimal(text: str, *, file: str | Path, line: int | None, field: str,
                  missing: frozenset[str] | None = None,
                  allow_negative: bool = False) -> Decimal | None:
    """An exact decimal from ``text``; None if ``text`` (stripped) is in ``missing``."""
    s = text.strip()
    if missing is not None and s in missing:
        return None
    try:
        value = Decimal(s)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise InputError(f"not a number: {text!r}", file=file, line=line, field=field)
    if value < 0 and not allow_negative:
        raise InputError(f"negative value {text.strip()!r}", file=file, line=line, field=field)
    return value


def parse_float(text: str, *, file: str | Path, line: int | None, field: str,
                missing: frozenset[str] | None = None, allow_negative: bool = False) -> float | None:
    """A float from ``text`` with :func:`parse_decimal`'s rules."""
    value = parse_decimal(text, file=file, line=line, field=field, missing=missing,
                          allow_negative=allow_negative)
    return None if value is None else float(value)


def parse_int(text: str, *, file: str | Path, line: int | None, field: str) -> int:
    """A non-negative integer written with digits only."""
    s = text.strip()
    if not s.isdigit() or not s.isascii():
        raise InputError(f"not a whole number: {text!r}", file=file, line=line, field=field)
    return int(s)

