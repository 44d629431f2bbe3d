"""The links between HS revisions, by pair: the packaged UNSD table or a warehouse's own.

``hs_links.parquet`` (derived by ``scripts/derive_hs_concordance.py``) holds every
Correlation link of UNSD's 21 workbooks; a warehouse may hold imported ones (source
``unsd-hs``, read by :func:`chuhai.data.queries.hs_links.imported_links`). ``links(S, T,
imported)`` gives source code -> target codes for converting S to T, after HS2022's sweep
rule (see :mod:`chuhai.data.reference.concordance`), from ``imported`` when it holds the
pair, else from the package.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from chuhai.errors import InputError

__all__ = ["PACKAGED", "REVISIONS", "SWEEP_CODES", "LinkTable", "check_revision", "link_table",
           "links", "pair_key"]

#: HS revisions, oldest first.
REVISIONS = ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22")
#: HS2022 code prefixes whose Correlation links sweep hundreds of older codes.
SWEEP_CODES = ("8549", "8524", "852990")
#: ``ConcordanceSummary.source`` of links from the package (else ``warehouse:<id> (<file>)``).
PACKAGED = "packaged"


@dataclass(frozen=True, slots=True, eq=False)
class LinkTable:
    """The Correlation links of one pair, ``newer`` -> ``older``: ``(new, old, conv)`` rows
    (``conv``: the Conversion sheet maps ``new`` to ``old``) and where they come from.
    Compared and hashed by identity (a cache key; the read side caches one per warehouse)."""

    newer: str
    older: str
    rows: tuple[tuple[str, str, bool], ...]
    source: str = PACKAGED


def check_revision(revision: str) -> str:
    rev = revision.strip().upper()
    if rev not in REVISIONS:
        raise InputError(f"unknown HS revision {revision!r} (known: {', '.join(REVISIONS)})",
                         field="hs_revision")
    return rev


@cache
def _table() -> pa.Table:
    with files("chuhai.data.reference").joinpath("hs_links.parquet").open("rb") as fh:
        return pq.read_table(fh)


def _sweep(code: str) -> bool:
    return code.startswith(SWEEP_CODES)


def _order(src: str, dst: str) -> tuple[str, str]:
    return (src, dst) if REVISIONS.index(src) > REVISIONS.index(dst) else (dst, src)


def pair_key(newer: str, older: str) -> str:
    """The key of a pair in ``imported`` mappings: ``"HS22>HS17"`` (newer first)."""
    return f"{newer}>{older}"


@cache
def _packaged(newer: str, older: str) -> LinkTable:
    t = _table()
    t = t.filter(pc.and_(pc.equal(pc.cast(t["new_rev"], pa.string()), newer),
                         pc.equal(pc.cast(t["old_rev"], pa.string()), older)))
    rows = zip(t["new"].to_pylist(), t["old"].to_pylist(), t["conv"].to_pylist(), strict=True)
    return LinkTable(newer, older, tuple((n, o, bool(c)) for n, o, c in rows))


def link_table(from_revision: str, to_revision: str,
               imported: Mapping[str, LinkTable] | None = None) -> LinkTable:
    """The links between two revisions: the warehouse's (``imported``) if it holds the pair,
    else the packaged ones."""
    newer, older = _order(check_revision(from_revision), check_revision(to_revision))
    found = (imported or {}).get(pair_key(newer, older))
    return found if found is not None else _packaged(newer, older)


def links(from_revision: str, to_revision: str,
          imported: Mapping[str, LinkTable] | None = None) -> dict[str, tuple[str, ...]]:
    """Source code -> its target codes, after the sweep rule (see the module doc)."""
    src, dst = check_revision(from_revision), check_revision(to_revision)
    if src == dst:
        return {}
    return _links(src, dst, link_table(src, dst, imported))


@lru_cache(maxsize=128)
def _links(src: str, dst: str, table: LinkTable) -> dict[str, tuple[str, ...]]:
    newer = table.newer
    out: dict[str, list[str]] = defaultdict(list)
    sweep_only: dict[str, list[str]] = defaultdict(list)
    for new, old, conv in table.rows:
        swept = newer == "HS22" and _sweep(new)
        if src == newer:
            if not swept or conv:
                out[new].append(old)
        elif swept:
            sweep_only[old].append(new)
        else:
            out[old].append(new)
    for old, news in sweep_only.items():
        if old not in out:  # an older code found only in a sweeping heading
            out[old] = news
    return {k: tuple(sorted(set(v))) for k, v in out.items()}
