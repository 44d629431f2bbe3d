"""The real World Bank contract awards shipped with chuhai (the default warehouse's
``contract_awards``, source ``wb-contracts``).

``wb_contract_awards.parquet`` holds the rows the ``wb-contracts`` importer stores for the
shared FY2006-09 and FY2015-21 Major Contract Awards files (``scripts/derive_wb_contracts.py``
writes it); ``wb_contract_awards.toml`` beside it is its source note: attribution, licence
(CC BY 4.0), the input files with sha256 and rows.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from chuhai.data.schema import TABLES, data_columns

__all__ = ["AWARDS_FILE", "NOTE_FILE", "AwardsNote", "arrow_schema", "awards_note",
           "packaged_awards"]

AWARDS_FILE = "wb_contract_awards.parquet"
NOTE_FILE = "wb_contract_awards.toml"
_DIR = files("chuhai.data.demo")
_ARROW = {"VARCHAR": pa.string(), "SMALLINT": pa.int16(), "DOUBLE": pa.float64(),
          "DATE": pa.date32(), "BIGINT": pa.int64()}


def arrow_schema() -> pa.Schema:
    """The ``contract_awards`` columns an importer supplies, typed as in the schema."""
    types = {c: t.split()[0] for c, t, _ in TABLES["contract_awards"]}
    return pa.schema([(c, _ARROW[types[c]]) for c in data_columns("contract_awards")])


@dataclass(frozen=True, slots=True)
class AwardsNote:
    licence: str
    attribution: str
    fiscal_years: tuple[int, ...]
    rows: int
    inputs: tuple[tuple[str, str], ...]  # (shared file, sha256)
    sha256: str  # of the packaged Parquet's bytes


@cache
def awards_note() -> AwardsNote:
    doc: dict[str, Any] = tomllib.loads(_DIR.joinpath(NOTE_FILE).read_text(encoding="utf-8"))
    return AwardsNote(licence=doc["licence"], attribution=doc["attribution"],
                      fiscal_years=tuple(doc["fiscal_years"]), rows=int(doc["rows"]),
                      inputs=tuple((i["file"], i["sha256"]) for i in doc["inputs"]),
                      sha256=hashlib.sha256(_DIR.joinpath(AWARDS_FILE).read_bytes()).hexdigest())


def packaged_awards() -> pa.Table:
    """The packaged rows, with the schema's column types."""
    with _DIR.joinpath(AWARDS_FILE).open("rb") as fh:
        return pq.read_table(fh).cast(arrow_schema())
