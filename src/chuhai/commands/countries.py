"""``chuhai countries``: list countries or resolve a name or code, in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import typer

from chuhai.commands.common import (
    JSON_OPT,
    WAREHOUSE_OPT,
    console,
    demo_banner,
    emit_json,
    open_warehouse,
)
from chuhai.commands.lang import current, label, t
from chuhai.commands.tables import Col, show
from chuhai.errors import NotFoundError, WarehouseError


def register(app: typer.Typer) -> None:
    app.command("countries")(countries_cmd)


def countries_cmd(
    query: str | None = typer.Argument(
        None, help="ISO2/ISO3/numeric code or an English/Chinese name (e.g. KG, 417, 吉尔吉斯斯坦)."),
    region: str | None = typer.Option(None, "--region", help='World Bank region, e.g. "South Asia".'),
    income: str | None = typer.Option(None, "--income", help="World Bank income group: L, LM, UM, H."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """List countries, or resolve QUERY to one country (substring matches when it is not
    an exact code or name). Unknown names exit 1 with suggestions.

    Countries come from the reference tables shipped with chuhai, which every warehouse
    holds; a warehouse given with --warehouse must exist (its demo banner is shown)."""
    from chuhai.data.reference.countries import get_country, list_countries  # lazy: start-up speed
    from chuhai.data.reference.names import countries_by_name  # lazy: start-up speed
    from chuhai.data.reference.resolve import resolve_country  # lazy: start-up speed

    demo = False
    if warehouse is not None:
        wh = open_warehouse(warehouse)
        if not wh.exists():
            raise WarehouseError(t("no warehouse at {path}; build one with `chuhai data demo` or "
                                   "`chuhai data import`").format(path=warehouse), home=str(warehouse))
        demo = wh.is_demo()
    resolved: str | None = None
    if query is None:
        rows = list_countries(region=region, income_group=income)
    else:
        try:
            resolved = resolve_country(query)
            found = get_country(resolved)
            rows = [found] if found is not None else []
        except NotFoundError:
            rows = list_countries(query, region=region, income_group=income)
            if not rows:
                raise
    if json_out:
        emit_json({"query": query, "resolved": resolved, "countries": [c.to_dict() for c in rows]})
        return
    demo_banner(demo)
    zh_first = current() == "zh"
    names = [Col(t("Chinese name")), Col(t("English name"), drop=2)]
    if not zh_first:
        names = [Col(t("English name")), Col(t("Chinese name"), drop=2)]
    cols = [Col("ISO3"), *names, Col("ISO2", drop=4),
            Col(t("num"), justify="right", drop=5), Col(t("region"), drop=1, wrap=True),
            Col(t("income"), drop=3), Col(t("capital"), drop=2)]
    body = []
    for c in countries_by_name(rows, current()):  # pinyin order in Chinese
        pair = [c.name_zh or "", c.name_en]
        body.append([c.iso3, *(pair if zh_first else pair[::-1]), c.iso2, f"{c.iso_numeric:03d}",
                     label("regions", c.region) if c.region else "",
                     label("income_groups", c.income_group) if c.income_group else "", c.capital or ""])
    show(console, cols, body)
