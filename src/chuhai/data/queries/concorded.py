"""The scan's product flows in one HS revision: the source-revision codes that map into
the product, and the conversion of ``_m_raw`` with UNSD's tables
(:mod:`chuhai.data.reference.concordance`), on the connection :mod:`.scan` manages.

A product is given in the *target* revision T (``--hs-revision``, default the newest in
the window). For a year stored in another revision S, the flows read are those of the S
codes whose links reach a product code (plus the S codes that match the product as
stored); :func:`convert_raw` converts them to T (1:1 and n:1 whole; 1:n and n:n split
by T's world trade of the target codes in the window's years, else equally), keeps the
parts that land on product codes, and splits tonnes with the value. The conversion's
summary is the result's ``concordance`` block. ``imported``: the warehouse's own UNSD
links by pair (:func:`chuhai.data.queries.hs_links.imported_links`), used instead of the
packaged ones for the pairs it holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import duckdb

from chuhai.data.queries import messages as msg
from chuhai.data.queries.window import Window
from chuhai.data.reference.concordance import ConcordanceSummary, LinkTable, convert_table, links

__all__ = ["convert_raw", "extended_pred", "source_codes"]


def _in_product(code: str, codes: Sequence[str]) -> bool:
    """``code`` (HS6) is one of ``codes`` or under one of its HS2/HS4 groups."""
    return any(code == c if len(c) == 6 else code.startswith(c) for c in codes)


def source_codes(codes: Sequence[str], source: str, target: str,
                 imported: Mapping[str, LinkTable] | None = None) -> tuple[str, ...]:
    """The ``source``-revision codes with a link into the product ``codes`` of ``target``."""
    table = links(source, target, imported)
    return tuple(sorted(s for s, ts in table.items() if any(_in_product(t, codes) for t in ts)))


def extended_pred(pred: str, codes: Sequence[str], revisions: Iterable[str], target: str,
                  imported: Mapping[str, LinkTable] | None = None) -> str:
    """``pred`` widened, for each other revision, to the codes that map into the product."""
    parts = [pred]
    for rev in sorted(set(revisions) - {target}):
        src = source_codes(codes, rev, target, imported)
        if src:
            parts.append(f"(hs_revision = '{rev}' AND hs6 IN ("
                         + ", ".join(f"'{c}'" for c in src) + "))")
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def _weights(con: duckdb.DuckDBPyConnection, targets: set[str], target: str,
             years: tuple[int, ...]) -> Mapping[str, float]:
    """World trade of ``targets`` in ``target``: the window's years, else every year."""
    if not targets:
        return {}
    codes = ", ".join(f"'{c}'" for c in sorted(targets))
    for cond in (f"year IN ({', '.join(map(str, years))})", "true"):
        rows = con.execute(f"SELECT hs6, sum(value_usd) FROM trade WHERE hs_revision = '{target}' "
                           f"AND hs6 IN ({codes}) AND {cond} GROUP BY hs6").fetchall()
        if rows:
            return {str(h): float(v) for h, v in rows}
    return {}


CONVERTED_SQL = """
CREATE OR REPLACE TEMP TABLE _m_raw AS
SELECT year, hs_revision, exporter, importer, hs6, sum(v) AS v, sum(q) AS q, sum(vq) AS vq
FROM (
    SELECT year, hs_revision, exporter, importer, hs6, v,
           q * CASE WHEN v0 > 0 THEN v / v0 ELSE 1.0 / count(*) OVER (PARTITION BY rid) END AS q,
           vq * CASE WHEN v0 > 0 THEN v / v0 ELSE 1.0 / count(*) OVER (PARTITION BY rid) END AS vq
    FROM _m_conv
    UNION ALL
    SELECT t.year, t.hs_revision, t.exporter, t.importer, t.hs6, t.v, t.q, t.vq
    FROM _m_raw t JOIN (VALUES {keep}) r(year, rev) ON t.year = r.year AND t.hs_revision = r.rev
) WHERE {pred}
GROUP BY ALL
"""


def convert_raw(con: duckdb.DuckDBPyConnection, win: Window, pred: str, codes: Sequence[str],
                target: str, imported: Mapping[str, LinkTable] | None = None,
                ) -> tuple[Window, ConcordanceSummary | None]:
    """Rewrite ``_m_raw`` in ``target`` for the window's years; the new window (every year
    in ``target``, the mixed-revisions warning replaced by a note) and the summary.
    Nothing converted (every year already in ``target``): ``_m_raw`` keeps only the
    product's rows and the summary is None."""
    keep = [(y, r) for y, r in sorted(win.revisions.items()) if r == target]
    other = [(y, r) for y, r in sorted(win.revisions.items()) if r != target]
    if not other:
        con.execute(f"DELETE FROM _m_raw WHERE NOT {pred}")
        return win, None
    vals = ", ".join(f"({y}, '{r}')" for y, r in other)
    src = con.sql(f"""SELECT t.year, t.hs_revision, t.exporter, t.importer, t.hs6, t.v, t.q, t.vq,
                             t.v AS v0, row_number() OVER () AS rid
                      FROM _m_raw t JOIN (VALUES {vals}) r(year, rev)
                          ON t.year = r.year AND t.hs_revision = r.rev""").to_arrow_table()
    present = set(zip(src["hs_revision"].to_pylist(), src["hs6"].to_pylist(), strict=True))
    targets = {t for rev, code in present for t in links(rev, target, imported).get(code, ())}
    table, summary = convert_table(
        src, target, weights=_weights(con, targets, target, win.years), value_col="v",
        imported=imported)
    con.register("_m_conv", table)
    no_row = "(NULL::INT, NULL::VARCHAR)"
    con.execute(CONVERTED_SQL.format(
        pred=pred, keep=", ".join(f"({y}, '{r}')" for y, r in keep) or no_row))
    con.unregister("_m_conv")
    spans = tuple(msg.YEAR_REVISION(year=y, revision=r) for y, r in other)
    note = msg.CONVERTED(spans=spans, target=target, share=summary.share_split)
    warnings = tuple(w for w in win.warnings if w.code != msg.MIXED_REVISIONS.code) + (note,)
    return Window(years=win.years, revisions={y: target for y in win.years}, hs6=win.hs6,
                  warnings=warnings), summary

