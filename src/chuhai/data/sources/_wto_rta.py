"""WTO RTA database "AllRTAs" export (.xlsx or .csv) -> agreements + members.

* id ``WTO-RTA-<RTA ID>``; type from ``Type`` (``FTA & EIA`` -> ``FTA+EIA``); ``in_force``
  = entry into force for goods, else services. RTAs without a type or entry into force
  (early announcements) are skipped.
* Members from ``Current signatories`` (else ``Original signatories``): WTO member names
  resolved to ISO3; a party that is itself an RTA (``Eurasian Economic Union (EAEU)``,
  ``ASEAN Free Trade Area (AFTA)``...) expands to that RTA's members; ``European Union``
  to the EU-27. ``Specific Entry/Exit dates`` (``Armenia(02-Jan-2015 - )``) set a member's
  joined / left dates; ``01-Jan-9999`` (not yet in force for that party) drops the member.
  Inactive RTAs get ``left_on`` = ``Inactive Date`` for every member.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from chuhai.data.sources._country_codes import EU27, iso3_from_name
from chuhai.data.sources._country_common import Table, fail
from chuhai.data.sources._desta import DestaResult

__all__ = ["is_wto_rta", "wto_rta"]

_TYPES = {"FTA": "FTA", "CU": "CU", "PSA": "PSA", "EIA": "EIA", "FTA & EIA": "FTA+EIA",
          "CU & EIA": "CU+EIA", "PSA & EIA": "PSA+EIA"}
_HISTORIC_NAMES = {"netherlands antilles", "yugoslavia, socialist federal republic of"}
_EXCEL_EPOCH = date(1899, 12, 30)
_SPECIFIC = re.compile(r"\s*(.+?)\(([^()]*)\)\s*$")
_NEVER = date(9999, 1, 1)


def is_wto_rta(header: tuple[str, ...]) -> bool:
    return {"RTA ID", "RTA Name", "Type", "Current signatories"} <= set(header)


def _date(text: str, table: Table, line: int, fld: str) -> date | None:
    t = text.strip()
    if not t:
        return None
    try:
        if re.fullmatch(r"\d+(\.0)?", t):
            return _EXCEL_EPOCH + timedelta(days=int(float(t)))  # Excel serial day
        for fmt in ("%Y-%m-%d", "%d-%b-%Y", "%d-%b-%y", "%d/%m/%Y"):
            try:
                return datetime.strptime(t[:11] if fmt != "%Y-%m-%d" else t[:10], fmt).date()
            except ValueError:
                continue
    except OverflowError:
        pass
    fail(f"not a date: {t!r}", table.path, line, fld)


def _resolve(party: str, blocs: dict[str, list[str]], depth: int = 0) -> list[str] | None:
    """ISO3 codes of a party (a country, the EU, or another RTA); None if unknown."""
    name = party.strip()
    if name.casefold() in ("european union", "european union (eu)", "european communities"):
        return list(EU27)
    if name.casefold().startswith("netherlands, kingdom of, with respect to aruba"):
        return ["ABW"]
    iso = iso3_from_name(name)
    if iso is not None:
        return [iso]
    if name in blocs and depth < 3:
        out: list[str] = []
        for sub in blocs[name]:
            got = _resolve(sub, blocs, depth + 1)
            out.extend(got or [])
        return out
    return None


def _parties(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def wto_rta(table: Table) -> DestaResult:
    res = DestaResult()
    col = {c: table.need(c) for c in ("RTA ID", "RTA Name", "Type", "Status", "Current signatories",
                                      "Date of Entry into Force (G)")}
    opt = {c: table.col(c) for c in ("Original signatories", "Date of Entry into Force (S)",
                                     "Inactive Date", "Specific Entry/Exit dates")}

    def cell(row: tuple[str, ...], name: str) -> str:
        i = col.get(name, opt.get(name))
        return "" if i is None else row[i]

    blocs = {cell(r, "RTA Name").strip(): _parties(cell(r, "Current signatories") or
                                                   cell(r, "Original signatories"))
             for _, r in table.rows if cell(r, "Status").strip().lower().startswith("in force")}
    for line, row in table.rows:
        _one(res, table, line, row, cell, blocs)
    return res


def _one(res: DestaResult, table: Table, line: int, row: tuple[str, ...], cell: Any,
         blocs: dict[str, list[str]]) -> None:
    kind = cell(row, "Type").strip()
    in_force = (_date(cell(row, "Date of Entry into Force (G)"), table, line, "Date of Entry into Force (G)")
                or _date(cell(row, "Date of Entry into Force (S)"), table, line, "Date of Entry into Force (S)"))
    if not kind or in_force is None:
        res.skipped["early announcement / not in force"] += 1
        return
    if kind not in _TYPES:
        fail(f"unknown RTA type {kind!r} (expected {', '.join(_TYPES)})", table.path, line, "Type")
    rid = cell(row, "RTA ID").strip()
    if not rid:
        fail("empty RTA ID", table.path, line, "RTA ID")
    aid = f"WTO-RTA-{rid}"
    if aid in res.agreements:
        fail(f"duplicate RTA ID {rid}", table.path, line, "RTA ID")
    res.agreements[aid] = {"agreement_id": aid, "name": cell(row, "RTA Name").strip(),
                           "type": _TYPES[kind], "in_force": in_force, "source": "wto-rta"}
    inactive = _date(cell(row, "Inactive Date"), table, line, "Inactive Date")
    specific = _specific(cell(row, "Specific Entry/Exit dates"), table, line)
    parties = _parties(cell(row, "Current signatories") or cell(row, "Original signatories"))
    for party in parties:
        isos = _resolve(party, blocs)
        if isos is None:
            if party.casefold() in _HISTORIC_NAMES:
                res.skipped[f"historic party {party}"] += 1
                continue
            fail(f"cannot resolve party {party!r} to ISO3 or to another RTA", table.path, line,
                 "Current signatories")
        joined, left = specific.get(party, (in_force, None))
        joined = joined or in_force
        if joined == _NEVER:
            res.skipped["party not yet in force"] += 1
            continue
        for iso in isos:
            res.members[(aid, iso)] = {"agreement_id": aid, "iso3": iso, "joined": joined,
                                       "left_on": left or inactive}


def _specific(text: str, table: Table, line: int) -> dict[str, tuple[date | None, date | None]]:
    out: dict[str, tuple[date | None, date | None]] = {}
    for part in _parties(text):
        m = _SPECIFIC.match(part)
        if not m:
            fail(f"cannot read {part!r} (expected 'Name(dd-Mon-yyyy - dd-Mon-yyyy)')",
                 table.path, line, "Specific Entry/Exit dates")
        start, sep, end = f" {m.group(2)} ".partition(" - ")
        if not sep:
            fail(f"cannot read {part!r} (no ' - ' between entry and exit date)",
                 table.path, line, "Specific Entry/Exit dates")
        out[m.group(1).strip()] = (_date(start, table, line, "Specific Entry/Exit dates"),
                                   _date(end, table, line, "Specific Entry/Exit dates"))
    return out

