"""The CLI's language and its own sentences.

The language is, in order: the global ``--lang`` option (``zh-CN``/``zh``/``en``...),
``$CHUHAI_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``zh*`` means
Chinese, anything else English). The CLI's sentences, table headers and help texts are
msgids of the ``cli`` catalog domain (``i18n/locale/<locale>/LC_MESSAGES/cli.po``), read
with the standard library's :mod:`gettext` so that start-up does not import Babel; engine
messages go through :func:`chuhai.i18n.catalogs.message_text` (Babel, loaded lazily).

Click's and Typer's own words ("Usage:", "Options", "Missing option ...") are looked up
through the process-wide :mod:`gettext` domain, which :func:`use` points at the same
``cli`` catalog, so usage errors and help panels speak the chosen language too.
"""

from __future__ import annotations

import gettext
import inspect
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from chuhai.commands.usage import install as install_usage_errors
from chuhai.errors import NotFoundError
from chuhai.i18n.languages import LANGUAGES, TEMPLATE_LANGUAGE

if TYPE_CHECKING:
    from chuhai.messages import Message

__all__ = ["DOMAIN", "LangError", "argv_lang", "choose", "current", "label", "localise", "msg", "parse_lang",
           "t", "use"]

#: The catalog domain of the CLI's own sentences.
DOMAIN = "cli"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "i18n" / "locale"
#: Environment variables read for the language, in order (after ``CHUHAI_LANG``).
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")


class LangError(NotFoundError):
    """An unknown ``--lang``/``CHUHAI_LANG`` value (exit 1, like any unknown name)."""


@dataclass
class _Lang:
    code: str = TEMPLATE_LANGUAGE
    catalog: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)


_STATE = _Lang()

#: Words the CLI shows from data and looks up with :func:`t` at run time (the catalog script
#: adds them to cli.po): product-list sources, table origins, import and provenance states,
#: the demo summary's keys, tender mechanisms, the tornado's variables.
RUNTIME_WORDS = (
    "warehouse", "packaged HS 2022", "real", "generated", "mixed", "empty", "imported", "replaced",
    "unchanged", "active", "superseded", "demo", "rows", "years", "countries", "products", "value_usd",
    "additive_margin", "discount", "match_right", "preference_points", "reservation",
    "protection_from_exclusion", "participation_gate", "national_treatment",
    "volume", "price", "fx", "tariff", "wage", "share", "score", "density", "cog", "pci",
)
#: Typer's own words (help panels, defaults, a few errors), translated in cli.po too (see :func:`use`);
#: its bundled Click parser writes its errors in English only.
CLICK_WORDS = (
    "Show this message and exit.", "Arguments", "Options", "Commands", "Error", "Aborted.", "Aborted!", "(deprecated) ", "(dynamic)",
    "[default: {}]", "[env var: {}]", "[required]", "default: {default}", "env var: {var}", "required",
    "Missing command.", "No such command {name!r}.", "Try [blue]'{command_path} {help_option}'[/] for help.",
)


#: Typer reads its panel titles and markers once, when ``typer.rich_utils`` is first imported
#: (module constants); :func:`use` sets them again, so a language chosen later still applies.
TYPER_CONSTANTS = {
    "DEPRECATED_STRING": "(deprecated) ", "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]", "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments", "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands", "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.", "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}


def parse_lang(text: str, *, origin: str = "--lang") -> str:
    """``zh-CN``, ``zh_CN``, ``zh``, ``zh-Hans``, ``en``, ``en-GB`` ... -> ``zh`` or ``en``."""
    head = text.strip().replace("_", "-").split("-")[0].split(".")[0].lower()
    if head not in LANGUAGES:
        raise LangError(t("{origin}: unknown language {value!r}; choose zh-CN or en").format(
            origin=origin, value=text), value=text)
    return head


def choose(option: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language: ``option``, else ``$CHUHAI_LANG``, else the locale (zh* -> zh, else en)."""
    env = os.environ if environ is None else environ
    if option:
        return parse_lang(option)
    if env.get("CHUHAI_LANG"):
        return parse_lang(env["CHUHAI_LANG"], origin="CHUHAI_LANG")
    for var in LOCALE_VARS:
        value = env.get(var)
        if value:  # the first one set decides, as POSIX locales do
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def argv_lang(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` in ``argv`` (``--lang X`` or ``--lang=X``), if any: read before
    Click parses, so that ``chuhai --help --lang zh`` shows Chinese help."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    return None


def use(code: str) -> None:
    """Speak ``code`` from now on: the CLI catalog, and Click's/Typer's words."""
    locale = LANGUAGES[code]
    _STATE.code = code
    _STATE.catalog = gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[locale], fallback=True)
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = locale  # what gettext.gettext (Click, Typer) looks up
    install_usage_errors(t)  # the bundled Click's error texts, which have no gettext
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:  # imported already: its constants hold the earlier language
        for name, english in TYPER_CONSTANTS.items():
            if hasattr(rich_utils, name):
                setattr(rich_utils, name, t(english))


def current() -> str:
    """The language in use (``zh`` or ``en``)."""
    return _STATE.code


def t(text: str) -> str:
    """``text`` (an English msgid of the ``cli`` domain) in the current language."""
    return _STATE.catalog.gettext(text) if text else text


def msg(message: Message) -> str:
    """An engine's :class:`~chuhai.messages.Message` in the current language."""
    from chuhai.i18n.catalogs import message_text  # lazy: start-up speed (Babel)

    return message_text(message, _STATE.code)


def label(kind: str, key: str) -> str:
    """The name of ``key`` (a region, a mode, a rule pack ...) in the current language, from
    the names-as-data tables (:func:`chuhai.data.reference.names.label`); ``key`` when it has none."""
    from chuhai.data.reference.names import label as named  # lazy: start-up speed

    return named(kind, key, _STATE.code)


def _help_key(text: str) -> str:
    return inspect.cleandoc(text)


def localise(command: Any) -> None:
    """Translate the help texts of ``command`` and every subcommand and parameter in place
    (idempotent: the English text is kept aside, so switching back works)."""
    for obj, attr in _help_slots(command):
        original = getattr(obj, f"_chuhai_en_{attr}", None)
        if original is None:
            original = getattr(obj, attr, None)
            if not original:
                continue
            setattr(obj, f"_chuhai_en_{attr}", original)
        setattr(obj, attr, t(_help_key(original)) if _STATE.code != TEMPLATE_LANGUAGE else original)


def _help_slots(command: Any) -> list[tuple[Any, str]]:
    slots: list[tuple[Any, str]] = [(command, "help"), (command, "short_help")]
    slots += [(p, "help") for p in command.params]
    if getattr(command, "_help_option", "absent") is None:  # made on first parse: make it now
        command.get_help_option(SimpleNamespace(help_option_names=["--help"]))
    if getattr(command, "_help_option", None) is not None:
        slots.append((command._help_option, "help"))
    for sub in getattr(command, "commands", {}).values():
        slots += _help_slots(sub)
    return slots


def help_texts(command: Any) -> list[str]:
    """Every English help text of ``command``'s tree (the catalog test checks each)."""
    out = []
    for obj, attr in _help_slots(command):
        text = getattr(obj, f"_chuhai_en_{attr}", None) or getattr(obj, attr, None)
        if text:
            out.append(_help_key(text))
    return out
