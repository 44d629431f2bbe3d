"""One UN Comtrade record (CSV row or API v1 JSON object) -> one ``trade`` row, or None.

Records are dicts with lower-cased keys (``reportercode``, ``primaryvalue``, ...), the
same for the Comtrade Plus CSV header and the API's camelCase JSON. Rules:

* kept: goods (``typeCode`` C), flows ``X`` (exporter = reporter, importer = partner)
  and ``M`` (exporter = partner, importer = reporter), HS 6-digit commodity codes,
  totals over customs procedure (``C00``), mode of transport (0) and second partner (0);
* dropped, so nothing is counted twice: World partner rows (code 0 / ``W00``),
  aggregates (``TOTAL``, 2- and 4-digit codes), re-exports/re-imports and other flows,
  customs / transport / partner2 breakdowns;
* value: ``primaryValue`` in US dollars (not thousands), >= 0, required;
* quantity: ``netWgt`` in kg -> tonnes; blank or 0 -> NULL;
* HS revision from ``classificationCode`` (H0..H6 -> HS92..HS22), else the flag;
* country: the ISO field if it looks like a code (area codes such as ``S19`` Other
  Asia nes, ``_X`` Areas nes, ``X2`` Free zones are kept as Comtrade writes them),
  else the numeric code through ISO 3166-1; unknown -> InputError.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

import pycountry

from chuhai.data.codes import HS_NOMENCLATURE_CODES, ascii_digits
from chuhai.data.sources._csv import parse_decimal
from chuhai.errors import InputError

__all__ = ["CLASSIFICATIONS", "REQUIRED", "Where", "TradeRow", "record_to_row"]

#: Comtrade classification code -> HS revision.
CLASSIFICATIONS: Mapping[str, str] = HS_NOMENCLATURE_CODES
REQUIRED = ("refyear", "reportercode", "flowcode", "partnercode", "cmdcode", "primaryvalue")
_CODE = re.compile(r"^[A-Z_][A-Z0-9_]{1,2}$")
_SPECIAL = {490: "S19", 899: "_X", 838: "X2", 842: "USA", 251: "FRA", 579: "NOR", 699: "IND",
            757: "CHE", 711: "ZA1", 97: "EUR"}
_BLANK = frozenset({"", "null", "none"})

#: (year, exporter, importer, hs6, hs_revision, value_usd, quantity_t, flow, reporter)
TradeRow = tuple[int, str, str, str, str, Decimal, float | None, str, str]
#: (file, line or None, field prefix) used for error messages
Where = tuple[str, int | None, str]


@cache
def _numeric() -> dict[int, str]:
    out = {int(c.numeric): c.alpha_3 for c in pycountry.countries}
    out.update(_SPECIAL)
    return out


def _text(rec: Mapping[str, Any], key: str) -> str:
    v = rec.get(key)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v).strip()


def _fname(where: Where, field: str) -> str:
    """``PrimaryValue`` in a CSV (its header), ``data[3].primaryValue`` in JSON."""
    prefix = where[2]
    return f"{prefix}{field}" if prefix else field[0].upper() + field[1:]


def _err(where: Where, field: str, msg: str) -> InputError:
    return InputError(msg, file=where[0], line=where[1], field=_fname(where, field))


def _country(rec: Mapping[str, Any], role: str, where: Where, field: str) -> str | None:
    """ISO3 (or Comtrade area code) of ``role`` (reporter/partner); None for World."""
    code_text = _text(rec, f"{role}code")
    iso = _text(rec, f"{role}iso").upper()
    if code_text in ("0", "0.0") or iso == "W00":
        return None
    if _CODE.match(iso):
        return iso
    try:
        code = int(float(code_text))
    except (ValueError, OverflowError):  # OverflowError: 'inf'
        raise _err(where, field, f"not a country code: {code_text!r}") from None
    found = _numeric().get(code)
    if found is None:
        raise _err(where, field, f"unknown country code {code}")
    return found


def _keep(rec: Mapping[str, Any]) -> bool:
    if _text(rec, "typecode").upper() not in ("", "C"):
        return False
    if _text(rec, "partner2code") not in ("", "0"):
        return False
    if _text(rec, "customscode").upper() not in ("", "C00"):
        return False
    if _text(rec, "motcode") not in ("", "0"):
        return False
    cmd = _text(rec, "cmdcode")
    return len(cmd) == 6 and ascii_digits(cmd)


def _revision(rec: Mapping[str, Any], where: Where, fallback: str | None) -> str:
    cls = _text(rec, "classificationcode").upper()
    if cls in CLASSIFICATIONS:
        return CLASSIFICATIONS[cls]
    if fallback:
        return fallback
    raise _err(where, "classificationCode",
               f"unknown classification {cls!r} (expected H0..H6); pass --hs-revision")


def record_to_row(rec: Mapping[str, Any], where: Where, *,
                  hs_revision: str | None) -> TradeRow | None:
    """Validate one record; None if the rules above drop it. The value is checked on
    every record, dropped ones included: a bad number anywhere is an error."""
    file, line, _ = where
    value = parse_decimal(_text(rec, "primaryvalue"), file=file, line=line,
                          field=_fname(where, "primaryValue"))
    assert value is not None
    flow = _text(rec, "flowcode").upper()
    if flow not in ("X", "M") or not _keep(rec):
        return None
    reporter = _country(rec, "reporter", where, "reporterCode")
    if reporter is None:
        raise _err(where, "reporterCode", "the reporter cannot be World")
    partner = _country(rec, "partner", where, "partnerCode")
    if partner is None:
        return None
    year_text = _text(rec, "refyear") or _text(rec, "period")[:4]
    if not (ascii_digits(year_text) and len(year_text) == 4):
        raise _err(where, "refYear", f"not a year: {year_text!r}")
    kg = parse_decimal(_text(rec, "netwgt"), file=file, line=line, field=_fname(where, "netWgt"),
                       missing=_BLANK)
    tonnes = float(kg) / 1000 if kg else None
    exporter, importer = (reporter, partner) if flow == "X" else (partner, reporter)
    rev = _revision(rec, where, hs_revision)
    return (int(year_text), exporter, importer, _text(rec, "cmdcode"), rev, value, tonnes,
            flow, reporter)
