"""Real World Bank tables shipped with chuhai: WDI and WGI indicators for the demo years and
the income classification by fiscal year.

Derived by ``scripts/derive_real_tables.py`` from the shared World Bank files with chuhai's
own WDI/WGI importers; provenance (input sha256, rows) and the CC BY 4.0 attribution are in
``real_tables.toml`` beside the tables. The demo warehouse stores these rows as they are
(sources ``wdi``, ``wgi``, ``wb-oghist``); only its trade flows and tariffs are generated.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

__all__ = ["RealTables", "real_income_groups", "real_indicators", "real_tables"]

_DIR = files("chuhai.data.reference")
_INDICATORS = "real_indicators.csv.gz"
_INCOME = "real_income_groups.csv.gz"


@dataclass(frozen=True, slots=True)
class RealTables:
    """Provenance of the packaged real tables (``real_tables.toml``)."""

    licence: str
    attribution: str
    years: tuple[int, ...]
    fiscal_years: tuple[int, ...]
    inputs: tuple[tuple[str, str], ...]  # (shared file, sha256)
    sha256: str  # of the two packaged tables' bytes, for the demo's content key


@cache
def real_tables() -> RealTables:
    doc = tomllib.loads(_DIR.joinpath("real_tables.toml").read_text(encoding="utf-8"))
    digest = hashlib.sha256()
    for name in (_INDICATORS, _INCOME):
        digest.update(_DIR.joinpath(name).read_bytes())
    return RealTables(licence=doc["licence"], attribution=doc["attribution"],
                      years=tuple(doc["years"]), fiscal_years=tuple(doc["fiscal_years"]),
                      inputs=tuple((i["file"], i["sha256"]) for i in doc["inputs"]),
                      sha256=digest.hexdigest())


def _read(name: str, types: dict[str, pa.DataType]) -> pa.Table:
    with _DIR.joinpath(name).open("rb") as fh:
        return pacsv.read_csv(pa.input_stream(fh, compression="gzip"),
                              convert_options=pacsv.ConvertOptions(column_types=types,
                                                                   strings_can_be_null=True))


def real_indicators(years: tuple[int, ...] | None = None) -> pa.Table:
    """``iso3, year, indicator, value, source`` (``wdi`` or ``wgi``) and the source ``code``."""
    t = _read(_INDICATORS, {"iso3": pa.string(), "year": pa.int16(), "indicator": pa.string(),
                            "value": pa.float64(), "source": pa.string(), "code": pa.string()})
    if years is not None:
        t = t.filter(pc.is_in(t["year"], pa.array(years, pa.int16())))
    return t


def real_income_groups() -> pa.Table:
    """``iso3, year`` (World Bank fiscal year), ``region, income_group, source``."""
    return _read(_INCOME, {"iso3": pa.string(), "year": pa.int16(), "region": pa.string(),
                           "income_group": pa.string(), "source": pa.string()})
