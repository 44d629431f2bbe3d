"""WITS tariff layouts (SDMX-JSON and CSV download) -> validated :class:`TariffRow` s."""

from __future__ import annotations

import itertools
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chuhai.data.sources._country_codes import iso3_from_code, iso3_from_name, iso3_from_numeric
from chuhai.data.sources._country_common import fail, number, read_table, year_of

__all__ = ["NOMEN", "TariffRow", "csv_rows", "sdmx_rows"]

log = logging.getLogger(__name__)

#: WITS nomenclature codes -> HS revision.
NOMEN: dict[str, str] = {"H0": "HS92", "H1": "HS96", "H2": "HS02", "H3": "HS07", "H4": "HS12",
                         "H5": "HS17", "H6": "HS22"}
_WORLD = frozenset({"000", "0", "WLD", "WORLD"})
_MAX_PERCENT = 3000.0  # the highest applied ad-valorem rates are a few hundred percent
_APPLIED = frozenset({"MFN", "AHS", "PRF", "PREF"})


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
    iso = (iso3_from_numeric(t) if t.replace(".0", "").isdigit()
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
def _attr_decoder(structure: dict[str, Any]) -> list[tuple[str, list[str]]]:
    attrs = (structure.get("attributes") or {}).get("observation") or []
    return [(a["id"], [str(v.get("id")) for v in a.get("values", [])]) for a in attrs]


def sdmx_rows(path: Path, raw: bytes, hs_revision: str | None) -> list[TariffRow]:
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
        structure = doc["structure"]
        declared = [(d["id"], [v["id"] for v in d["values"]])
                    for d in sorted(structure["dimensions"]["series"],
                                    key=lambda d: d.get("keyPosition", 0))]
        times = [v["id"] for v in structure["dimensions"]["observation"][0]["values"]]
        series = doc["dataSets"][0]["series"]
    except UnicodeDecodeError as exc:
        fail(f"not valid UTF-8 JSON (byte {exc.start})", path)
    except json.JSONDecodeError as exc:
        fail(f"invalid JSON: {exc.msg}", path, exc.lineno)
    except (KeyError, IndexError, TypeError) as exc:
        fail(f"not an SDMX-JSON tariff message: missing {exc}", path, None, "structure")
    dims = _key_positions(path, declared, [[int(k) for k in key.split(":")] for key in series])
    for need in ("REPORTER", "PARTNER", "PRODUCTCODE"):
        if need not in dims:
            fail(f"SDMX message lacks the {need} dimension", path, None, need)
    attrs = _attr_decoder(structure)
    out: list[TariffRow] = []
    empty: list[str] = []
    seen: set[tuple[str, str, str, int]] = set()
    for key, body in series.items():
        idx = [int(k) for k in key.split(":")]

        def dim(name: str, idx: list[int] = idx) -> str:
            pos, values = dims[name]
            return values[idx[pos]]

        for t, obs in (body.get("observations") or {}).items():
            where = f"series {key} obs {t}"
            row = _sdmx_obs(path, where, dim, times[int(t)], obs, attrs, hs_revision, seen,
                            "DATATYPE" in dims)
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
    if any(len(k) != n for k in keys):
        fail(f"series keys do not have {n} parts", path, None, "dataSets.series")
    top = [max((k[p] for k in keys), default=0) for p in range(n)]
    orders = sorted(itertools.permutations(range(n)),
                    key=lambda perm: sum(p != i for i, p in enumerate(perm)))
    for perm in orders:
        if all(top[perm[i]] < len(values) for i, (_, values) in enumerate(declared)):
            return {name: (perm[i], values) for i, (name, values) in enumerate(declared)}
    fail("series keys do not fit the declared dimensions", path, None, "dataSets.series")


def _sdmx_obs(path: Path, where: str, dim: Any, period: str, obs: list[Any],
              attrs: list[tuple[str, list[str]]], hs_revision: str | None,
              seen: set[tuple[str, str, str, int]], has_datatype: bool) -> TariffRow | None:
    """One observation; None for a product the reporter has no national line for (WITS
    then reports 0 with empty line counts -- not a duty-free line)."""
    a: dict[str, str] = {}
    for (name, values), i in zip(attrs, obs[1:], strict=False):
        if i is not None:
            a[name] = values[int(i)]
    kind = _kind(a.get("TARIFFTYPE", "MFN"), path, None, f"{where} TARIFFTYPE")
    importer = _country(dim("REPORTER"), path, None, f"{where} REPORTER")
    partner = _partner(dim("PARTNER"), kind, path, None, f"{where} PARTNER")
    hs6 = _hs6(dim("PRODUCTCODE"), path, None, f"{where} PRODUCTCODE")
    year = year_of(period, path, 0, f"{where} TIME_PERIOD")
    value = obs[0] if obs else None
    if value is not None and not isinstance(value, int | float):
        value = number(str(value), path, 0, f"{where} OBS_VALUE")
    lines = {k: number(a[k], path, 0, f"{where} {k}") for k in
             ("NBR_NA_LINES", "NBR_MFN_LINES", "NBR_PREF_LINES", "TOTALNOOFLINES") if k in a}
    if "TOTALNOOFLINES" in a and not lines["TOTALNOOFLINES"]:
        return None
    av = None
    if "NBR_MFN_LINES" in lines or "NBR_PREF_LINES" in lines:
        av = (lines.get("NBR_MFN_LINES") or 0) + (lines.get("NBR_PREF_LINES") or 0)
    datatype = dim("DATATYPE") if has_datatype else ""
    ave = float(value) if datatype.lower().startswith("ave") and value is not None else None
    rate, nav = _decide(None if value is None else float(value), ave, lines.get("NBR_NA_LINES"),
                        av, path, None, f"{where} OBS_VALUE")
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

        kind = _kind(cell(c_type), path, line, "DutyType")
        importer = _country(row[c_rep], path, line, t.header[c_rep])
        partner = _partner(row[c_par], kind, path, line, t.header[c_par])
        hs6 = _hs6(row[c_prod], path, line, t.header[c_prod])
        year = year_of(row[c_year], path, line, t.header[c_year])
        na, total = num(c_na), num(c_tot)
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
