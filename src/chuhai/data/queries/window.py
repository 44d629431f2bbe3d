"""What a query is about: the product codes, the window of years, the HS revision used in
each year, and how much of the world the warehouse covers.

HS revisions, oldest first: the newest present in a year is used for that year, so a
flow stored in two revisions is never counted twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from chuhai.data.codes import HS6, HS_REVISIONS, PRODUCT
from chuhai.data.queries import messages as msg
from chuhai.data.queries import tradesums
from chuhai.data.queries.identity import cached
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError, NotFoundError
from chuhai.messages import Message

__all__ = [
    "DEFAULT_WINDOW", "HS_REVISIONS", "Window", "all_years", "choose_window", "coverage",
    "window_years",
    "global_revisions", "lines_sql", "newest_revision", "resolve_product", "short_year",
    "year_revisions",
]

#: Years in the default window (the newest HS revision present in a year is used for it).
DEFAULT_WINDOW = 5


def newest_revision(revisions: Sequence[str]) -> str:
    """The newest of ``revisions`` (unknown names count as older than HS92)."""
    rank = {r: i for i, r in enumerate(HS_REVISIONS)}
    return max(revisions, key=lambda r: rank.get(r, -1))


def resolve_product(product: str | Sequence[str]) -> tuple[str, tuple[str, ...], str]:
    """``(label, codes, sql_predicate)`` for one HS6, several, or an HS4/HS2 group.

    Codes are digits only; a 2- or 4-digit code means every HS6 under it.
    """
    items = [product] if isinstance(product, str) else list(product)
    codes: list[str] = []
    for item in items:
        for code in re.split(r"[,\s]+", str(item).strip()):
            if not code:
                continue
            if not re.fullmatch(PRODUCT, code):
                raise InputError(
                    f"product {code!r} is not an HS code of 2, 4 or 6 digits", field="product"
                )
            codes.append(code)
    if not codes:
        raise InputError("no product code given", field="product")
    codes = sorted(dict.fromkeys(codes))
    exact = [c for c in codes if len(c) == 6]
    groups = [c for c in codes if len(c) < 6]
    parts = []
    if exact:
        parts.append("hs6 IN (" + ", ".join(f"'{c}'" for c in exact) + ")")
    parts += [f"hs6 LIKE '{g}%'" for g in groups]
    return ",".join(codes), tuple(codes), "(" + " OR ".join(parts) + ")"


@dataclass(frozen=True, slots=True)
class Window:
    """The years used, the HS revision per year, and warnings about gaps."""

    years: tuple[int, ...]
    revisions: dict[int, str]
    hs6: tuple[str, ...]
    warnings: tuple[Message, ...]

    @property
    def n(self) -> int:
        return len(self.years)

    def rev_values_sql(self) -> str:
        """``VALUES`` rows (year, hs_revision) for joining against trade."""
        return ", ".join(f"({y}, '{r}')" for y, r in sorted(self.revisions.items()))


def short_year(win: Window, span: int) -> int:
    """The window year ``span`` years before the last (or the nearest earlier one)."""
    target = win.years[-1] - span
    earlier = [y for y in win.years if y <= target]
    return earlier[-1] if earlier else win.years[0]


def year_revisions(wh: Warehouse, con: duckdb.DuckDBPyConnection) -> dict[int, tuple[str, ...]]:
    """Every year with trade and the HS revisions stored for it (from the persisted
    sums, cached)."""
    def compute() -> dict[int, tuple[str, ...]]:
        out: dict[int, list[str]] = {}
        tradesums.register(wh, con)
        for y, r in con.execute("SELECT DISTINCT year, hs_revision FROM _agg_pairs").fetchall():
            out.setdefault(int(y), []).append(str(r))
        return {y: tuple(sorted(rs)) for y, rs in sorted(out.items())}
    return cached(wh, ("year_revisions",), compute)


def all_years(wh: Warehouse, con: duckdb.DuckDBPyConnection) -> list[int]:
    """Every year with any trade in the warehouse (cached)."""
    return list(year_revisions(wh, con))


def window_years(wh: Warehouse, con: duckdb.DuckDBPyConnection,
                 years: tuple[int, int] | None) -> tuple[int, ...]:
    """The years of a full-table window: the newest :data:`DEFAULT_WINDOW` years with trade,
    or those present within ``years`` (A, B); NotFoundError when none is."""
    present = all_years(wh, con)
    chosen = present[-DEFAULT_WINDOW:] if years is None else \
        [y for y in present if years[0] <= y <= years[1]]
    if not chosen:
        raise NotFoundError(msg.NO_TRADE_YEARS(), home=str(wh.home))
    return tuple(chosen)


def global_revisions(wh: Warehouse, con: duckdb.DuckDBPyConnection,
                     years: tuple[int, ...]) -> str:
    """SQL condition on ``trade t`` keeping ``years`` and, per year, only the newest HS
    revision stored in the whole table (no revision test when each year has just one:
    an expression per flow is not free at 50 M rows)."""
    revs = year_revisions(wh, con)
    ys = [y for y in years if y in revs] or list(years)
    cond = f"t.year IN ({', '.join(map(str, ys))})"
    if all(len(revs.get(y, ())) <= 1 for y in ys):
        return cond
    whens = " ".join(f"WHEN {y} THEN '{newest_revision(revs[y])}'" for y in ys if y in revs)
    return f"{cond} AND t.hs_revision = (CASE t.year {whens} END)"


def choose_window(
    every: Sequence[int], rows: Sequence[tuple[int, str, int]], label: str,
    years: tuple[int, int] | None,
) -> tuple[tuple[int, ...], dict[int, str], tuple[Message, ...]]:
    """The window's years, the revision per year and the warnings, from every year with
    trade (``every``) and the product's (year, revision, rows) present (``rows``)."""
    present = sorted({y for y, _, _ in rows})
    warnings: list[Message] = []
    if years is None:
        chosen = [y for y in every if y in present][-DEFAULT_WINDOW:]
        if not chosen:
            chosen = present[-DEFAULT_WINDOW:]
    else:
        lo, hi = years
        if lo > hi:
            raise InputError(f"years {lo}-{hi}: the first year is after the last", field="years")
        chosen = [y for y in present if lo <= y <= hi]
        missing = [y for y in range(lo, hi + 1) if y not in present]
        if not chosen:
            raise NotFoundError(f"no trade for product {label} in {lo}-{hi} "
                                f"(the warehouse has {present[0]}-{present[-1]})")
        if missing:
            warnings.append(msg.MISSING_YEARS(product=label, missing=tuple(missing),
                                              n=len(chosen)))
    revs: dict[int, str] = {}
    for y in chosen:
        cands = [(HS_REVISIONS.index(r) if r in HS_REVISIONS else -1, r, n)
                 for yy, r, n in rows if yy == y]
        best = max(cands)
        revs[y] = best[1]
        if len(cands) > 1:
            warnings.append(msg.TWO_REVISIONS(year=y, product=label, n=len(cands), used=best[1],
                                              revisions=tuple(sorted(c[1] for c in cands))))
    if len(set(revs.values())) > 1:
        warnings.append(msg.MIXED_REVISIONS(spans=tuple(
            msg.YEAR_REVISION(year=y, revision=r) for y, r in sorted(revs.items()))))
    return tuple(chosen), revs, tuple(warnings)


