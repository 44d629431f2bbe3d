"""``chuhai countries``: list countries or resolve a name or code, in English and Chinese."""

from __future__ import annotations

import typer
from rich.table import Table

from chuhai.commands.common import JSON_OPT, console, emit_json
from chuhai.errors import NotFoundError


def register(app: typer.Typer) -> None:
    app.command("countries")(countries_cmd)


def countries_cmd(
    query: str | None = typer.Argument(
        None, help="ISO2/ISO3/numeric code or an English/Chinese name (e.g. KG, 417, 吉尔吉斯斯坦)."),
    region: str | None = typer.Option(None, "--region", help='World Bank region, e.g. "South Asia".'),
    income: str | None = typer.Option(None, "--income", help="World Bank income group: L, LM, UM, H."),
    json_out: bool = JSON_OPT,
) -> None:
    """List countries, or resolve QUERY to one country (substring matches when it is not
    an exact code or name). Unknown names exit 1 with suggestions."""
    from chuhai.data.reference import (  # lazy: start-up speed
        get_country,
        list_countries,
        resolve_country,
    )

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
    tab = Table("ISO3", "ISO2", "num", "English", "中文", "region", "income", "capital")
    for c in rows:
        tab.add_row(c.iso3, c.iso2, f"{c.iso_numeric:03d}", c.name_en, c.name_zh or "",
                    c.region or "", c.income_group or "", c.capital or "")
    console.print(tab)
