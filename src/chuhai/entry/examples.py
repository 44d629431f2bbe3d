"""The shipped example scenarios (``examples/*.toml`` of a source checkout), and the one
resolver of a name that may only mean one of them.

Input with no file location (a portfolio or a tender pasted or uploaded to the web app)
may name a scenario only as a shipped example: by its stem (``mozambique-water-meters``),
its file name (``mozambique-water-meters.toml``) or the relative path a shipped tender uses
(``../mozambique-water-meters.toml``). The name is looked up among the shipped files; no
path the user wrote is ever opened, so ``../../etc/passwd`` or an absolute path finds
nothing. Used by the batch's scenario column and the tender engine's entry-linked offers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePosixPath, PureWindowsPath

__all__ = ["EXAMPLES_DIR", "example_path", "examples"]

#: The shipped example scenarios of a source checkout (``examples/*.toml``).
EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "examples"


@cache
def examples() -> dict[str, Path]:
    """Shipped example name (the file's stem) → its path."""
    if not EXAMPLES_DIR.is_dir():
        return {}
    return {p.stem: p for p in sorted(EXAMPLES_DIR.glob("*.toml"))}


def example_path(name: str) -> Path | None:
    """The shipped example ``name`` means, or None. ``name`` is a stem, a file name, or a
    relative path of only ``..`` steps before the file name (``../x.toml``); an absolute
    path, a drive, or any other folder step means no example."""
    text = name.strip()
    if not text or "\\" in text or PureWindowsPath(text).drive:
        return None
    path = PurePosixPath(text)
    if path.is_absolute() or any(part != ".." for part in path.parts[:-1]):
        return None
    return examples().get(path.name.removesuffix(".toml"))