def coverage(wh: Warehouse, con: duckdb.DuckDBPyConnection, win: Window) -> dict[str, Any]:
    """How many reporters the warehouse's trade covers in the window (cached)."""
    ys = ", ".join(map(str, win.years))

    def compute() -> dict[str, Any]:
        tradesums.register(wh, con)  # exact counts from the persisted sums: no pass over trade
        row = con.execute(
            f"SELECT count(DISTINCT exporter), count(DISTINCT importer) "
            f"FROM _agg_pairs WHERE year IN ({ys})").fetchone()
        n_exp, n_imp = (int(row[0]), int(row[1])) if row else (0, 0)
        listed = None
        if n_exp <= 20:
            listed = [r[0] for r in con.execute(
                f"SELECT DISTINCT exporter FROM _agg_pairs WHERE year IN ({ys}) ORDER BY 1"
            ).fetchall()]
        partial = n_exp < 0.5 * n_imp
        return {"exporters": n_exp, "importers": n_imp, "partial": partial,
                "exporters_listed": listed if n_exp <= 12 else None}
    return cached(wh, ("coverage", ys), compute)


def lines_sql(column: str, lines: tuple[str, str] | None) -> str:
    """``AND column BETWEEN 'lo' AND 'hi'`` for an HS6 range (first, last), or ''."""
    if lines is None:
        return ""
    if not all(re.fullmatch(HS6, x) for x in lines) or lines[0] > lines[1]:
        raise InputError(f"a product range is two HS6 codes, first ≤ last, not {lines!r}",
                         field="lines")
    return f"AND {column} BETWEEN '{lines[0]}' AND '{lines[1]}'"
