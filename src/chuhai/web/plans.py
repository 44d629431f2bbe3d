"""Saved plans: scenario and tender TOML files under ``<warehouse>/plans/<kind>/<name>.toml``.

Writes are atomic (:func:`chuhai.fileio.atomic_write`): a server killed mid-save
leaves either the old file or the new one, never a torn one. Names are validated
(letters, digits, CJK, ``_`` and ``-``, at most 64), so no name can leave the plans
directory.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chuhai.data.leftovers import sweep
from chuhai.errors import ChuhaiError, InputError, NotFoundError
from chuhai.fileio import atomic_write
from chuhai.web.messages import BAD_PLAN_NAME

__all__ = ["KINDS", "MAX_PLAN_BYTES", "NAME_HTML_PATTERN", "NAME_PATTERN", "PlanStore", "SavedPlan", "check_name"]

KINDS = ("scenario", "tender")
MAX_PLAN_BYTES = 1024 * 1024
#: A plan name: 1-64 letters, digits, '_' or '-', starting with a letter or digit.
NAME_PATTERN = r"^[^\W_][\w\-]{0,63}$"
#: The same rule for an HTML ``pattern`` attribute (a JavaScript regex, where ``\w`` is ASCII
#: only and would refuse 莫桑比克水表): letters and digits of any script, '_' and '-'.
NAME_HTML_PATTERN = r"[\p{L}\p{N}][\p{L}\p{N}_\-]{0,63}"
_NAME = re.compile(NAME_PATTERN)


def check_name(name: str) -> str:
    """``name`` if it is a safe plan name, else :class:`InputError` saying why."""
    if not _NAME.fullmatch(name) or name.upper() in {"CON", "PRN", "AUX", "NUL"}:
        raise InputError(BAD_PLAN_NAME(), field="name", name=name)
    return name


@dataclass(frozen=True, slots=True)
class SavedPlan:
    """One saved file: its kind, name, size (bytes) and last change (UTC)."""

    kind: str
    name: str
    size: int
    modified: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "size": self.size,
                "modified": self.modified.isoformat()}


class PlanStore:
    """Saved scenarios and tenders of one warehouse directory."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, kind: str, name: str) -> Path:
        if kind not in KINDS:
            raise NotFoundError(f"unknown plan kind {kind!r}; choose one of {', '.join(KINDS)}",
                                kind=kind)
        path = (self.root / kind / f"{check_name(name)}.toml").resolve()
        if self.root.resolve() not in path.parents:  # belt and braces after check_name
            raise InputError("plan path leaves the plans directory", field="name", name=name)
        return path

    def list(self, kind: str | None = None) -> list[SavedPlan]:
        out = []
        for k in KINDS if kind is None else (kind,):
            folder = self.root / k
            if not folder.is_dir():
                continue
            for p in sorted(folder.glob("*.toml")):
                st = p.stat()
                out.append(SavedPlan(k, p.stem, st.st_size, datetime.fromtimestamp(st.st_mtime, UTC)))
        return out

    def save(self, kind: str, name: str, text: str) -> SavedPlan:
        """Validate ``text`` as TOML and store it atomically; returns what was saved."""
        path = self._path(kind, name)
        data = text.encode("utf-8")
        if len(data) > MAX_PLAN_BYTES:
            raise InputError(f"plan is larger than {MAX_PLAN_BYTES} bytes", field="text")
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", None)
            raise InputError(f"not valid TOML: {exc}", file=f"{kind}/{name}.toml", line=line,
                             field="text") from exc
        atomic_write(path, data)
        _sweep_temp_files(path.parent)
        st = path.stat()
        return SavedPlan(kind, name, st.st_size, datetime.fromtimestamp(st.st_mtime, UTC))

    def path(self, kind: str, name: str) -> Path:
        """The file of a saved plan; :class:`NotFoundError` if there is none."""
        path = self._path(kind, name)
        if not path.is_file():
            raise NotFoundError(f"no saved {kind} named {name!r}", kind=kind, name=name)
        return path

    def load(self, kind: str, name: str) -> str:
        try:
            return self.path(kind, name).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ChuhaiError(f"saved {kind} {name!r} is not UTF-8 text") from exc

    def delete(self, kind: str, name: str) -> None:
        self.path(kind, name).unlink()


_TMP_OWNER = re.compile(r"\.(\d+)-[^.]*\.tmp$")


def _sweep_temp_files(folder: Path) -> None:
    """Remove temporary files left by a process killed mid-save (see chuhai.data.leftovers)."""
    sweep(folder, ".*.tmp", _TMP_OWNER)
