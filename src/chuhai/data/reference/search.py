"""Product search over the HS nomenclature, in English or Chinese.

A query is a code or code prefix ("9028", "848180") or words. Words are folded before
matching: case, English plurals, Traditional to Simplified Chinese (OpenCC ``t2s``: 水錶 →
水表), and a Latin word the catalogue does not know is split into words it does
("watermeter" → water meter). Each product is searched by its English description (the
warehouse's ``products`` table or the packaged HS 2022 list), its Chinese description
(``hs_zh.toml``: its own and its heading's) and its everyday terms (``hs_keywords.toml``).
Chinese text is matched by character bigrams, so no spaces are needed (智能水表).

When some product matches every word of the query, products that match only some are
left out: "water meter" finds meters, never mineral waters or toilet waters.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from collections import Counter
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chuhai.data.codes import ascii_digits
from chuhai.data.reference.hs import PACKAGED_REVISION, hs_descriptions
from chuhai.data.reference.hs_zh import hs_zh, zh_description
from chuhai.errors import NotFoundError

if TYPE_CHECKING:
    from chuhai.data.warehouse import Warehouse

__all__ = ["ProductMatch", "catalogue_source", "search_products", "tokens"]

_WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_Row = tuple[str, str, str, frozenset[str], frozenset[str]]


@dataclass(frozen=True, slots=True)
class ProductMatch:
    """A search hit; ``score`` in [0, 1], higher is better; ``description_zh`` from
    ``hs_zh.toml`` (None when its chapter has no entry)."""

    hs6: str
    hs_revision: str
    description: str
    score: float
    description_zh: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@cache
def _terms() -> dict[str, tuple[str, ...]]:
    text = resources.files("chuhai.data.reference").joinpath("hs_keywords.toml").read_text("utf-8")
    return {code: tuple(_fold(t) for t in terms) for code, terms in tomllib.loads(text)["terms"].items()}


@cache
def _t2s() -> Any:
    import opencc  # lazy: start-up speed (the conversion tables load only for a Chinese query)

    return opencc.OpenCC("t2s")


def _fold(text: str) -> str:
    """Case-folded, Traditional Chinese converted to Simplified."""
    text = text.casefold()
    return _t2s().convert(text) if _CJK.search(text) else text


def _stem(word: str) -> str:
    """Fold English plurals: batteries -> battery, boxes -> box, valves -> valve."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def tokens(text: str) -> list[str]:
    """Stemmed Latin words and Chinese character bigrams (a lone character as itself) of
    already folded ``text``."""
    out: list[str] = []
    for w in _WORD.findall(text):
        if _CJK.match(w):
            out += [w] if len(w) == 1 else [w[i:i + 2] for i in range(len(w) - 1)]
        else:
            out.append(_stem(w))
    return out


def _split(word: str, known: Counter[str]) -> list[str] | None:
    """``word`` as two or three words the catalogue knows (longest first part first)."""
    for i in range(len(word) - 2, 2, -1):
        head, tail = word[:i], word[i:]
        if head in known:
            if _stem(tail) in known:
                return [head, _stem(tail)]
            rest = _split(tail, known) if len(tail) >= 6 else None
            if rest and len(rest) == 2:
                return [head, *rest]
    return None


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
    """1.0 when the query is one of the product's everyday terms (spaces aside), 0.95 when
    it is part of one or one is part of it ("valve" in "ball valve", "水表" in "智能水表"
    and back), else 0."""
    best = 0.0
    q_set, q_bare = set(q_tokens), query.replace(" ", "").replace("-", "")
    for term in _terms().get(hs6, ()):
        t_set = set(tokens(term))
        if term == query or term.replace(" ", "").replace("-", "") == q_bare or (q_set and t_set == q_set):
            return 1.0
        cjk_inside = _CJK.match(term) and len(term) >= 2 and term in query
        if query in term or cjk_inside or (q_set and q_set <= t_set):
            best = 0.95
    return best


@lru_cache(maxsize=4)
def _prepare(rows: tuple[tuple[str, str, str], ...]) -> tuple[list[_Row], Counter[str]]:
    """Tokens of each product's English and Chinese descriptions (whole and head, the part
    before the first ';' or ':'), and document frequencies, cached per catalogue (in the
    process, and in the user cache keyed by the rows and this code: tokenising the 5,600
    packaged products takes ~1 s, the look-up's whole budget)."""
    from chuhai.data.reference.cache import cached_json, package_files  # lazy: start-up speed

    digest = hashlib.sha256("\n".join("\t".join(r) for r in rows).encode()).hexdigest()
    sources = [Path(__file__), *(Path(__file__).parent / n for n in ("hs_zh.py", "hs_zh.toml")),
               *package_files("opencc", "__init__.py", "opencc.py")]  # the folding
    stored = cached_json("hs-search", sources, lambda: [[*r[:3], sorted(r[3]), sorted(r[4])]
                                                        for r in _tokenise(rows)], extra=digest)
    out: list[_Row] = [(h, r, d, frozenset(toks), frozenset(head)) for h, r, d, toks, head in stored]
    return out, Counter(t for row in out for t in row[3])


def _tokenise(rows: tuple[tuple[str, str, str], ...]) -> list[_Row]:
    out: list[_Row] = []
    for h, r, d in rows:
        zh = _fold(" ".join(e.zh for e in (hs_zh(h), hs_zh(h[:4])) if e is not None))
        head = re.split(r"[;:]", d, maxsplit=1)[0]
        out.append((h, r, d, frozenset(tokens(_fold(d)) + tokens(zh)), frozenset(tokens(_fold(head)))))
    return out


def search_products(query: str, *, warehouse: Warehouse | None = None, limit: int = 20) -> list[ProductMatch]:
    """HS6 products matching ``query`` (a code, a code prefix or words in English or
    Chinese), best first, at most ``limit``. Searches the warehouse's ``products`` table
    when given and not empty, else the packaged HS 2022 list."""
    q = query.strip()
    if not q:
        raise NotFoundError("empty product query")
    rows = _catalogue(warehouse)
    digits = q.replace(".", "").replace(" ", "")
    if ascii_digits(digits):
        hits = [ProductMatch(h, r, d, 1.0 if h == digits else round(len(digits) / 6, 3), zh_description(h))
                for h, r, d in rows if h.startswith(digits)]
        return hits[:limit]
    folded = _fold(q)
    tokenised, df = _prepare(tuple(rows))
    q_tokens: list[str] = []
    for t in tokens(folded):
        q_tokens += ([t] if t in df or _CJK.match(t) else (_split(t, df) or [t]))
    n = max(len(tokenised), 1)
    idf = {t: math.log(1 + n / (1 + df.get(t, 0))) for t in q_tokens}
    total = sum(idf.values()) or 1.0
    scored: list[tuple[ProductMatch, bool]] = []
    for h, r, d, toks, head in tokenised:
        term = _term_score(folded, q_tokens, h)
        found = sum(idf[t] for t in set(q_tokens) if t in toks) / total
        bonus = 0.05 if found and set(q_tokens) & head else 0.0
        s = max(found * 0.9 + bonus, term)
        if s > 0.3:
            scored.append((ProductMatch(h, r, d, round(s, 3), zh_description(h)), term >= 0.95 or found >= 1.0))
    if any(whole for _, whole in scored):
        scored = [(m, whole) for m, whole in scored if whole]
    scored.sort(key=lambda mw: (-mw[0].score, mw[0].hs6, mw[0].hs_revision))
    return [m for m, _ in scored[:limit]]
