"""The ``chuhai`` command: a thin Typer shell over the library.

Each command group lives in :mod:`chuhai.commands` and registers itself here.
Exit codes: 0 ok, 1 user or data error (:class:`~chuhai.errors.ChuhaiError`),
2 usage error. ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import sys

import typer

from chuhai.commands import register_all
from chuhai.commands.common import STATE, print_error
from chuhai.errors import ChuhaiError

app = typer.Typer(
    name="chuhai",
    help="出海 chuhai — where to sell, how to enter, how to win tenders.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
) -> None:
    STATE.debug = debug


register_all(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="chuhai")
    except ChuhaiError as exc:
        if STATE.debug:
            raise
        print_error(exc)
        sys.exit(exc.exit_code)
