"""DESTA (Design of Trade Agreements) treaty list and dyads -> agreements + members.

One agreement per ``base_treaty`` (id ``DESTA-<base_treaty>``, name of the base treaty,
type ``PTA``: DESTA's list does not classify FTA/CU). DESTA gives years only, so dates are
1 January of ``entryforceyear``; a treaty without one is stored with ``in_force`` NULL
(signed, not in force). Treaties only under negotiation are skipped.

Members (treaty list): ``c1..cN`` are ISO numeric codes; ``mcK`` says what the entry does
to member K (0 original, 1 joins / leaves, 2 unchanged). Base and accession rows add
members (joined = the row's in-force year); withdrawal rows set ``left_on``.
Members (dyads): every country in a base / accession / consolidated row, joined at the
earliest in-force year it appears with.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chuhai.data.codes import ascii_digits
from chuhai.data.sources._country_codes import iso3_from_numeric
from chuhai.data.sources._country_common import Table, fail, number

__all__ = ["DestaResult", "desta_dyads", "desta_list", "is_desta_dyads", "is_desta_list"]

_JOINING = ("base_treaty", "accession", "consolidated", "protocol or amendment")
_HISTORIC_NUMERIC = {"200", "278", "280", "530", "720", "810", "886", "890", "891", "230", "736"}


@dataclass
class DestaResult:
    agreements: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)


def is_desta_list(header: tuple[str, ...]) -> bool:
    return {"number", "base_treaty", "entry_type", "c1"} <= set(header)


def is_desta_dyads(header: tuple[str, ...]) -> bool:
    return {"iso1", "iso2", "number", "base_treaty", "entry_type"} <= set(header)


def _year(table: Table, row: tuple[str, ...], line: int, col: str) -> date | None:
    i = table.col(col)
    if i is None:
        return None
    value = number(row[i], table.path, line, col, negative=False)
    if value is None:
        return None
    if not 1940 <= value <= 2100:
        fail(f"year {row[i]!r} is out of range", table.path, line, col)
    return date(int(value), 1, 1)


def _iso(res: DestaResult, text: str, table: Table, line: int, fld: str) -> str | None:
    t = text.strip()
    iso = iso3_from_numeric(t)
    if iso is None:
        if t in _HISTORIC_NUMERIC:
            res.skipped[f"historic country {t}"] += 1
            return None
        fail(f"unknown ISO numeric country code {t!r}", table.path, line, fld)
    return iso


def _agreement(res: DestaResult, table: Table, row: tuple[str, ...], line: int) -> str | None:
    base = row[table.need("base_treaty")].strip()
    entry = row[table.need("entry_type")].strip()
    if not base:
        fail("empty base_treaty", table.path, line, "base_treaty")
    aid = f"DESTA-{base}"
    if entry == "negotiation":
        res.skipped["under negotiation"] += 1
        return None
    in_force = _year(table, row, line, "entryforceyear")
    if entry == "base_treaty" and aid not in res.agreements:
        res.agreements[aid] = {"agreement_id": aid, "name": row[table.need("name")].strip(),
                               "type": "PTA", "in_force": in_force, "source": "desta"}
    return aid


def _join(res: DestaResult, aid: str, iso: str, when: date | None) -> None:
    cur = res.members.get((aid, iso))
    if cur is None:
        res.members[(aid, iso)] = {"agreement_id": aid, "iso3": iso, "joined": when, "left_on": None}
    elif when is not None and (cur["joined"] is None or when < cur["joined"]):
        cur["joined"] = when


def desta_list(table: Table) -> DestaResult:
    res = DestaResult()
    c_entry = table.need("entry_type")
    ccols = [(i, h, table.col("m" + h)) for i, h in enumerate(table.header)
             if h[:1] == "c" and ascii_digits(h[1:])]
    rows = sorted(table.rows, key=lambda lr: (_year(table, lr[1], lr[0], "entryforceyear")
                                               or date(9999, 1, 1), lr[0]))
    for line, row in rows:
        aid = _agreement(res, table, row, line)
        if aid is None:
            continue
        entry, when = row[c_entry].strip(), _year(table, row, line, "entryforceyear")
        for i, h, mc in ccols:
            if not row[i].strip():
                continue
            iso = _iso(res, row[i], table, line, h)
            flag = row[mc].strip() if mc is not None else ""
            if iso is None:
                continue
            if entry == "withdrawal":
                if flag == "1" and (aid, iso) in res.members:
                    res.members[(aid, iso)]["left_on"] = when or _year(table, row, line, "year")
            elif entry in _JOINING:
                _join(res, aid, iso, when)
    _drop_orphans(res)
    return res


def desta_dyads(table: Table) -> DestaResult:
    res = DestaResult()
    c_entry = table.need("entry_type")
    c1, c2 = table.need("iso1"), table.need("iso2")
    for line, row in table.rows:
        aid = _agreement(res, table, row, line)
        if aid is None or row[c_entry].strip() not in _JOINING:
            continue
        when = _year(table, row, line, "entryforceyear")
        for col, fld in ((c1, "iso1"), (c2, "iso2")):
            iso = _iso(res, row[col], table, line, fld)
            if iso is not None:
                _join(res, aid, iso, when)
    _drop_orphans(res)
    return res


def _drop_orphans(res: DestaResult) -> None:
    """Members of treaties whose base row is missing (only amendments listed) are dropped."""
    for key in [k for k in res.members if k[0] not in res.agreements]:
        del res.members[key]
        res.skipped["member of a treaty without a base row"] += 1
