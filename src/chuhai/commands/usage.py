"""Click's usage errors in the CLI's language.

Typer bundles its own copy of Click (``typer._click``), whose error texts are English
f-strings with no gettext. :func:`install` wraps the ``format_message`` of its exception
classes so that each text is read back against :data:`PATTERNS` (Click's English wording,
with its variable parts as named groups) and written again from the ``cli`` catalog
(``t(msgid).format(**parts)``); a part that is itself a message (``Invalid value for
'--top': <why>``) is translated the same way. A text no pattern knows, and every text in
English, is shown as Click wrote it. The usage line's ``"Usage: "`` prefix (help pages and
usage errors) and Click's placeholders (:data:`METAVARS`) are the catalog's the same way. The msgids (:data:`MSGIDS`) are in
``cli.po`` (``scripts/cli_catalog.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["MSGIDS", "PATTERNS", "install", "translate"]

#: (Click's English text as a regex, the cli msgid with the same named fields). ``message``
#: fields are translated again; the others are names, values or lists shown as given.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.S), m) for p, m in (
    (r"(?P<message>.+) \(Possible options: (?P<options>.+)\)", "{message} (possible options: {options})"),
    (r"No such option: (?P<name>\S+)", "No such option: {name}"),
    (r"Invalid value for (?P<param>.+?): (?P<message>.+)", "Invalid value for {param}: {message}"),
    (r"Invalid value: (?P<message>.+)", "Invalid value: {message}"),
    (r"Missing option (?P<param>.+?)\. (?P<message>.+)", "Missing option {param}. {message}"),
    (r"Missing option (?P<param>.+?)\.", "Missing option {param}."),
    (r"Missing argument (?P<param>.+?)\. (?P<message>.+)", "Missing argument {param}. {message}"),
    (r"Missing argument (?P<param>.+?)\.", "Missing argument {param}."),
    (r"Missing parameter: (?P<param>.+)", "Missing parameter: {param}"),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", "Got unexpected extra arguments ({args})"),
    (r"Option (?P<name>'[^']+') requires an argument\.", "Option {name} requires an argument."),
    (r"Option (?P<name>'[^']+') requires (?P<n>\d+) arguments\.", "Option {name} requires {n} arguments."),
    (r"Option (?P<name>'[^']+') does not take a value\.", "Option {name} does not take a value."),
    (r"(?P<value>'.*') is not one of (?P<choices>.+)\.", "{value} is not one of {choices}."),
    (r"(?:Value )?(?P<value>.+) is not a valid (?P<kind>int|float|integer|boolean|path)\.",
     "{value} is not a valid {kind}."),
    (r"(?P<value>\S+) is not in the range (?P<range>.+)\.", "{value} is not in the range {range}."),
    # the same checks where Typer validates through Pydantic (commands not plain_params'd)
    (r"Input should be a valid integer(?:, .*)?", "a whole number is needed"),
    (r"Input should be a valid number(?:, .*)?", "a number is needed"),
    (r"Input should be greater than or equal to (?P<n>\S+)", "the value must be at least {n}"),
    (r"Input should be less than or equal to (?P<n>\S+)", "the value must be at most {n}"),
    (r"Input should be greater than (?P<n>\S+)", "the value must be more than {n}"),
    (r"Input should be less than (?P<n>\S+)", "the value must be less than {n}"),
    (r"(?P<label>File|Directory|Path) (?P<path>'.*') does not exist\.", "{label} {path} does not exist."),
    (r"Could not open file (?P<path>'.*'): (?P<message>.+)", "Could not open file {path}: {message}"),
))
#: fields that are words of Click's own (translated as msgids), not the user's values
_WORDS = ("label", "kind")
#: the prefix of the usage line (help pages and usage errors), Click's ``"Usage: "``
USAGE = "Usage:"
#: Click's placeholders in a usage line (a command's options, a group's sub-command)
METAVARS = ("[OPTIONS]", "COMMAND [ARGS]...")
MSGIDS: tuple[str, ...] = tuple(m for _, m in PATTERNS) + (
    "File", "Directory", "Path", "int", "float", "integer", "boolean", "path", USAGE, *METAVARS)

_installed: list[bool] = []


def translate(text: str, t: Callable[[str], str]) -> str:
    """``text`` (a Click error message) through the catalog ``t``, else as it is."""
    for pattern, msgid in PATTERNS:
        found = pattern.fullmatch(text.strip())
        if found is None:
            continue
        if t(msgid) == msgid:  # English (or not translated): Click's own words, unchanged
            return text
        parts = {k: (translate(v, t) if k == "message" else t(v) if k in _WORDS else v)
                 for k, v in found.groupdict().items()}
        return t(msgid).format(**parts)
    return text


def install(t: Callable[[str], str]) -> None:
    """Wrap the bundled Click's ``format_message`` methods (once) so they speak ``t``'s
    language at the time an error is shown."""
    if _installed:
        return
    import typer._click.exceptions as click_errors  # lazy: start-up speed (the CLI only)

    for name in ("ClickException", "BadParameter", "MissingParameter", "NoSuchOption", "FileError"):
        cls: Any = getattr(click_errors, name, None)
        if cls is None:
            continue
        original = cls.format_message

        def format_message(self: Any, _original: Callable[[Any], str] = original) -> str:
            return translate(_original(self), t)

        cls.format_message = format_message
    _install_usage_prefix(t)
    _installed.append(True)


def _install_usage_prefix(t: Callable[[str], str]) -> None:
    """The bundled Click writes ``"Usage: "`` (no gettext) before every usage line: give it the
    catalog's word when the caller names no prefix of its own."""
    from typer._click.formatting import HelpFormatter  # lazy: start-up speed (the CLI only)

    original = HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        word = t(USAGE)
        if prefix is None and word != USAGE:  # English: Click's own "Usage: "
            prefix = word if word.endswith("：") else f"{word} "
            for metavar in METAVARS:
                args = args.replace(metavar, t(metavar))
        original(self, prog, args, prefix)

    HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
