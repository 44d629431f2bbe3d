"""``chuhai products``: search the HS nomenclature; adjacent products (complexity)."""

from __future__ import annotations

import typer

products_app = typer.Typer(help="Find HS products and adjacent products.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(products_app, name="products")
