"""``chuhai data import``: detect the source of each file, stage it, apply it atomically."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

from rich.progress import Progress

from chuhai.data.bounds import check_batch
from chuhai.data.codes import HS_REVISIONS
from chuhai.data.derived import with_derived
from chuhai.data.lock import import_gate
from chuhai.data.messages import IMPORT_UNDETECTED
from chuhai.data.reference import ensure_reference
from chuhai.data.sources import SOURCES, source_module
from chuhai.data.staging import staging_dir
from chuhai.data.warehouse import ImportOutcome, Warehouse, file_sha256
from chuhai.errors import ChuhaiError, InputError

__all__ = ["detect_source", "import_paths"]

_HEAD_BYTES = 64 * 1024


def detect_source(path: Path) -> str:
    """The source of ``path`` from its name and first bytes; InputError if none matches."""
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
    if not head:
        raise InputError("the file is empty", file=path)
    for name in SOURCES:
        mod = source_module(name)
        if mod.detect(path, head):
            return name
    raise InputError(IMPORT_UNDETECTED(sources=tuple(SOURCES)), file=path, field="source")


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
            # a source that hashes the bytes it parses (BACI trade CSVs) saves a second pass
            sha = None if getattr(module, "HASHES_WHILE_READING", False) else file_sha256(path)
            # a source that completes its rows with what is stored (OCDS) reads the warehouse,
            # and holds the import gate from that read to its commit: two such imports at once
            # run one after the other, the second merging what the first stored (lock.py)
            reads = getattr(module, "READS_WAREHOUSE", False)
            extra = {"warehouse": warehouse} if reads else {}
            serial = import_gate(warehouse.home, notify=warehouse.notify) if reads else nullcontext()
            with serial, staging_dir() as staging:
                batch = module.stage(
                    path, staging, sha256=sha,
                    hs_revision=hs_revision.upper() if hs_revision else None, release=release,
                    **extra,
                )
                batch = with_derived(batch, staging)  # e.g. contract_products of the awards
                check_batch(batch, str(path))  # values within their declared ranges
                if not staged_once:  # only once a file is valid: bad input writes nothing
                    ensure_reference(warehouse)
                    staged_once = True
                outcomes.append(warehouse.apply(batch, allow_older=allow_older))
            progress.advance(task)
    return outcomes
