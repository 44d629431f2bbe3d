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

from collections.abc import Callable
from pathlib import Path
from typing import Any

from chuhai.messages import Message, message_json, render, template

__all__ = [
    "SERVER_CONTEXT",
    "ChuhaiError",
    "InfeasibleError",
    "InputError",
    "NotFoundError",
    "ScenarioError",
    "SourceError",
    "WarehouseError",
]

Translate = Callable[[str], str]

#: Context keys naming server-side facts: the warehouse's path (``home``) and a driver's own
#: text (``cause``, which may name server files). The CLI shows them (the path is the user's own
#: input); a web answer (:meth:`ChuhaiError.to_dict` with ``public=True``) leaves them out.
SERVER_CONTEXT = frozenset({"home", "cause"})

#: Where an input error is: the file, line and field, each in the reader's language.
_LINE = template("error.where.line", "line {line}")
_FIELD = template("error.where.field", "field '{field}'")


class ChuhaiError(Exception):
    """Root of every error chuhai raises on purpose."""

    exit_code: int = 1
    http_status: int = 400
    kind: str = "error"

    def __init__(self, message: str | Message, **context: Any) -> None:
        #: the sentence as code + parameters when the raiser gave one (rendered per language)
        self.msg = message if isinstance(message, Message) else None
        text = render(message) if isinstance(message, Message) else message
        super().__init__(text)
        self.message = text
        self.context = context

    def _where(self, lang: str, translate: Translate | None) -> list[str]:
        return []

    def text(self, lang: str = "en", translate: Translate | None = None) -> str:
        """The message in ``lang`` (``translate``: the catalog's gettext); an error raised
        with a plain string (no :class:`~chuhai.messages.Message`) keeps its English text."""
        if self.msg is None or (translate is None and lang == "en"):
            return str(self)
        where = self._where(lang, translate)
        body = render(self.msg, lang, translate)
        sep = "，" if lang == "zh" else ", "
        colon = "：" if lang == "zh" else ": "
        return f"{sep.join(where)}{colon}{body}" if where else body

    def to_dict(self, lang: str = "en", translate: Translate | None = None, *,
                public: bool = False) -> dict[str, Any]:
        """The JSON shape used by ``--json`` and the REST API; an error raised with a
        Message adds its ``code`` and ``params`` beside the text. ``public`` (the web) drops
        the :data:`SERVER_CONTEXT` keys."""
        ctx = {k: (str(v) if isinstance(v, Path) else v) for k, v in self.context.items()
               if not (public and k in SERVER_CONTEXT)}
        out: dict[str, Any] = {"error": self.kind, "message": self.text(lang, translate), "context": ctx}
        if self.msg is not None:
            j = message_json(self.msg, lang, translate)
            out["code"], out["params"] = j["code"], j["params"]
        return out


class InputError(ChuhaiError):
    """A user-supplied file is unreadable or invalid.

    The message always names the file and, where known, the line and the field.
    """

    kind = "input_error"

    def __init__(
        self,
        message: str | Message,
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
        text = render(message) if isinstance(message, Message) else message
        full = f"{', '.join(where)}: {text}" if where else text
        super().__init__(full, file=self.file, line=line, field=field, **context)
        self.msg = message if isinstance(message, Message) else None

    def _where(self, lang: str, translate: Translate | None) -> list[str]:
        out = [self.file] if self.file is not None else []
        if self.line is not None:
            out.append(render(_LINE(line=self.line), lang, translate))
        if self.field is not None:
            out.append(render(_FIELD(field=self.field), lang, translate))
        return out


class ScenarioError(ChuhaiError):
    """A scenario, tender or settings file fails validation; names the field path."""

    kind = "scenario_error"
    http_status = 422

    def __init__(self, message: str | Message, *, path: str | None = None,
                 file: str | Path | None = None, **context: Any) -> None:
        self.path = path
        self.file = str(file) if file is not None else None
        prefix = ""
        if self.file:
            prefix += f"{self.file}: "
        if path:
            prefix += f"{path}: "
        text = render(message) if isinstance(message, Message) else message
        super().__init__(prefix + text, path=path, file=self.file, **context)
        self.msg = message if isinstance(message, Message) else None

    def _where(self, lang: str, translate: Translate | None) -> list[str]:
        return [p for p in (self.file, self.path) if p]


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
