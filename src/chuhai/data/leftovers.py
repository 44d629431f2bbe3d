"""Temporary files and directories that a killed process left behind, and their sweep.

Each temporary name carries the id of the process that made it (``<prefix><pid>-...``);
a sweep removes those whose process is gone, and nameless legacy ones (no pid) once they
are older than an hour. A live process's temporaries are never touched. Sweeps run at
the start of every import (staging directories in ``$TMPDIR``) and of every plan save
(``.tmp`` files beside the plans).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path

__all__ = ["LEGACY_AGE_S", "pid_alive", "sweep"]

#: Age after which a temporary without an owner id counts as abandoned.
LEGACY_AGE_S = 3600.0


def pid_alive(pid: int) -> bool:
    """True unless process ``pid`` certainly does not exist (always True on Windows,
    where probing a process with a signal would end it)."""
    if sys.platform == "win32" or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def sweep(folder: Path, pattern: str, owner: re.Pattern[str], *,
          legacy_age_s: float = LEGACY_AGE_S) -> list[Path]:
    """Remove the entries of ``folder`` matching the glob ``pattern`` whose owner (group 1
    of ``owner`` on the name) is dead, or that have no owner and are older than
    ``legacy_age_s``. Returns what was removed; errors (a race with another sweep) skip."""
    removed = []
    cutoff = time.time() - legacy_age_s
    for entry in sorted(folder.glob(pattern)):
        m = owner.search(entry.name)
        try:
            if m is not None:
                if pid_alive(int(m.group(1))) or int(m.group(1)) == os.getpid():
                    continue
            elif entry.lstat().st_mtime >= cutoff:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
        except OSError:
            continue
    return removed
