"""OCDS reference data: versions and extensions the importer reads, publishers' countries,
national country names, currencies' issuing countries, monetary unions and fixed parities
(``ocds.toml``), and the OCDS 1.1.4 release schema shipped beside it
(``ocds_release_schema.json``) for the merger."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["OcdsReference", "Peg", "ocds_reference", "release_schema"]


@dataclass(frozen=True, slots=True)
class Peg:
    """A fixed parity: 1 ``anchor`` = ``units`` of the currency, from the year ``since``."""

    anchor: str
    units: float
    since: int
    source: str


@dataclass(frozen=True, slots=True)
class OcdsReference:
    versions: tuple[str, ...]
    extensions: frozenset[str]
    publishers: dict[str, str]
    country_names: dict[str, str]
    currencies: dict[str, str]
    currency_unions: dict[str, tuple[str, ...]]
    pegs: dict[str, Peg]

    def publisher_country(self, ocid: str) -> str | None:
        """The country of the publisher whose prefix starts ``ocid``, longest prefix first."""
        for prefix in sorted(self.publishers, key=len, reverse=True):
            if ocid.startswith(prefix):
                return self.publishers[prefix]
        return None


@cache
def ocds_reference() -> OcdsReference:
    text = resources.files("chuhai.data.reference").joinpath("ocds.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return OcdsReference(
        versions=tuple(data["versions"]), extensions=frozenset(data["extensions"]),
        publishers=dict(data["publishers"]),
        country_names={k.strip().casefold(): v for k, v in data["country_names"].items()},
        currencies={k.upper(): v for k, v in data["currencies"].items()},
        currency_unions={k.upper(): tuple(v) for k, v in data["currency_unions"].items()},
        pegs={k.upper(): Peg(anchor=str(v["anchor"]).upper(), units=float(v["units"]),
                             since=int(v["since"]), source=str(v["source"]))
              for k, v in data["pegs"].items()})


@cache
def _schema_text() -> str:
    return resources.files("chuhai.data.reference").joinpath(
        "ocds_release_schema.json").read_text("utf-8")


def release_schema() -> dict[str, Any]:
    """A fresh copy of the shipped OCDS 1.1.4 release schema (the merger dereferences it)."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema
