"""World Bank country classifications -> the ``country_classes`` table.

* CLASS list (``CLASS.xlsx`` saved as CSV): ``Economy, Code, Region, Income group, Lending category``;
* a two-column income list: ``Code, Income group``;
* OGHIST history (``Code, Country, 1987, ..., 2023`` with ``L``/``LM``/``UM``/``H``): column
  years are GNI reference years, published for fiscal year + 2 (column 2023 = FY2025).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from chuhai.data.sources._country_common import CountryCodes, Table, fail

__all__ = ["INCOME_CODES", "class_rows", "is_class_table", "is_oghist_table"]

#: Text of the World Bank income group -> the code stored in ``income_group``.
INCOME_CODES: dict[str, str] = {
    "low income": "L",
    "lower middle income": "LM",
    "upper middle income": "UM",
    "high income": "H",
    "high income: oecd": "H",
    "high income: nonoecd": "H",
    "l": "L", "lm": "LM", "um": "UM", "h": "H",
}
_UNCLASSIFIED = frozenset({"", "..", "nan", "na", "not classified"})


def is_class_table(header: tuple[str, ...]) -> bool:
    folded = {h.strip().casefold() for h in header}
    return "income group" in folded and "code" in folded


def is_oghist_table(header: tuple[str, ...]) -> bool:
    folded = [h.strip().casefold() for h in header]
    years = [h for h in folded if re.fullmatch(r"\d{4}", h)]
    return folded[:2] == ["code", "country"] and len(years) >= 2


def _income(text: str, path: Path, line: int, fld: str) -> str | None:
    t = text.strip().rstrip("*").casefold()
    if t in _UNCLASSIFIED:
        return None
    if t not in INCOME_CODES:
        fail(f"unknown income group {text!r} (expected Low / Lower middle / Upper middle / "
             "High income or L / LM / UM / H)", path, line, fld)
    return INCOME_CODES[t]


def _fiscal_year(release: str | None, path: Path) -> int | None:
    if release is None:
        return None
    m = re.search(r"(\d{4})", release)
    if not m:
        fail(f"release {release!r} does not name a fiscal year (e.g. FY2024)", path, None, "release")
    return int(m.group(1))


def class_rows(table: Table, codes: CountryCodes, release: str | None) -> tuple[list[dict[str, Any]], str]:
    """Rows for ``country_classes`` and the provenance scope."""
    if is_oghist_table(table.header):
        return _oghist(table, codes), "wb-oghist"
    code_col, inc_col = table.need("Code"), table.need("Income group")
    reg_col = table.col("Region")
    year = _fiscal_year(release, table.path)
    rows, seen = [], set()
    for line, row in table.rows:
        iso = codes.code(row[code_col], line, table.header[code_col])
        if iso is None:
            continue
        if iso in seen:
            fail(f"duplicate country {iso}", table.path, line, table.header[code_col])
        seen.add(iso)
        region = row[reg_col].strip() or None if reg_col is not None else None
        rows.append({"iso3": iso, "year": year, "region": region,
                     "income_group": _income(row[inc_col], table.path, line, table.header[inc_col]),
                     "source": "wb-class"})
    return rows, "wb-class"


def _oghist(table: Table, codes: CountryCodes) -> list[dict[str, Any]]:
    years = {i: int(h) for i, h in enumerate(table.header) if re.fullmatch(r"\d{4}", h.strip())}
    rows, seen = [], set()
    for line, row in table.rows:
        iso = codes.code(row[0], line, table.header[0])
        if iso is None:
            continue
        if iso in seen:
            fail(f"duplicate country {iso}", table.path, line, table.header[0])
        seen.add(iso)
        for col, gni_year in years.items():
            group = _income(row[col], table.path, line, table.header[col])
            if group is not None:
                rows.append({"iso3": iso, "year": gni_year + 2, "region": None,
                             "income_group": group, "source": "wb-oghist"})
    return rows
