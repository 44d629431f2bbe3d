"""CLI command groups; each module exposes ``register(app)``."""

from __future__ import annotations

import importlib

import typer

#: Command modules, in the order they appear in ``chuhai --help``.
COMMAND_MODULES = (
    "chuhai.commands.data",
    "chuhai.commands.products",
    "chuhai.commands.adjacent",  # adds `products adjacent` to the products group
    "chuhai.commands.countries",
    "chuhai.commands.markets",
    "chuhai.commands.batch",
    "chuhai.commands.plan",
    "chuhai.commands.tender",
    "chuhai.commands.tender_history",  # adds `tender history` to the tender group
    "chuhai.commands.serve",
    "chuhai.commands.report",
)


def register_all(app: typer.Typer) -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
