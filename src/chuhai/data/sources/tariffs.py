"""WITS / UNCTAD TRAINS tariff importer -> ``tariffs`` (source ``wits``).

Two layouts (see docs/sources-country.md):

* SDMX-JSON of the WITS API (dataflow ``DF_WITS_Tariff_TRAINS``): series key
  ``FREQ:REPORTER:PARTNER:PRODUCTCODE:DATATYPE``, observation ``[OBS_VALUE, attribute
  indices...]`` with ``NBR_MFN_LINES``, ``NBR_PREF_LINES``, ``NBR_NA_LINES``, ``NOMENCODE``,
  ``TARIFFTYPE``;
* the WITS tariff CSV download: ``Reporter, Partner, Product, (Tariff) Year, DutyType,
  Simple Average, [AVE], [Nbr NA Lines], [Nbr of Total Lines], [Native Nomen]``.

Rates are fractions (WITS gives percent). A product whose national lines carry non-ad-
valorem (specific/compound) duties is flagged ``non_ad_valorem``; when *all* its lines are
non-ad-valorem and no ad-valorem equivalent (AVE) is given, ``rate`` is NULL, never 0
(WITS reports 0 there). Partner ``MFN`` for MFN rates (partner World), ISO3 otherwise.
Scope ``wits/<importer>/<year>/<MFN|PREF|ALL>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chuhai.data.sources._country_common import fail, stage_rows
from chuhai.data.sources._tariff_layouts import TariffRow, csv_rows, sdmx_rows
from chuhai.data.warehouse import ImportBatch

__all__ = ["NAME", "detect", "parse", "stage"]

NAME = "tariffs"


def detect(path: Path, head: bytes) -> bool:
    text = head.decode("utf-8", "ignore").lstrip("\ufeff").lstrip()
    if text.startswith("{"):
        return "DF_WITS_Tariff" in text[:2000] or ("\"dataSets\"" in text and "TARIFFTYPE" in text)
    first = text.split("\n", 1)[0].casefold()
    cells = {c.strip().strip('"') for c in first.split(",")}
    return {"reporter", "partner", "product"} <= cells and bool(
        cells & {"simple average", "simpleaverage", "ave"})


def parse(path: Path, *, hs_revision: str | None = None) -> list[TariffRow]:
    raw = path.read_bytes()
    if not raw.strip():
        fail("the file is empty", path, 1)
    if raw.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{"):
        rows = sdmx_rows(path, raw, hs_revision)
    else:
        rows = csv_rows(path, hs_revision)
    if not rows:
        fail("no tariff lines in the file", path, None)
    return rows


def _scope(rows: list[TariffRow]) -> str:
    importers = "+".join(sorted({r.importer for r in rows}))
    years = sorted({r.year for r in rows})
    span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    kinds = {"MFN" if r.partner == "MFN" else "PREF" for r in rows}
    kind = kinds.pop() if len(kinds) == 1 else "ALL"
    return f"wits/{importers}/{span}/{kind}"


def stage(path: Path, staging: Path, *, sha256: str, hs_revision: str | None = None,
          release: str | None = None) -> ImportBatch:
    rows = parse(path, hs_revision=hs_revision)
    dicts: list[dict[str, Any]] = [r.as_row() for r in rows]
    load = stage_rows("tariffs", dicts, staging)
    return ImportBatch(source=NAME, file=path.name, sha256=sha256, scope=_scope(rows),
                       loads=(load,), release=release, years=tuple(sorted({r.year for r in rows})))
