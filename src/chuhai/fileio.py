"""Writing files safely, below every renderer: the CLI, the web app and the reports use it.

:func:`atomic_write` puts the bytes in a temporary file in the same directory, flushes and
fsyncs it, ``os.replace``s it over the target and fsyncs the directory. A process killed
mid-write leaves either the old file or the new one, never a torn one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from chuhai.errors import InputError

__all__ = ["atomic_write", "read_text"]


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably (temp file + fsync + os.replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # the temp name carries the writer's process id, so a leftover of a killed writer can be
    # told from one being written (chuhai.data.leftovers sweeps those of dead processes)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}-",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_text(path: str | Path) -> str:
    """A user's UTF-8 text file; an :class:`~chuhai.errors.InputError` naming it when it
    cannot be read."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", file=p) from exc
