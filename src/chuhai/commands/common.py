"""What every command shares: options, JSON/Rich output, the demo banner, errors."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from chuhai.commands.lang import current, msg, t
from chuhai.errors import ChuhaiError

if TYPE_CHECKING:  # the warehouse (DuckDB, NumPy, PyArrow) loads when a command opens it
    from chuhai.data.warehouse import Warehouse

__all__ = [
    "JSON_OPT",
    "STATE",
    "WAREHOUSE_OPT",
    "console",
    "demo_banner",
    "emit_json",
    "err_console",
    "error_line",
    "open_warehouse",
    "measure_terminal",
    "print_error",
]

console = Console()
err_console = Console(stderr=True)


def measure_terminal() -> None:
    """Let both consoles measure the terminal (and ``$COLUMNS``) anew: Rich fixes the width
    when ``$COLUMNS`` is set as a console is made, and one process may run many commands."""
    for c in (console, err_console):
        c._width = None  # noqa: SLF001 - Rich's width setter takes only an int


@dataclass
class _State:
    debug: bool = False


STATE = _State()

WAREHOUSE_OPT = typer.Option(
    None, "--warehouse", "-w", help="Warehouse directory (default: $CHUHAI_HOME or the user data dir)."
)
JSON_OPT = typer.Option(False, "--json", help="Print machine-readable JSON on stdout.")


def open_warehouse(path: Path | None) -> Warehouse:
    from chuhai.data.warehouse import Warehouse  # lazy: start-up speed (DuckDB, NumPy, PyArrow)

    return Warehouse(path)


def demo_banner(demo: bool) -> None:
    """Print the demo warning on stderr (so --json stdout stays clean), in the CLI's language."""
    if demo:
        from chuhai.data.messages import DEMO_BANNER  # lazy: start-up speed

        hint = t("Import real data with `chuhai data import`.")
        err_console.print(f"{msg(DEMO_BANNER())} {hint}", style="bold yellow",
                          markup=False, highlight=False)


def emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=_default) + "\n")


def _default(o: Any) -> Any:
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if hasattr(o, "item"):
        return o.item()
    if isinstance(o, set | frozenset | tuple):
        return list(o)
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def error_line(exc: ChuhaiError) -> str:
    """``exc``'s sentence in the CLI's language, then what the web leaves out
    (:data:`chuhai.errors.SERVER_CONTEXT`): the warehouse path the user gave and a driver's text."""
    lang = current()
    if lang == "en" or exc.msg is None:
        text = str(exc)
    else:
        from chuhai.i18n.catalogs import translations  # lazy: start-up speed (Babel)

        text = exc.text(lang, translations(lang).gettext)
    home, cause = exc.context.get("home"), exc.context.get("cause")
    extra = [t("warehouse: {home}").format(home=home)] if home and str(home) not in text else []
    extra += [str(cause)] if cause and str(cause) not in text else []
    return text + (t(" ({details})").format(details="; ".join(extra)) if extra else "")


def print_error(exc: ChuhaiError) -> None:
    err_console.print(t("error:") + " ", style="bold red", end="")
    err_console.print(error_line(exc), markup=False, highlight=False, soft_wrap=True)  # one line:
    # the terminal wraps it, a log or a pipe keeps it whole
