"""A portfolio row's scenario template (the ``scenario`` column): a TOML file named
relative to the portfolio file, or a shipped example by name (``mozambique-water-meters``,
the files of ``examples/*.toml``, resolved by :mod:`chuhai.entry.examples`). A portfolio
uploaded to the web app may name only a shipped example (no server path is read). The template is validated when the portfolio is
read, and its text travels with the row (so a Dask worker needs no access to the file).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from chuhai.batch import messages as msg
from chuhai.entry.examples import EXAMPLES_DIR, example_path, examples
from chuhai.entry.scenario import Scenario, parse_scenario
from chuhai.errors import ChuhaiError, InputError

__all__ = ["EXAMPLES_DIR", "examples", "parse_template", "template_text"]

def template_text(cell: str, base: Path | None) -> str:
    """The TOML text of the template ``cell`` names, looked for beside the portfolio (in
    ``base``; None: only shipped examples), then among the shipped examples. Raises
    :class:`InputError` (field ``scenario``) when there is none or it is not valid."""
    name = cell.strip()
    known = tuple(examples())
    path: Path | None = None
    if base is not None:
        candidate = base / name
        path = candidate if candidate.is_file() else example_path(name)
        if path is None:
            raise InputError(msg.SCENARIO_NOT_FOUND(name=name, examples=known), field="scenario")
    else:
        path = example_path(name)
        if path is None:
            raise InputError(msg.SCENARIO_EXAMPLES_ONLY(name=name, examples=known),
                             field="scenario")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(msg.SCENARIO_INVALID(name=name, error=str(exc)), field="scenario") from exc
    parse_template(name, text)  # validated now: an error names the row, not a worker
    return text


def parse_template(name: str, text: str) -> Scenario:
    """The scenario of a template's TOML text (InputError naming the template)."""
    try:
        return parse_scenario(tomllib.loads(text), text=text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(msg.SCENARIO_INVALID(name=name, error=str(exc)), field="scenario") from exc
    except ChuhaiError as exc:
        raise InputError(msg.SCENARIO_INVALID(name=name, error=exc.message),
                         field="scenario") from exc
