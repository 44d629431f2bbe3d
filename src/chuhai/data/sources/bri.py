"""Belt and Road Initiative membership -> ``agreements`` (one row, id ``BRI``) and
``agreement_members``.

Layouts:

* the official list of the Belt and Road Portal (yidaiyilu.gov.cn), "List of countries
  that have signed cooperation documents with China for the Belt and Road Initiative"
  (.xlsx): a title sentence "As of the end of January 2020, China has signed ..." and a
  table ``Continent, country, related news, ...``; the date of the title is the date the
  membership is known at;
* a country panel ``Country, Code, BRI_init, BRI_core, BRI_latest`` (0/1), e.g. the
  vweno/bri research panel: members are the rows with ``BRI_latest = 1``; the panel does
  not say its date, so ``--release YYYY-MM-DD`` (the date the membership is known at) is
  required.

Dates (declared once, here): the agreement is ``in_force`` on the initiative's launch
(:data:`LAUNCH`, 7 September 2013, the Silk Road Economic Belt speech in Astana); China is
a member from that day (the counterpart of every cooperation document); every signatory's
``joined`` is the list's date: neither file gives signing dates, so a signatory counts as a
member in windows that end on or after the date it is known to have signed by. The
agreement's ``type`` is ``MOU``: cooperation documents, no tariff preference, so the
markets engine never treats it as a trade agreement for tariffs (see
docs/sources-agreements.md). Scope ``bri``: a newer list replaces the older.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from chuhai.data.sources._country_codes import iso3_from_code, iso3_from_name
from chuhai.data.sources._country_common import Table, fail, read_table, stage_rows
from chuhai.data.sources._country_xlsx import read_xlsx_table
from chuhai.data.warehouse import ImportBatch

__all__ = ["AGREEMENT", "HUB", "LAUNCH", "NAME", "detect", "parse", "stage"]

NAME = "bri"
AGREEMENT = {"agreement_id": "BRI", "type": "MOU",
             "name": "Belt and Road Initiative (cooperation documents signed with China)"}
HUB = "CHN"
LAUNCH = date(2013, 9, 7)
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_AS_OF = re.compile(r"as of (?:the end of )?(\w+) (\d{4})", re.IGNORECASE)
#: The official list's own English names (machine-translated from the Chinese portal)
#: that the shared name resolver cannot or must not read as written: "BiH"; "Island", in
#: Oceania between Micronesia and Tonga, is the Cook Islands (库克群岛, signed November
#: 2018); the list holds "Dominica" and "Dominic" for 多米尼加 (the Dominican Republic)
#: and 多米尼克 (Dominica), both signatories by 2018.
_NAMES = {"bih": "BIH", "island": "COK", "dominica": "DOM", "dominic": "DMA"}
_PANEL = ("Country", "Code", "BRI_latest")


def detect(path: Path, head: bytes) -> bool:
    name = path.name.lower()
    if name.endswith(".xlsx"):
        return "belt and road" in name
    first = head.decode("utf-8", "ignore").lstrip("\ufeff").split("\n", 1)[0]
    cells = {c.strip().strip('"') for c in first.split(",")}
    return set(_PANEL) <= cells


def _month_end(month: int, year: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def _as_of_title(path: Path) -> tuple[date, Table]:
    first = read_xlsx_table(path)  # the title sentence is the first non-empty row
    m = _AS_OF.search(" ".join(first.header))
    if not m or m.group(1).lower() not in _MONTHS:
        fail("the list does not say its date ('As of the end of <Month> <Year>, ...')",
             path, first.header_line, "title")
    return (_month_end(_MONTHS[m.group(1).lower()], int(m.group(2))),
            read_xlsx_table(path, header_contains="country"))


def _release_date(release: str | None, path: Path) -> date:
    if release is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", release.strip()):
        fail("the panel does not say when its membership holds: pass --release YYYY-MM-DD "
             "(the date the membership is known at)", path, None, "release")
    return date.fromisoformat(release.strip())


def _official(path: Path) -> tuple[date, list[tuple[int, str]]]:
    day, table = _as_of_title(path)
    col = table.need("country")
    members = []
    for line, row in table.rows:
        text = row[col].strip()
        if not text:
            continue
        iso = _NAMES.get(text.casefold()) or iso3_from_name(text)
        if iso is None:
            fail(f"cannot resolve country name {text!r} to ISO3", path, line, table.header[col])
        members.append((line, iso))
    return day, members


def _panel(path: Path, release: str | None) -> tuple[date, list[tuple[int, str]]]:
    table = read_table(path)
    code, latest = table.need("Code"), table.need("BRI_latest")
    day = _release_date(release, path)
    members = []
    for line, row in table.rows:
        flag = row[latest].strip()
        if flag not in ("0", "1"):
            fail(f"BRI_latest must be 0 or 1, not {flag!r}", path, line, "BRI_latest")
        if flag == "1":
            iso = iso3_from_code(row[code].strip().upper())
            if iso is None:
                fail(f"unknown country code {row[code]!r}", path, line, "Code")
            members.append((line, iso))
    return day, members


def parse(path: Path, *, release: str | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]], date]:
    """``(agreements rows, member rows, the date the membership is known at)``."""
    official = path.suffix.lower() == ".xlsx"
    day, found = _official(path) if official else _panel(path, release)
    members: dict[str, dict[str, Any]] = {
        HUB: {"agreement_id": "BRI", "iso3": HUB, "joined": LAUNCH, "left_on": None}}
    seen: dict[str, int] = {}
    for line, iso in found:
        if iso in seen:
            fail(f"{iso} listed twice (also at line {seen[iso]})", path, line, "country")
        seen[iso] = line
        if iso != HUB:
            members[iso] = {"agreement_id": "BRI", "iso3": iso, "joined": day, "left_on": None}
    if len(members) < 2:
        fail("no signatory in the file", path, None)
    agreement = {**AGREEMENT, "in_force": LAUNCH, "source": NAME}
    return [agreement], sorted(members.values(), key=lambda r: r["iso3"]), day


def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None = None,
          release: str | None = None) -> ImportBatch:
    agreements, members, day = parse(path, release=release)
    loads = (stage_rows("agreements", agreements, staging),
             stage_rows("agreement_members", members, staging))
    return ImportBatch(source=NAME, file=path.name, sha256=sha256, scope=NAME, loads=loads,
                       release=release or day.isoformat())
