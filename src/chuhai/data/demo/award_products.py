"""The product match of the shipped World Bank awards, shipped beside them.

Matching the 67,769 packaged award descriptions against the procurement rules is the
largest single step of a demo build (~5 s of regular-expression search). Its result depends
only on the packaged awards and on the matcher (the rules file and the matching code), so it
is computed once by ``scripts/derive_wb_contract_products.py`` with the very hook an import
runs (:func:`chuhai.data.derived.contract_products`) and shipped as
``wb_contract_products.parquet``, with the fingerprints of its inputs in the file's metadata.
A demo build stages that table when both fingerprints match the installed package, and runs
the matcher otherwise (so an edited rule is never ignored); ``tests/test_demo_award_products.py``
checks the shipped table is the matcher's output today.
"""

from __future__ import annotations

import hashlib
from importlib.resources import files
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from chuhai.data.demo.awards import awards_note

__all__ = ["PRODUCTS_FILE", "matcher_fingerprint", "packaged_products", "with_metadata"]

PRODUCTS_FILE = "wb_contract_products.parquet"
_KEY_MATCHER, _KEY_AWARDS = b"chuhai.matcher_sha256", b"chuhai.awards_sha256"
#: what the match depends on: the rules and the code that applies them
_MATCHER = (("chuhai.data.reference", "procurement_rules.toml"),
            ("chuhai.data.reference", "procurement_rules.py"),
            ("chuhai.data", "derived.py"))


def matcher_fingerprint() -> str:
    h = hashlib.sha256()
    for package, name in _MATCHER:
        h.update(files(package).joinpath(name).read_bytes())
    return h.hexdigest()


def with_metadata(table: pa.Table) -> pa.Table:
    """``table`` stamped with the fingerprints of today's matcher and packaged awards."""
    return table.replace_schema_metadata({_KEY_MATCHER: matcher_fingerprint().encode(),
                                          _KEY_AWARDS: awards_note().sha256.encode()})


def packaged_products(path: Path | None = None) -> pa.Table | None:
    """The shipped ``contract_products`` of the packaged awards, or None when the file is
    absent or was derived by another matcher or from other awards."""
    source = files("chuhai.data.demo").joinpath(PRODUCTS_FILE) if path is None else path
    try:
        with source.open("rb") as fh:
            table = pq.read_table(fh)
    except (OSError, pa.ArrowInvalid):
        return None
    meta = table.schema.metadata or {}
    if (meta.get(_KEY_MATCHER) != matcher_fingerprint().encode()
            or meta.get(_KEY_AWARDS) != awards_note().sha256.encode()):
        return None
    return table.replace_schema_metadata(None)
