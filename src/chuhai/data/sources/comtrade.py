"""UN Comtrade: Comtrade Plus CSV exports and API v1 JSON responses -> ``trade``.

* CSV ("Get data -> Download CSV" in Comtrade Plus, 47 columns, Windows-1252 or UTF-8,
  CRLF, optionally every field quoted with a trailing comma);
* JSON ``{"data": [ {...}, ... ]}`` from ``data/v1/get`` or ``public/v1/preview``
  (what :mod:`chuhai.data.sources.comtrade_api` saves).

Row rules (World rows, aggregates, flows, units) are in
:mod:`chuhai.data.sources._comtrade_rows`. A file with no HS6 partner row is an error
(e.g. an API answer for ``cmdCode=TOTAL``), and so is a repeated
(year, exporter, importer, hs6).

Scope for replacement: ``comtrade/<reporter>/<flow>/<HS revision>`` (several values
joined with ``+``), so a fresher download of the same reporter, flow and revision
replaces the years it covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from chuhai.data.sources._comtrade_rows import REQUIRED, TradeRow, Where, record_to_row
from chuhai.data.sources._csv import header_index, iter_rows, sniff_encoding
from chuhai.data.sources._json import load_json
from chuhai.data.staging import stage_arrow
from chuhai.data.warehouse import ImportBatch
from chuhai.errors import InputError

__all__ = ["NAME", "detect", "parse_file", "stage"]

NAME = "comtrade"
_CSV_MARKERS = (b"reportercode", b"partnercode", b"cmdcode", b"primaryvalue")


def detect(path: Path, head: bytes) -> bool:
    """Comtrade CSV by its header, Comtrade JSON by its ``data`` records."""
    low = head[:4096].lower()
    if head.lstrip().startswith(b"{"):
        return b'"data"' in low and b'"reportercode"' in low
    first = low.split(b"\n", 1)[0]
    return all(m in first for m in _CSV_MARKERS)


def _csv_records(path: Path) -> Iterator[tuple[Where, dict[str, str]]]:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
        encoding = sniff_encoding(data[:65536], path=path, candidates=("utf-8",))
    except UnicodeDecodeError:
        encoding = sniff_encoding(data[:65536], path=path, candidates=("cp1252",))
    rows = iter_rows(path, encoding=encoding)
    first = next(rows, None)
    if first is None:
        raise InputError("the file is empty", file=path, line=1)
    header = [h.strip().lstrip("\ufeff").lower() for h in first[1]]
    header_index(first[1], REQUIRED, file=path)
    named = len(header) - next((n for n, h in enumerate(reversed(header)) if h), 0)
    for line, row in rows:
        if len(row) < named:  # a trailing empty header column (Belize files) is optional
            raise InputError(f"expected {named} fields, found {len(row)}", file=path, line=line,
                             field=first[1][len(row)].strip())
        yield (str(path), line, ""), dict(zip(header, row, strict=False))


def _json_records(path: Path) -> Iterator[tuple[Where, dict[str, Any]]]:
    doc = load_json(path.read_bytes(), path)
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise InputError('not a Comtrade API answer: no "data" list', file=path, field="data")
    if doc.get("error"):
        raise InputError(f"the API answered with an error: {doc['error']}", file=path,
                         field="error")
    for n, rec in enumerate(doc["data"]):
        where: Where = (str(path), None, f"data[{n}].")
        if not isinstance(rec, dict):
            raise InputError("record is not an object", file=path, field=f"data[{n}]")
        low = {k.lower(): v for k, v in rec.items()}
        missing = [c for c in REQUIRED if c not in low]
        if missing:
            raise InputError(f"record lacks {missing[0]!r}", file=path,
                             field=f"data[{n}].{missing[0]}")
        yield where, low


def parse_file(path: Path, *, hs_revision: str | None = None) -> list[TradeRow]:
    """All kept rows of a Comtrade CSV or JSON file, validated; see the module docstring."""
    head = path.open("rb").read(4096)
    if not head.strip():
        raise InputError("the file is empty", file=path, line=1)
    records: Iterable[tuple[Where, dict[str, Any]]] = (
        _json_records(path) if head.lstrip().startswith(b"{") else _csv_records(path))
    out: list[TradeRow] = []
    seen: dict[tuple[int, str, str, str], str] = {}
    for where, rec in records:
        row = record_to_row(rec, where, hs_revision=hs_revision)
        if row is None:
            continue
        key = row[:4]
        here = f"line {where[1]}" if where[1] is not None else where[2].rstrip(".")
        if key in seen:
            raise InputError(f"duplicate flow {key} (first at {seen[key]})", file=path,
                             line=where[1], field=f"{where[2]}cmdCode" if where[2] else "CmdCode")
        seen[key] = here
        out.append(row)
    if not out:
        raise InputError("no HS 6-digit partner rows (World rows, aggregates such as TOTAL, and "
                         "re-exports are excluded); request HS6 codes by partner", file=path)
    return out


def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None,
          release: str | None) -> ImportBatch:
    """Validate ``path`` and stage its trade rows."""
    rows = parse_file(path, hs_revision=hs_revision)
    table = pa.table({
        "year": pa.array([r[0] for r in rows], pa.int16()),
        "exporter": [r[1] for r in rows], "importer": [r[2] for r in rows],
        "hs6": [r[3] for r in rows], "hs_revision": [r[4] for r in rows],
        "value_usd": pa.array([float(r[5]) for r in rows], pa.float64()),
        "quantity_t": pa.array([r[6] for r in rows], pa.float64()),
        "source": [NAME] * len(rows),
    })
    load = stage_arrow("trade", table, staging)
    reporters = "+".join(sorted({r[8] for r in rows}))
    flows = "+".join(sorted({r[7] for r in rows}))
    revisions = "+".join(sorted({r[4] for r in rows}))
    return ImportBatch(
        source=NAME, file=path.name, sha256=sha256,
        scope=f"comtrade/{reporters}/{flows}/{revisions}", loads=(load,), release=release,
        years=tuple(sorted({r[0] for r in rows})),
        value_usd=float(sum((r[5] for r in rows), Decimal(0))),
    )
