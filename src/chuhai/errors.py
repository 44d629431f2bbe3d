"""The one exception tree of chuhai.

Every error the library raises on purpose is a :class:`ChuhaiError`. Third-party
errors (DuckDB, PyArrow, Pydantic, httpx, zipfile, ...) are translated into one of
these at the boundary where they occur, with ``raise ... from exc``.

::

    ChuhaiError                      exit 1, HTTP 400 unless a child says otherwise
    ├── InputError                   a file the user gave is bad: names file, line, field
    ├── ScenarioError                a scenario / tender file fails validation: names the field path
    ├── NotFoundError                unknown country, product, rule pack, saved plan (HTTP 404)
    ├── InfeasibleError              a plan or optimisation has no feasible answer (HTTP 422)
    ├── WarehouseError               the warehouse is missing, locked or inconsistent (HTTP 409)
    └── SourceError                  a remote source failed (download, API, rate limit) (HTTP 502)

The CLI prints ``error: <message>`` and exits with :attr:`ChuhaiError.exit_code`
(no traceback unless ``--debug``); the web app turns :attr:`ChuhaiError.http_status`
into its one JSON error shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "ChuhaiError",
    "InfeasibleError",
    "InputError",
    "NotFoundError",
    "ScenarioError",
    "SourceError",
    "WarehouseError",
]


class ChuhaiError(Exception):
    """Root of every error chuhai raises on purpose."""

    exit_code: int = 1
    http_status: int = 400
    kind: str = "error"

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape used by ``--json`` and the REST API."""
        ctx = {k: (str(v) if isinstance(v, Path) else v) for k, v in self.context.items()}
        return {"error": self.kind, "message": str(self), "context": ctx}


class InputError(ChuhaiError):
    """A user-supplied file is unreadable or invalid.

    The message always names the file and, where known, the line and the field.
    """

    kind = "input_error"

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        **context: Any,
    ) -> None:
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        where = []
        if self.file is not None:
            where.append(self.file)
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field {field!r}")
        full = f"{', '.join(where)}: {message}" if where else message
        super().__init__(full, file=self.file, line=line, field=field, **context)


class ScenarioError(ChuhaiError):
    """A scenario, tender or settings file fails validation; names the field path."""

    kind = "scenario_error"
    http_status = 422

    def __init__(self, message: str, *, path: str | None = None, file: str | Path | None = None,
                 **context: Any) -> None:
        self.path = path
        self.file = str(file) if file is not None else None
        prefix = ""
        if self.file:
            prefix += f"{self.file}: "
        if path:
            prefix += f"{path}: "
        super().__init__(prefix + message, path=path, file=self.file, **context)


class NotFoundError(ChuhaiError):
    """Something the user named does not exist (country, product, rule pack, plan)."""

    kind = "not_found"
    http_status = 404


class InfeasibleError(ChuhaiError):
    """A plan or optimisation has no feasible answer under the given constraints."""

    kind = "infeasible"
    http_status = 422


class WarehouseError(ChuhaiError):
    """The warehouse is missing, locked by another process, or inconsistent."""

    kind = "warehouse_error"
    http_status = 409


class SourceError(ChuhaiError):
    """A remote data source failed: download, API error, rate limit exhausted."""

    kind = "source_error"
    http_status = 502
