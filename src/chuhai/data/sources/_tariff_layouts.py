"""WITS tariff layouts (SDMX-JSON and CSV download) -> validated :class:`TariffRow` s."""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chuhai.data.codes import HS_NOMENCLATURE_CODES, ascii_digits
from chuhai.data.sources._country_codes import iso3_from_code, iso3_from_name, iso3_from_numeric
from chuhai.data.sources._country_common import fail, number, read_table, year_of
from chuhai.data.sources._json import (
    finite,
    load_json,
    need_dict,
    need_index,
    need_key,
    need_list,
    need_text,
)
from chuhai.errors import InputError

__all__ = ["NOMEN", "TariffRow", "csv_rows", "sdmx_rows"]

log = logging.getLogger(__name__)

#: WITS nomenclature codes -> HS revision.
NOMEN = HS_NOMENCLATURE_CODES  # WITS NOMENCODE -> HS revision
_WORLD = frozenset({"000", "0", "WLD", "WORLD"})
_MAX_PERCENT = 3000.0  # the highest applied ad-valorem rates are a few hundred percent
_APPLIED = frozenset({"MFN", "AHS", "PRF", "PREF"})
#: Most national tariff lines one HS6 product has (a few hundred in practice): a count
#: beyond it is a broken file, not a product whose lines are all non-ad-valorem.
MAX_LINES = 100_000


@dataclass(frozen=True, slots=True)
class TariffRow:
    importer: str
    partner: str
    hs6: str
    year: int
    rate: float | None
    non_ad_valorem: bool
    hs_revision: str | None

    def as_row(self) -> dict[str, Any]:
        return {"importer": self.importer, "partner": self.partner, "hs6": self.hs6,
                "year": self.year, "rate": self.rate, "non_ad_valorem": self.non_ad_valorem,
                "hs_revision": self.hs_revision, "source": "wits"}


def _country(text: str, path: Path, line: int | None, fld: str) -> str:
    t = text.strip()
    iso = (iso3_from_numeric(t) if ascii_digits(t.replace(".0", ""))
           else iso3_from_code(t) if len(t) == 3 else iso3_from_name(t))
    if iso is None:
        fail(f"{t!r} is not a country (groups such as the EU are not stored)", path, line, fld)
    return iso


def _partner(text: str, kind: str, path: Path, line: int | None, fld: str) -> str:
    if text.strip().upper() in _WORLD:
        if kind != "MFN":
            fail(f"{kind} rates towards partner World are averages over partners; import "
                 "MFN rates for World or preferential rates per partner", path, line, fld)
        return "MFN"
    return _country(text, path, line, fld)


def _hs6(text: str, path: Path, line: int | None, fld: str) -> str:
    t = text.strip()
    if not t.isdigit() or len(t) > 6 or len(t) < 5:
        fail(f"product {text!r} is not an HS 6-digit code", path, line, fld)
    return t.zfill(6)


def _kind(text: str, path: Path, line: int | None, fld: str) -> str:
    t = text.strip().upper() or "MFN"
    if t not in _APPLIED:
        fail(f"tariff type {text!r} is not stored (only applied MFN / AHS / PRF rates)",
             path, line, fld)
    return t


def _rate(percent: float | None, path: Path, line: int | None, fld: str) -> float | None:
    if percent is None:
        return None
    if percent < 0 or percent > _MAX_PERCENT:
        fail(f"ad-valorem rate {percent} % is out of range", path, line, fld)
    return percent / 100.0


def _decide(avg: float | None, ave: float | None, na_lines: float | None, av_lines: float | None,
            path: Path, line: int | None, fld: str) -> tuple[float | None, bool]:
    """(rate fraction or None, non_ad_valorem) -- never a silent zero."""
    nav = bool(na_lines and na_lines > 0)
    if ave is not None:
        return _rate(ave, path, line, "AVE"), nav
    if nav and av_lines is not None and av_lines <= 0:
        return None, True  # only non-ad-valorem lines: WITS' 0 means "no ad-valorem part"
    if avg is None:
        fail("no simple-average rate and no AVE", path, line, fld)
    return _rate(avg, path, line, fld), nav


