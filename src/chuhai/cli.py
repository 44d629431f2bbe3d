"""The ``chuhai`` command: a thin Typer shell over the library.

Each command group lives in :mod:`chuhai.commands` and registers itself here.
Exit codes: 0 ok, 1 user or data error (:class:`~chuhai.errors.ChuhaiError`),
2 usage error, 3 ``serve``: the port is in use. ``--debug`` shows tracebacks.
The language (``--lang``, ``$CHUHAI_LANG``, the locale) is chosen before anything is
printed, help texts included (:mod:`chuhai.commands.lang`).
"""

from __future__ import annotations

import sys

import typer

from chuhai.commands import register_all
from chuhai.commands.coerce import plain_params
from chuhai.commands.common import STATE, measure_terminal, print_error
from chuhai.commands.lang import LangError, argv_lang, choose, localise, t, use
from chuhai.errors import ChuhaiError

app = typer.Typer(
    name="chuhai",
    help="出海 chuhai — where to sell, how to enter, how to win tenders.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version  # lazy: start-up speed

        try:
            number = version("chuhai")
        except PackageNotFoundError:  # a source checkout that is not installed
            from chuhai import __version__ as number  # lazy: start-up speed (only for --version)
        typer.echo(f"chuhai {number}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    lang: str | None = typer.Option(
        None, "--lang", metavar="zh-CN|en",
        help="Language of the output: zh-CN or en (default: $CHUHAI_LANG, else the locale)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    _show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit."),
) -> None:
    STATE.debug = debug
    measure_terminal()
    use(choose(lang))  # an unknown language is a LangError: exit 1 with the choices
    localise(ctx.find_root().command)  # subcommands' --help


register_all(app)


def main() -> None:
    """Console-script entry point."""
    try:
        use(choose(argv_lang(sys.argv[1:])))
    except LangError as exc:
        use(choose(None, {}))
        sys.stderr.write(f"{t('error:')} {exc}\n")
        sys.exit(exc.exit_code)
    command = typer.main.get_command(app)
    localise(command)  # before Click parses: `chuhai --help` is answered while parsing
    plain_params(command)  # no Pydantic for str/int/float/Path values (start-up speed)
    try:
        command.main(prog_name="chuhai")
    except ChuhaiError as exc:
        if STATE.debug:
            raise
        print_error(exc)
        sys.exit(exc.exit_code)
