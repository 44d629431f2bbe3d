"""The slow path of the BACI trade reader: Python's csv module and the same rules as the
fast path, used only to name the line and field of the first bad cell (or duplicate key)
once the fast path has rejected a file. Property tests keep the two paths equivalent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from chuhai.data.bounds import FIRST_YEAR, RANGES, last_year, year_ok
from chuhai.data.sources._csv import header_index, iter_rows, parse_decimal
from chuhai.errors import InputError

__all__ = ["COLUMNS", "MAX_TONNES", "MAX_USD", "Q_MISSING", "check_row", "locate_error"]

COLUMNS = ("t", "i", "j", "k", "v", "q")
#: The declared ranges of a flow's value (US$) and quantity (tonnes), see chuhai.data.bounds.
MAX_USD = RANGES[("trade", "value_usd")].hi
MAX_TONNES = RANGES[("trade", "quantity_t")].hi
Q_MISSING = frozenset({"", "NA"})


def check_row(path: Path, line: int, row: Sequence[str], idx: Mapping[str, int],
              codes: Mapping[int, str]) -> tuple[int, str, str, str]:
    """Validate one data row with the fast path's rules; return its key (t, exporter,
    importer, hs6) with ISO3 codes."""
    if len(row) <= max(idx.values()):
        raise InputError(f"expected {len(COLUMNS)} fields, found {len(row)}", file=path, line=line)
    t = row[idx["t"]]
    if not (t.isascii() and t.isdigit() and len(t) == 4):
        raise InputError(f"not a year: {t[:40]!r}", file=path, line=line, field="t")
    if not year_ok(int(t)):
        raise InputError(f"year {t} is outside {FIRST_YEAR}..{last_year()}", file=path, line=line,
                         field="t")
    iso = []
    for col in ("i", "j"):
        raw = row[idx[col]]
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 6):
            raise InputError(f"not a numeric country code: {raw!r}", file=path, line=line, field=col)
        if raw != str(int(raw)) or int(raw) not in codes:
            raise InputError(f"unknown country code {raw}", file=path, line=line, field=col)
        iso.append(codes[int(raw)])
    k = row[idx["k"]]
    if not (k.isascii() and k.isdigit() and len(k) <= 6):
        raise InputError(f"not an HS6 code: {k!r}", file=path, line=line, field="k")
    v = parse_decimal(row[idx["v"]], file=path, line=line, field="v")
    if v is not None and v * 1000 > MAX_USD:
        raise InputError(f"{v} thousand US$ is more than one flow can be ({MAX_USD:g} US$)",
                         file=path, line=line, field="v")
    q = parse_decimal(row[idx["q"]], file=path, line=line, field="q", missing=Q_MISSING)
    if q is not None and q > MAX_TONNES:
        raise InputError(f"{q} tonnes is more than one flow can be ({MAX_TONNES:g} t)",
                         file=path, line=line, field="q")
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
