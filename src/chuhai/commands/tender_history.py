"""``chuhai tender history``: who won a buyer country's (or region's) contracts for a
product, from the award data in the warehouse (World Bank contract awards, OCDS)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import typer

import chuhai.commands.lang as cli_lang
from chuhai.commands.common import (
    JSON_OPT,
    WAREHOUSE_OPT,
    console,
    demo_banner,
    emit_json,
    err_console,
    open_warehouse,
)
from chuhai.commands.tables import Col, show
from chuhai.commands.tender import tender_app

#: the CSV's columns: the JSON contract's contract keys, the match flattened (the amount in
#: its own currency last, added after the first contract)
CSV_COLUMNS = ("contract_id", "fiscal_year", "award_date", "buyer_country", "supplier", "supplier_country",
               "origin", "bloc", "amount_usd", "method", "category", "project_id", "project_name",
               "description", "match_hs", "match_rule", "match_confidence", "source",
               "amount", "currency", "usd_flag")


def register(app: typer.Typer) -> None:
    tender_app.command("history")(history_cmd)


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(p.strip() for v in values for p in v.split(",") if p.strip())


#: the winner origins, in the order the tables show them
ORIGINS = ("domestic", "bloc", "chinese", "other")


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.0%}"


def _amount(c: Any) -> str:
    """US$ where the rate was stored, else the amount in its own currency."""
    if c.amount_usd is not None:
        return f"{c.amount_usd:,.0f}"
    return "—" if c.amount is None else f"{c.amount:,.0f} {c.currency or ''}".strip()


def contracts_csv(result: dict[str, Any]) -> str:
    """The contract list of a history result's JSON as CSV text."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for c in result["contracts"]:
        m = c.get("match") or {}
        row = {**c, "match_hs": m.get("hs"), "match_rule": m.get("rule"), "match_confidence": m.get("confidence")}
        w.writerow(["" if row.get(k) is None else row[k] for k in CSV_COLUMNS])
    return buf.getvalue()


def history_cmd(
    country: str | None = typer.Option(None, "--country", "-c", help="Buyer country: ISO3 or a name (e.g. MOZ, 莫桑比克)."),
    region: str | None = typer.Option(None, "--region", help="World Bank region code instead, e.g. AFE, AFW, LCR."),
    product: list[str] = typer.Option([], "--product", "-p", help="HS2/4/6 codes, comma-separated or repeated."),
    years: str | None = typer.Option(None, "--years", help="Fiscal years A-B (award year for OCDS)."),
    method: list[str] = typer.Option([], "--method", "-m", help="Procurement method ids, e.g. icb,ncb,rfb,direct."),
    top: int = typer.Option(15, "--top", help="Contracts shown in the table (all in --json/--csv)."),
    csv_out: Path | None = typer.Option(None, "--csv", help="Write the contract list as CSV."),
    lang: str | None = typer.Option(None, "--lang", help="Table language: en or zh (default: the CLI's)."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Who wins: counts, value and the shares won by domestic, same-bloc, Chinese and other
    suppliers (with n and a Wilson interval), by method, the largest winners and the contracts."""
    from chuhai.data.reference import resolve_country  # lazy: start-up speed
    from chuhai.data.years import parse_years  # lazy: start-up speed
    from chuhai.fileio import atomic_write  # lazy: start-up speed
    from chuhai.i18n import check_language  # lazy: start-up speed
    from chuhai.tenders.history import history  # lazy: start-up speed

    lang = lang or cli_lang.current()
    check_language(lang)
    if (country is None) == (region is None):
        raise typer.BadParameter("give exactly one of --country and --region")
    res = history(open_warehouse(warehouse), country=None if country is None else resolve_country(country),
                  region=None if region is None else region.upper(), products=_split(product),
                  years=parse_years(years, label="--years"), methods=_split(method))
    if json_out:
        from chuhai.i18n.catalogs import translations  # lazy: start-up speed (Babel)

        emit_json(res.to_dict() if lang == "en" else _to_json(res, lang, translations(lang).gettext))
    if csv_out:
        atomic_write(csv_out, contracts_csv(res.to_dict()).encode("utf-8"))
        err_console.print(f"wrote {csv_out}")
    if not json_out:
        _print(res, lang, top)


def _to_json(res: object, lang: str, translate: Any) -> Any:
    from chuhai.serialise import to_json  # lazy: start-up speed

    return to_json(res, lang, translate)


def _print(res: Any, lang: str, top: int) -> None:
    from chuhai.data.reference.procurement_methods import load_methods  # lazy: start-up speed
    from chuhai.i18n.catalogs import message_text, translations  # lazy: start-up speed (Babel)

    t = (lambda s: s) if lang == "en" else translations(lang).gettext
    demo_banner(res.demo)
    s = res.shares
    where = res.country or res.region
    console.print(f"[bold]{t('Who wins')}: {where} × {', '.join(res.products) or t('all products')}[/] — "
                  + t("%(n)s contracts") % {"n": f"{res.n_contracts:,}"} + f", US$ {res.value_usd:,.0f}",
                  highlight=False)
    rows = [[t(o), _pct(getattr(s, f"{o}_share")), f"{s.counts[o]}/{s.n}",
             "{:.0%}–{:.0%}".format(*s.intervals[o])] for o in ORIGINS]
    show(console, [Col(t("winners")), Col(t("share"), "right"), Col(t("count"), "right"),
                   Col(t("95% interval"), "right", drop=1)], rows, title=t("Shares of awards"))
    names = {k: m.label(lang) for k, m in load_methods().items()}
    rows = [[names.get(m.method, m.method), str(m.contracts), str(m.shares.n),
             *(_pct(getattr(m.shares, f"{o}_share")) for o in ORIGINS)] for m in res.by_method]
    show(console, [Col(t("method"), wrap=True), Col(t("contracts"), "right"), Col(t("Sample"), "right", drop=2),
                   *(Col(t(o), "right", drop=1) for o in ORIGINS)], rows, title=t("By procurement method"))
    rows = [[w.supplier, w.supplier_country or "—", str(w.awards), f"{w.amount_usd:,.0f}"]
            for w in res.winners]
    show(console, [Col(t("supplier"), wrap=True), Col(t("country")), Col(t("awards"), "right", drop=1),
                   Col("US$", "right")], rows, title=t("Largest winners"))
    rows = [[str(c.fiscal_year or "—"), c.supplier or "—", c.supplier_country or "—", _amount(c),
             names.get(c.method, c.method) if c.method else "—", c.description or ""]
            for c in res.contracts[:top]]
    show(console, [Col(t("FY")), Col(t("supplier"), wrap=True), Col(t("country")), Col("US$", "right"),
                   Col(t("method"), drop=2, wrap=True), Col(t("description"), drop=3, wrap=True)],
         rows, title=t("Contracts"))
    for m in res.warning_messages:
        console.print(f"{t('warning')}: {message_text(m, lang)}", style="yellow", highlight=False, markup=False)

