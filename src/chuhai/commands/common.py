"""What every command shares: options, JSON/Rich output, the demo banner, errors."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from chuhai.data.messages import DEMO_BANNER
from chuhai.data.warehouse import Warehouse
from chuhai.errors import ChuhaiError

__all__ = [
    "JSON_OPT",
    "STATE",
    "WAREHOUSE_OPT",
    "console",
    "demo_banner",
    "emit_json",
    "err_console",
    "open_warehouse",
    "print_error",
]

console = Console()
err_console = Console(stderr=True)


@dataclass
class _State:
    debug: bool = False


STATE = _State()

WAREHOUSE_OPT = typer.Option(
    None, "--warehouse", "-w", help="Warehouse directory (default: $CHUHAI_HOME or the user data dir)."
)
JSON_OPT = typer.Option(False, "--json", help="Print machine-readable JSON on stdout.")

#: What the terminal adds to the demo banner (chuhai.data.messages.DEMO_BANNER).
IMPORT_HINT = "Import real data with `chuhai data import`."


def open_warehouse(path: Path | None) -> Warehouse:
    return Warehouse(path)


def demo_banner(demo: bool) -> None:
    """Print the demo warning on stderr (so --json stdout stays clean)."""
    if demo:
        from chuhai.i18n.catalogs import every_language  # lazy: start-up speed (Babel)

        err_console.print(f"[bold yellow]{every_language(DEMO_BANNER())} {IMPORT_HINT}[/]",
                          markup=True, highlight=False)


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


def print_error(exc: ChuhaiError) -> None:
    err_console.print("[bold red]error:[/] ", end="")
    err_console.print(str(exc), markup=False, highlight=False)
