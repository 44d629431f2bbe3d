"""``chuhai products``: search the HS nomenclature; adjacent products (complexity)."""

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
from chuhai.commands.lang import current, t
from chuhai.commands.tables import Col, show
from chuhai.errors import NotFoundError

products_app = typer.Typer(help="Find HS products and adjacent products.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(products_app, name="products")


@products_app.command("search")
def search_cmd(
    query: str = typer.Argument(..., help='Words ("water meter", "阀门") or an HS code prefix ("9028").'),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=500, help="Most matches to show."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Find HS 6-digit products by words or code prefix.

    Searches the warehouse's product list when a warehouse exists, else the HS 2022
    nomenclature shipped with chuhai.
    """
    from chuhai.data.home import has_warehouse  # lazy: start-up speed
    from chuhai.data.reference.search import catalogue_source, search_products  # lazy: start-up

    wh = open_warehouse(warehouse) if has_warehouse(warehouse) else None  # none: no DuckDB import
    source = catalogue_source(wh)
    demo = wh is not None and wh.is_demo()
    matches = search_products(query, warehouse=wh, limit=limit)
    if not matches:
        raise NotFoundError(t("no HS product matches {query!r}; try fewer or other words, or a code "
                              "prefix").format(query=query), query=query)
    if json_out:
        emit_json({"demo": demo, "query": query, "source": source,
                   "matches": [m.to_dict() for m in matches]})
        return
    demo_banner(demo)
    zh = current() == "zh"  # the Chinese HS description (hs_zh.toml) where there is one
    cols = [Col("HS6"), Col(t("revision"), drop=2), Col(t("description"), wrap=True),
            Col(t("score"), "right", drop=1)]
    rows = [[m.hs6, m.hs_revision, (m.description_zh if zh and m.description_zh else m.description),
             f"{m.score:.2f}"] for m in matches]
    show(console, cols, rows, title=t("products matching {query!r} ({source})").format(
        query=query, source=t(source)))
