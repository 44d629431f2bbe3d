"""Command-line values converted without Pydantic, for the simple types chuhai's options use.

Typer 0.29 converts every parameter's value (defaults included) with a Pydantic
``TypeAdapter``, which imports Pydantic (~0.1 s on a quiet machine, 0.3 s under load) in
every command, even ``chuhai countries KG``. For ``str``, ``int``, ``float``, ``bool`` and ``Path``
(alone, optional, or as a list) the conversion is a one-liner, so :func:`plain_params`
gives those parameters a converter of their own that behaves as Typer's does (ranges
checked, a usage error naming the value); any other type keeps Typer's. This leans on
Typer's internal ``RuntimeParam``: when Typer changes it, nothing is replaced and Typer's
own conversion runs (the tests then still pass, only start-up is slower).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["plain_params"]

_SIMPLE = (str, int, float, bool, Path)
_TRUE, _FALSE = {"1", "true", "yes", "y", "on"}, {"0", "false", "no", "n", "off"}

try:  # Typer's internals; absent or changed in another version: keep Typer's conversion
    from typer._click.exceptions import BadParameter
    from typer._coercion import RuntimeParam
    from typer.core import _TyperParameter
except ImportError:  # pragma: no cover - depends on the installed Typer
    RuntimeParam = None  # type: ignore[assignment,misc]


def _simple(annotation: Any) -> type | None:
    """The simple type an annotation stands for (``str | None`` -> str), else None."""
    if annotation in _SIMPLE:
        return typing.cast(type, annotation)
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType) and len(args) == 1 and args[0] in _SIMPLE:
        return typing.cast(type, args[0])
    return None


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class _Plain(RuntimeParam):
        kind: type

        def _one(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, self.kind) and not (self.kind is int and isinstance(value, bool)):
                out = value
            elif self.kind is bool and str(value).lower() in _TRUE | _FALSE:
                out = str(value).lower() in _TRUE
            else:
                try:
                    out = self.kind(value)
                except (TypeError, ValueError) as exc:
                    raise BadParameter(f"{value!r} is not a valid {self.kind.__name__}.", ctx=ctx,
                                       param=param) from exc
            info = self.parameter_info
            lo, hi = getattr(info, "min", None), getattr(info, "max", None)
            if (lo is not None and out < lo) or (hi is not None and out > hi):
                raise BadParameter(f"{out} is not in the range {lo if lo is not None else '-∞'}<=x<="
                                   f"{hi if hi is not None else '∞'}.", ctx=ctx, param=param)
            return out

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, list | tuple):
                return [self._one(v, param, ctx) for v in value]
            return self._one(value, param, ctx)


def plain_params(command: Any) -> None:
    """Give the simple parameters of ``command``'s tree the converter above."""
    if RuntimeParam is None:
        return
    helper = getattr(command, "_help_option", None)  # made by lang.localise, kept out of params
    for p in [*getattr(command, "params", ()), *([helper] if helper is not None else [])]:
        if not isinstance(p, _TyperParameter) or getattr(p, "_runtime_param", "absent") is not None:
            continue
        desc = p.type_descriptor
        ann = desc.annotation
        if desc.is_choice or desc.is_file or getattr(desc.parameter_info, "parser", None) is not None:
            continue
        if desc.is_list:
            (inner,) = typing.get_args(ann) or (None,)
            kind = _simple(inner)
        elif desc.is_tuple:
            kind = None
        else:
            kind = _simple(ann)
        if kind is not None:
            p._runtime_param = _Plain(parameter_info=desc.parameter_info, annotation=ann, kind=kind)
    for sub in getattr(command, "commands", {}).values():
        plain_params(sub)
