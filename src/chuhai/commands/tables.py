"""Tables that fit the terminal, for every command.

A table is declared as columns (:class:`Col`) and rows of strings. :func:`fit` measures
each column's natural width and, when the whole does not fit the console (80 columns
when piped, unless ``$COLUMNS`` says otherwise), leaves out the least important columns
first (highest :attr:`Col.drop`) and lets long-text columns wrap. Columns with
``drop=0`` are what the user came for: never left out and never shortened (no
"ma…"); they keep their natural width. The caption names what was left out and how to
see it (a wider terminal or ``--json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from rich import box
from rich.cells import cell_len
from rich.console import Console, JustifyMethod
from rich.table import Table

from chuhai.commands.lang import t

__all__ = ["Col", "fit", "show"]

#: A wrapping column gets at least this many cells before other columns are left out.
WRAP_MIN = 16


@dataclass(frozen=True, slots=True)
class Col:
    """One column: its (translated) header; ``drop`` 0 = always shown in full, higher =
    left out earlier when the terminal is narrow; ``wrap`` = long text that may wrap."""

    header: str
    justify: str = "left"  # left, right or center
    drop: int = 0
    wrap: bool = False


def _natural(col: Col, cells: Sequence[str]) -> int:
    lines = [*col.header.splitlines(), *(ln for c in cells for ln in (c.splitlines() or [""]))]
    return max((cell_len(ln) for ln in lines), default=0)


def _needed(col: Col, natural: int) -> int:
    return min(natural, max(WRAP_MIN, cell_len(max(col.header.split(), key=cell_len, default=""))))\
        if col.wrap else natural


def _overhead(n: int) -> int:
    """Cells the frame takes for ``n`` columns: padding 1 either side of the divider, no edges."""
    return 3 * (n - 1) if n else 0


def fit(console: Console, cols: Sequence[Col], rows: Sequence[Sequence[str]], *,
        title: str | None = None, caption: str | None = None) -> Table:
    """A Rich table of ``rows`` under ``cols`` that fits ``console.width``."""
    width = console.width
    naturals = [_natural(c, [r[i] for r in rows]) for i, c in enumerate(cols)]
    shown = list(range(len(cols)))
    order = sorted((i for i, c in enumerate(cols) if c.drop), key=lambda i: (-cols[i].drop, -i))
    for i in order:
        if sum(_needed(cols[j], naturals[j]) for j in shown) + _overhead(len(shown)) <= width:
            break
        shown.remove(i)
    hidden = [cols[i].header.replace("\n", " ") for i in range(len(cols)) if i not in shown]
    notes = [caption] if caption else []
    if hidden:
        notes.append(t("not shown at {width} columns: {columns} (a wider terminal or --json shows them)")
                     .format(width=width, columns=", ".join(hidden)))
    needed = sum(_needed(cols[j], naturals[j]) for j in shown) + _overhead(len(shown))
    table = Table(title=title, caption="\n".join(notes) or None, box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
                  padding=(0, 1), title_justify="left", caption_justify="left",
                  width=needed if needed > width else None)  # wider than the terminal: never cut
    for i in shown:
        c = cols[i]
        if c.wrap:
            table.add_column(c.header, justify=cast(JustifyMethod, c.justify), overflow="fold")
        else:  # never shortened: its natural width, wrapped by character only if nothing else can give
            table.add_column(c.header, justify=cast(JustifyMethod, c.justify), no_wrap=True, overflow="fold",
                             min_width=naturals[i])
    for r in rows:
        table.add_row(*(r[i] for i in shown))
    return table


def show(console: Console, cols: Sequence[Col], rows: Sequence[Sequence[str]], *,
         title: str | None = None, caption: str | None = None) -> None:
    """Print ``title`` on its own line, then :func:`fit`'s table (uncropped: a table wider than
    the terminal wraps, never cut)."""
    if title:
        console.print(title, style="bold", markup=False, highlight=False)
    console.print(fit(console, cols, rows, caption=caption), crop=False)
