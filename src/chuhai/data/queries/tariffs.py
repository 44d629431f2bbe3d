"""The applied-tariff rule, written once as SQL fragments, and the tariff-line lookup.

Applied tariff of importer j on supplier s for line h (the latest rate at or before the
last window year, else the earliest later one — :func:`rate_order_sql`):

1. a partner-specific (preferential) row ``tariffs(partner = s)``, as given;
2. else 0 when j and s are in the same customs union in force (internal tariffs of a CU
   are zero by definition);
3. else 0 when they share another agreement in force and ``fta_zero`` is set (not an
   ``MOU``: Belt and Road cooperation documents give no tariff preference);
4. else the MFN row;
5. else unknown (NULL) — never a silent zero.

The one-product scan applies it per flow (:data:`chuhai.data.queries._scan_sql.RATE_SQL`),
the full export-potential table per flow and per cell
(:mod:`chuhai.data.queries.potential_all`); both build it from these fragments.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from chuhai.data.queries import messages as msg
from chuhai.data.warehouse import Warehouse
from chuhai.errors import ChuhaiError, WarehouseError

__all__ = ["CUSTOMS_UNION", "TARIFF_AGREEMENT", "TariffLine", "applied_rate_sql", "rate_order_sql", "tariff_line", "zero_rate_sql"]


#: SQL conditions on an agreement's ``type``: a customs union (step 2), and an agreement
#: that can carry a tariff preference at all (step 3; memoranda of understanding do not).
CUSTOMS_UNION = "type LIKE 'CU%'"
TARIFF_AGREEMENT = "type <> 'MOU'"


def rate_order_sql(last_year: int) -> str:
    """Sort key over ``tariffs.year``: the latest year at or before ``last_year`` first,
    then the later years, earliest first (``arg_min(rate, key)`` picks the rate)."""
    return (f"CASE WHEN year <= {last_year} THEN {last_year} - year "
            f"ELSE 1000 + year - {last_year} END")


def zero_rate_sql(customs_union: str, other_agreement: str, fta_zero: bool) -> str:
    """Steps 2-3: ``0.0`` when the pair shares a customs union (or, with ``fta_zero``,
    another agreement) in force, else NULL. Arguments are boolean SQL expressions."""
    fz = "true" if fta_zero else "false"
    return f"CASE WHEN {customs_union} THEN 0.0 WHEN {other_agreement} AND {fz} THEN 0.0 END"


def applied_rate_sql(preferential: str | None, zero: str, mfn: str | None) -> str:
    """Steps 1-5 as one expression: the preferential rate, else the zero of steps 2-3,
    else MFN, else NULL. ``None`` leaves a step out (no preferential rows; MFN added
    later in aggregate)."""
    parts = [p for p in (preferential, zero, mfn) if p is not None]
    return parts[0] if len(parts) == 1 else f"coalesce({', '.join(parts)})"


@dataclass(frozen=True, slots=True)
class TariffLine:
    """One stored tariff row: partner (a country or ``MFN``), year, rate, source."""

    partner: str
    year: int
    rate: float
    non_ad_valorem: bool
    source: str


LINE_SQL = ("SELECT partner, year, rate, non_ad_valorem, source FROM tariffs "
            "WHERE importer = ? AND hs6 = ? AND partner IN (?, 'MFN') AND year <= ? "
            "AND rate IS NOT NULL ORDER BY (partner = 'MFN'), year DESC LIMIT 1")


def tariff_line(wh: Warehouse, *, importer: str, partner: str, hs6: str,
                year: int) -> TariffLine | None:
    """The latest known rate of ``importer`` on ``partner`` for ``hs6`` at or before
    ``year``: the preferential row when there is one, else MFN; None when neither."""
    try:
        with wh.connect() as con:
            row = con.execute(LINE_SQL, [importer, hs6, partner, year]).fetchone()
    except ChuhaiError:
        raise
    except duckdb.Error as exc:  # translate at the boundary
        raise WarehouseError(msg.TARIFFS_UNREADABLE(), home=str(wh.home), cause=str(exc)) from exc
    if row is None:
        return None
    p, yr, rate, nav, src = row
    return TariffLine(str(p), int(yr), float(rate), bool(nav), str(src))