# -- SDMX-JSON --------------------------------------------------------------------------
_SERIES = "dataSets[0].series"


def _values(node: Any, path: Path, jpath: str) -> list[str]:
    """The ``id`` of each item of a ``values`` list."""
    return [need_text(need_key(v, "id", path, f"{jpath}[{n}]"), path, f"{jpath}[{n}].id")
            for n, v in enumerate(need_list(node, path, jpath))]


def _attr_decoder(path: Path, structure: dict[str, Any]) -> list[tuple[str, list[str]]]:
    attrs = need_dict(structure.get("attributes") or {}, path, "structure.attributes")
    out = []
    for n, a in enumerate(need_list(attrs.get("observation") or [], path,
                                    "structure.attributes.observation")):
        jp = f"structure.attributes.observation[{n}]"
        out.append((need_text(need_key(a, "id", path, jp), path, f"{jp}.id"),
                    _values(need_dict(a, path, jp).get("values", []), path, f"{jp}.values")))
    return out


def _declared(path: Path, structure: dict[str, Any]) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """Series dimensions (in key order) with their values, and the time periods."""
    dims = need_key(structure, "dimensions", path, "structure")
    dims_p = "structure.dimensions"
    found = []
    for n, d in enumerate(need_list(need_key(dims, "series", path, dims_p), path, f"{dims_p}.series")):
        jp = f"{dims_p}.series[{n}]"
        pos = need_dict(d, path, jp).get("keyPosition", 0)
        if isinstance(pos, bool) or not isinstance(pos, int):
            raise InputError("keyPosition is not a whole number", file=path, field=f"{jp}.keyPosition")
        found.append((pos, need_text(need_key(d, "id", path, jp), path, f"{jp}.id"),
                      _values(need_key(d, "values", path, jp), path, f"{jp}.values")))
    obs = need_index(need_key(dims, "observation", path, dims_p), 0, path, f"{dims_p}.observation")
    times = _values(need_key(obs, "values", path, f"{dims_p}.observation[0]"), path,
                    f"{dims_p}.observation[0].values")
    return [(name, values) for _, name, values in sorted(found, key=lambda d: d[0])], times


def _index(text: str, size: int, path: Path, jpath: str) -> int:
    """A position written as digits (a series-key part, an observation key) below ``size``."""
    if not (text.isascii() and text.isdigit() and len(text) <= 9) or int(text) >= size:
        raise InputError(f"{text[:40]!r} is not a position below {size}", file=path, field=jpath)
    return int(text)


def sdmx_rows(path: Path, raw: bytes, hs_revision: str | None) -> list[TariffRow]:
    doc = load_json(raw, path)
    structure = need_dict(need_key(doc, "structure", path, ""), path, "structure")
    declared, times = _declared(path, structure)
    data_set = need_index(need_key(doc, "dataSets", path, ""), 0, path, "dataSets")
    series = need_dict(need_key(data_set, "series", path, "dataSets[0]"), path, _SERIES)
    keys: list[list[int]] = []
    for key in series:
        parts = key.split(":")
        if not all(p.isascii() and p.isdigit() and len(p) <= 9 for p in parts):
            raise InputError("a series key is not digits joined by ':'", file=path,
                             field=f"{_SERIES}[{key[:40]!r}]")
        keys.append([int(p) for p in parts])
    dims = _key_positions(path, declared, keys)
    for need in ("REPORTER", "PARTNER", "PRODUCTCODE"):
        if need not in dims:
            fail(f"SDMX message lacks the {need} dimension", path, None, need)
    attrs = _attr_decoder(path, structure)
    out: list[TariffRow] = []
    empty: list[str] = []
    seen: set[tuple[str, str, str, int]] = set()
    for (key, body), idx in zip(series.items(), keys, strict=True):
        def dim(name: str, idx: list[int] = idx) -> str:
            pos, values = dims[name]
            return values[idx[pos]]

        jp = f"{_SERIES}[{key!r}]"
        observations = need_dict(need_dict(body, path, jp).get("observations") or {}, path,
                                 f"{jp}.observations")
        for t, obs in observations.items():
            where = f"{jp}.observations[{t[:40]!r}]"
            period = times[_index(t, len(times), path, where)]
            row = _sdmx_obs(path, where, dim, period, need_list(obs, path, where), attrs,
                            hs_revision, seen, "DATATYPE" in dims)
            if row is None:
                empty.append(dim("PRODUCTCODE"))
            else:
                out.append(row)
    if empty:
        log.info("%s: skipped %d products without national tariff lines (TOTALNOOFLINES empty): %s",
                 path.name, len(empty), ", ".join(empty[:20]))
    return out


