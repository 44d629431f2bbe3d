"""Resolve what a scan is about: the product codes, the window of years, the HS revision
used in each year, and how much of the world the warehouse covers.

Also a small per-process cache for warehouse-wide aggregates, keyed by the database
file's identity (path, size, mtime): a new import invalidates it.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import duckdb

from chuhai.data.codes import HS_REVISIONS, PRODUCT
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError, NotFoundError

__all__ = [
    "Window", "all_years", "cached", "dimension", "resolve_product", "resolve_window",
    "year_revisions",
]

#: The newest HS revision (chuhai.data.codes.HS_REVISIONS) present in a year is used for that year.
DEFAULT_WINDOW = 5

T = TypeVar("T")
_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_SIZE = 32


def cached(wh: Warehouse, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """Memoise ``compute()`` per warehouse file state and ``key`` (LRU, 32 entries)."""
    try:
        st = wh.db_path.stat()
        ident: tuple[Any, ...] = (str(wh.db_path), st.st_size, st.st_mtime_ns)
    except OSError:
        return compute()
    wal = wh.db_path.with_name(wh.db_path.name + ".wal")
    if wal.exists():  # uncheckpointed writes: key on the WAL too
        wst = wal.stat()
        ident += (wst.st_size, wst.st_mtime_ns)
    full = ident + key
    if full in _CACHE:
        _CACHE.move_to_end(full)
        return _CACHE[full]
    value = compute()
    _CACHE[full] = value
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def dimension(wh: Warehouse, con: duckdb.DuckDBPyConnection, name: str,
              key: tuple[Any, ...], select_sql: str) -> None:
    """Register the (small) result of ``select_sql`` as view ``name``, cached per warehouse
    state and ``key`` so repeated scans skip rebuilding it."""
    table = cached(wh, ("dim", name) + key, lambda: con.sql(select_sql).to_arrow_table())
    con.register(name, table)


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
    warnings: tuple[str, ...]

    @property
    def n(self) -> int:
        return len(self.years)

    def rev_values_sql(self) -> str:
        """``VALUES`` rows (year, hs_revision) for joining against trade."""
        return ", ".join(f"({y}, '{r}')" for y, r in sorted(self.revisions.items()))


RAW_SQL = """
CREATE OR REPLACE TEMP TABLE _m_raw AS
SELECT year, hs_revision, exporter, importer, hs6, sum(value_usd) AS v,
       sum(quantity_t) AS q, sum(CASE WHEN quantity_t > 0 THEN value_usd END) AS vq
FROM trade WHERE {pred} AND year BETWEEN {lo} AND {hi} AND exporter <> importer
GROUP BY ALL
"""


def _product_years(con: duckdb.DuckDBPyConnection, pred: str, lo: int,
                   hi: int) -> list[tuple[int, str, int]]:
    """Scan trade once for the product into ``_m_raw``; (year, revision, rows) present."""
    con.execute(RAW_SQL.format(pred=pred, lo=lo, hi=hi))
    return [(int(y), str(r), int(n)) for y, r, n in con.execute(
        "SELECT year, hs_revision, count(*) FROM _m_raw GROUP BY ALL ORDER BY 1").fetchall()]


def year_revisions(wh: Warehouse, con: duckdb.DuckDBPyConnection) -> dict[int, tuple[str, ...]]:
    """Every year with trade and the HS revisions stored for it (one cached scan)."""
    def compute() -> dict[int, tuple[str, ...]]:
        out: dict[int, list[str]] = {}
        for y, r in con.execute("SELECT DISTINCT year, hs_revision FROM trade").fetchall():
            out.setdefault(int(y), []).append(str(r))
        return {y: tuple(sorted(rs)) for y, rs in sorted(out.items())}
    return cached(wh, ("year_revisions",), compute)


def all_years(wh: Warehouse, con: duckdb.DuckDBPyConnection) -> list[int]:
    """Every year with any trade in the warehouse (cached)."""
    return list(year_revisions(wh, con))


def resolve_window(
    wh: Warehouse, con: duckdb.DuckDBPyConnection, pred: str, label: str,
    years: tuple[int, int] | None,
) -> Window:
    """Years of the window present for the product; one HS revision per year."""
    every = all_years(wh, con)
    if not every:
        raise NotFoundError(f"the warehouse {wh.home} holds no trade")
    lo, hi = years if years is not None else (every[-DEFAULT_WINDOW:][0], every[-1])
    rows = _product_years(con, pred, lo, hi)
    if not rows and years is None:  # the product is absent from the latest years
        rows = _product_years(con, pred, every[0], every[-1])
    if not rows:
        raise NotFoundError(f"no trade for product {label} in the warehouse {wh.home}"
                            + ("" if years is None else f" in {years[0]}-{years[1]}"))
    present = sorted({y for y, _, _ in rows})
    warnings: list[str] = []
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
            warnings.append(f"no trade data for {label} in {', '.join(map(str, missing))}: "
                            f"averages use the {len(chosen)} year(s) present")
    revs: dict[int, str] = {}
    for y in chosen:
        cands = [(HS_REVISIONS.index(r) if r in HS_REVISIONS else -1, r, n)
                 for yy, r, n in rows if yy == y]
        best = max(cands)
        revs[y] = best[1]
        if len(cands) > 1:
            warnings.append(f"{y}: {label} is stored in {len(cands)} HS revisions "
                            f"({', '.join(sorted(c[1] for c in cands))}); using {best[1]} only "
                            "so flows are not counted twice")
    if len(set(revs.values())) > 1:
        spans = ", ".join(f"{y} {r}" for y, r in sorted(revs.items()))
        warnings.append(f"the window mixes HS revisions ({spans}); codes are compared as "
                        "stored, without a concordance — growth across a revision change may "
                        "reflect reclassification")
    hs6 = tuple(str(r[0]) for r in con.execute(
        "SELECT DISTINCT hs6 FROM _m_raw WHERE year IN "
        f"({', '.join(map(str, chosen))}) ORDER BY 1").fetchall())
    return Window(years=tuple(chosen), revisions=revs, hs6=hs6, warnings=tuple(warnings))


def coverage(wh: Warehouse, con: duckdb.DuckDBPyConnection, win: Window) -> dict[str, Any]:
    """How many reporters the warehouse's trade covers in the window (cached)."""
    ys = ", ".join(map(str, win.years))

    def compute() -> dict[str, Any]:
        # HyperLogLog counts: exact enough to tell a partial world, cheap at 50 M rows
        row = con.execute(
            f"SELECT approx_count_distinct(exporter), approx_count_distinct(importer) "
            f"FROM trade WHERE year IN ({ys})").fetchone()
        n_exp, n_imp = (int(row[0]), int(row[1])) if row else (0, 0)
        listed = None
        if n_exp <= 20:
            listed = [r[0] for r in con.execute(
                f"SELECT DISTINCT exporter FROM trade WHERE year IN ({ys}) ORDER BY 1"
            ).fetchall()]
            n_exp = len(listed)
        partial = n_exp < 0.5 * n_imp
        return {"exporters": n_exp, "importers": n_imp, "partial": partial,
                "exporters_listed": listed if n_exp <= 12 else None}
    return cached(wh, ("coverage", ys), compute)


def coverage_note(cov: dict[str, Any]) -> str | None:
    if not cov["partial"]:
        return None
    who = f" ({', '.join(cov['exporters_listed'])})" if cov.get("exporters_listed") else ""
    return (f"partial world: the warehouse holds exports of only {cov['exporters']} "
            f"reporter(s){who} against {cov['importers']} importers — world imports, market "
            "shares, competitors and the export potential cover only these exporters")
