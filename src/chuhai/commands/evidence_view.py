"""The real contracts beside a simulated tender (``chuhai tender simulate`` on a tender file
that names its goods in ``tender.products``), from the warehouse's award data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table

import chuhai.commands.lang as cli_lang
from chuhai.commands.common import console, open_warehouse

__all__ = ["print_evidence", "tender_evidence"]


def tender_evidence(tender: Any, warehouse: Path | None) -> Any:
    """The award evidence for a tender's buyer × its ``tender.products`` (a HistoryResult),
    or None when the file names no products or the warehouse holds no awards."""
    from chuhai.tenders.history import history  # lazy: start-up speed

    products = tuple(tender.tender.products)
    wh = open_warehouse(warehouse)
    if not products or not wh.exists():
        return None
    res = history(wh, country=tender.tender.buyer_country, products=products)
    return res if res.available else None


def print_evidence(res: Any, top: int = 10) -> None:
    """The real contracts beside a simulated tender: shares and the largest contracts."""
    from chuhai.i18n.catalogs import translations  # lazy: start-up speed (Babel)

    lang = cli_lang.current()
    t = (lambda s: s) if lang == "en" else translations(lang).gettext
    s = res.shares
    console.print(f"[bold]{t('Real awards')}: {res.country} × HS {', '.join(res.products)}[/] — "
                  f"{res.n_contracts} {t('contracts')}, n = {s.n}", highlight=False)
    console.print("  " + ", ".join(
        f"{t(o)} {s.counts[o]}/{s.n}" + ("" if getattr(s, f"{o}_share") is None else
                                         f" ({getattr(s, f'{o}_share'):.0%}, {s.intervals[o][0]:.0%}–"
                                         f"{s.intervals[o][1]:.0%})")
        for o in ("domestic", "bloc", "chinese", "other")), highlight=False)
    ct = Table(t("FY"), t("supplier"), t("country"), "US$", t("method"), t("description"))
    for c in res.contracts[:top]:
        ct.add_row(str(c.fiscal_year or "—"), c.supplier or "—", c.supplier_country or "—",
                   "—" if c.amount_usd is None else f"{c.amount_usd:,.0f}", c.method or "—",
                   (c.description or "")[:50])
    console.print(ct)