def _key_positions(path: Path, declared: list[tuple[str, list[str]]],
                   keys: list[list[int]]) -> dict[str, tuple[int, list[str]]]:
    """Dimension -> (position in the series key, values).

    WITS declares ``keyPosition`` FREQ, REPORTER, PARTNER, PRODUCTCODE, DATATYPE but writes
    the product index where PARTNER should be (``0:0:<product>:0:0``). So the declared order
    is used if every key fits it, else the permutation closest to it in which every index
    is within its dimension's values; none -> InputError.
    """
    n = len(declared)
    if n > 8:
        fail(f"{n} series dimensions (at most 8 are read)", path, None, "structure.dimensions.series")
    if any(len(k) != n for k in keys):
        fail(f"series keys do not have {n} parts", path, None, _SERIES)
    top = [max((k[p] for k in keys), default=0) for p in range(n)]
    orders = sorted(itertools.permutations(range(n)),
                    key=lambda perm: sum(p != i for i, p in enumerate(perm)))
    for perm in orders:
        if all(top[perm[i]] < len(values) for i, (_, values) in enumerate(declared)):
            return {name: (perm[i], values) for i, (name, values) in enumerate(declared)}
    fail("series keys do not fit the declared dimensions", path, None, _SERIES)


def _line_count(text: str, path: Path, line: int | None, fld: str) -> float | None:
    """A count of national tariff lines: a whole number within :data:`MAX_LINES`."""
    value = number(text, path, line or 0, fld, negative=False)
    if value is not None and (value != int(value) or value > MAX_LINES):
        fail(f"{text[:40]!r} is not a count of tariff lines (0..{MAX_LINES:,})", path, line, fld)
    return value


def _sdmx_obs(path: Path, where: str, dim: Any, period: str, obs: list[Any],
              attrs: list[tuple[str, list[str]]], hs_revision: str | None,
              seen: set[tuple[str, str, str, int]], has_datatype: bool) -> TariffRow | None:
    """One observation; None for a product the reporter has no national line for (WITS
    then reports 0 with empty line counts -- not a duty-free line)."""
    a: dict[str, str] = {}
    for n, ((name, values), i) in enumerate(zip(attrs, obs[1:], strict=False), start=1):
        if i is not None:
            if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(values):
                raise InputError(f"attribute index {str(i)[:40]} of {name} is not one of its "
                                 f"{len(values)} values", file=path, field=f"{where}[{n}]")
            a[name] = values[i]
    kind = _kind(a.get("TARIFFTYPE", "MFN"), path, None, f"{where} TARIFFTYPE")
    importer = _country(dim("REPORTER"), path, None, f"{where} REPORTER")
    partner = _partner(dim("PARTNER"), kind, path, None, f"{where} PARTNER")
    hs6 = _hs6(dim("PRODUCTCODE"), path, None, f"{where} PRODUCTCODE")
    year = year_of(period, path, 0, f"{where} TIME_PERIOD")
    value = obs[0] if obs else None
    if isinstance(value, str):
        value = number(value, path, 0, f"{where}[0]")
    value = finite(value, path, f"{where}[0]")
    lines = {k: _line_count(a[k], path, None, f"{where} {k}") for k in
             ("NBR_NA_LINES", "NBR_MFN_LINES", "NBR_PREF_LINES", "TOTALNOOFLINES") if k in a}
    if "TOTALNOOFLINES" in a and not lines["TOTALNOOFLINES"]:
        return None
    av = None
    if "NBR_MFN_LINES" in lines or "NBR_PREF_LINES" in lines:
        av = (lines.get("NBR_MFN_LINES") or 0) + (lines.get("NBR_PREF_LINES") or 0)
    datatype = dim("DATATYPE") if has_datatype else ""
    ave = value if datatype.lower().startswith("ave") and value is not None else None
    rate, nav = _decide(value, ave, lines.get("NBR_NA_LINES"), av, path, None, f"{where}[0]")
    key = (importer, partner, hs6, year)
    if key in seen:
        fail(f"duplicate tariff line {'/'.join(map(str, key))}", path, None, where)
    seen.add(key)
    rev = NOMEN.get(a.get("NOMENCODE", ""), hs_revision)
    return TariffRow(importer, partner, hs6, year, rate, nav, rev)


