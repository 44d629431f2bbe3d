"""``chuhai data import``: detect the source of each file, stage it, apply it atomically."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from rich.progress import Progress

from chuhai.data.bounds import check_batch
from chuhai.data.sources import SOURCES, source_module
from chuhai.data.staging import staging_dir
from chuhai.data.warehouse import ImportOutcome, Warehouse, file_sha256
from chuhai.errors import ChuhaiError, InputError

__all__ = ["HS_REVISIONS", "detect_source", "ensure_reference", "import_paths"]

HS_REVISIONS = ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22")
_HEAD_BYTES = 64 * 1024


def _available() -> dict[str, ModuleType]:
    mods = {}
    for name, modpath in SOURCES.items():
        try:
            mods[name] = importlib.import_module(modpath)
        except ModuleNotFoundError as exc:
            if exc.name != modpath:
                raise
    return mods


def ensure_reference(warehouse: Warehouse) -> None:
    """Load countries and blocs first when :mod:`chuhai.data.reference` provides them.

    Tolerates the module's absence (it is written separately); any other error propagates.
    """
    try:
        reference = importlib.import_module("chuhai.data.reference")
    except ModuleNotFoundError as exc:
        if exc.name not in ("chuhai.data.reference", "chuhai.data"):
            raise
        return
    ensure = getattr(reference, "ensure_reference", None)
    if ensure is not None:
        ensure(warehouse)


def detect_source(path: Path) -> str:
    """The source of ``path`` from its name and first bytes; InputError if none matches."""
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
    if not head:
        raise InputError("the file is empty", file=path)
    for name, mod in _available().items():
        if mod.detect(path, head):
            return name
    raise InputError(
        "cannot tell which source this file comes from; pass --source "
        f"({'|'.join(SOURCES)})",
        file=path,
    )


def import_paths(
    warehouse: Warehouse,
    paths: Sequence[Path],
    *,
    source: str | None = None,
    hs_revision: str | None = None,
    release: str | None = None,
    allow_older: bool = False,
    show_progress: bool = False,
) -> list[ImportOutcome]:
    """Import each file in turn; each file is atomic on its own.

    Files are checked before anything is written, so one unreadable path stops the
    run before the first import.
    """
    if source is not None and source not in SOURCES:
        raise ChuhaiError(f"unknown source {source!r}; choose one of {', '.join(SOURCES)}")
    if hs_revision is not None and hs_revision.upper() not in HS_REVISIONS:
        raise ChuhaiError(f"unknown HS revision {hs_revision!r}; choose one of {', '.join(HS_REVISIONS)}")
    for path in paths:
        if not Path(path).is_file():
            raise InputError("no such file", file=path)
    outcomes = []
    staged_once = False
    with Progress(transient=True, disable=not show_progress) as progress:
        task = progress.add_task("importing", total=len(paths))
        for path in map(Path, paths):
            progress.update(task, description=f"importing {path.name}")
            name = source or detect_source(path)
            module = source_module(name)
            sha = file_sha256(path)
            with staging_dir() as staging:
                batch = module.stage(
                    path, staging, sha256=sha,
                    hs_revision=hs_revision.upper() if hs_revision else None, release=release,
                )
                check_batch(batch, str(path))  # values within their declared ranges
                if not staged_once:  # only once a file is valid: bad input writes nothing
                    ensure_reference(warehouse)
                    staged_once = True
                outcomes.append(warehouse.apply(batch, allow_older=allow_older))
            progress.advance(task)
    return outcomes