# -- CSV download ------------------------------------------------------------------------
def csv_rows(path: Path, hs_revision: str | None) -> list[TariffRow]:
    t = read_table(path, encodings=("utf-8-sig", "cp1252"))
    c_rep = t.need("Reporter", "Reporter_ISO_N", "ReporterISO3")
    c_par = t.need("Partner", "Partner_ISO_N", "PartnerISO3")
    c_prod = t.need("Product", "ProductCode")
    c_year = t.need("Tariff Year", "Year", "TariffYear")
    c_avg = t.col("Simple Average", "SimpleAverage")
    c_ave = t.col("AVE", "Simple Average AVE", "AVE Simple Average")
    if c_avg is None and c_ave is None:
        fail("missing column 'Simple Average' (or 'AVE')", path, t.header_line, "Simple Average")
    c_type = t.col("DutyType", "TariffType", "Duty Type")
    c_na = t.col("Nbr NA Lines", "Nbr_NA_Lines", "NA Lines")
    c_tot = t.col("Nbr of Total Lines", "TotalNoOfLines", "Total Lines")
    c_nom = t.col("Native Nomen", "NomenCode", "Nomenclature", "Selected Nomen")
    out: list[TariffRow] = []
    seen: dict[tuple[str, str, str, int], int] = {}
    for line, row in t.rows:
        def cell(i: int | None, row: tuple[str, ...] = row) -> str:
            return "" if i is None else row[i]

        def num(i: int | None, row: tuple[str, ...] = row, line: int = line) -> float | None:
            return None if i is None else number(row[i], path, line, t.header[i], negative=False)

        def count(i: int | None, row: tuple[str, ...] = row, line: int = line) -> float | None:
            return None if i is None else _line_count(row[i], path, line, t.header[i])

        kind = _kind(cell(c_type), path, line, "DutyType")
        importer = _country(row[c_rep], path, line, t.header[c_rep])
        partner = _partner(row[c_par], kind, path, line, t.header[c_par])
        hs6 = _hs6(row[c_prod], path, line, t.header[c_prod])
        year = year_of(row[c_year], path, line, t.header[c_year])
        na, total = count(c_na), count(c_tot)
        av = None if na is None or total is None else total - na
        rate, nav = _decide(num(c_avg), num(c_ave), na, av, path, line,
                            t.header[c_avg] if c_avg is not None else "Simple Average")
        key = (importer, partner, hs6, year)
        if key in seen:
            fail(f"duplicate tariff line {'/'.join(map(str, key))} (also line {seen[key]})",
                 path, line, t.header[c_prod])
        seen[key] = line
        rev = NOMEN.get(cell(c_nom).strip().upper(), hs_revision)
        out.append(TariffRow(importer, partner, hs6, year, rate, nav, rev))
    return out
