"""Babel catalogs for UI and report strings.

Catalogs live in ``chuhai/i18n/locale/<locale>/LC_MESSAGES/<domain>.po``: ``messages`` for
the pages' and reports' own strings, and one domain per part of the code whose sentences
it translates (for instance ``markets.po`` for the markets engine's message templates), so
that each part keeps its catalog beside the others without one file for everything. The
compiled ``.mo`` files are committed beside them (``python -m chuhai.i18n compile``
rebuilds them), so a fresh install works without a build step. :func:`translations`
merges every domain of a language into one catalog: a msgid is the English text, so it
means the same wherever it is translated.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import Translations

from chuhai.errors import ChuhaiError
from chuhai.i18n.languages import LANGUAGES, TEMPLATE_LANGUAGE
from chuhai.messages import Message, render

__all__ = ["LOCALE_DIR", "compile_catalogs", "domains", "every_language", "message_text", "translations"]

LOCALE_DIR = Path(__file__).parent / "locale"
#: Domains that only their own part of the code reads and that :func:`translations` does not
#: merge: the CLI's ``cli`` domain (read with the standard library's gettext at start-up,
#: chuhai.commands.lang), whose short words ("share", "score") must not change the pages'.
PRIVATE_DOMAINS = frozenset({"cli"})


@cache
def translations(lang: str) -> Translations:
    """The compiled catalog for ``lang`` ("zh" or "en"): every domain, merged."""
    locale = LANGUAGES[lang]
    loaded = Translations.load(str(LOCALE_DIR), [locale], domain="messages")
    if not isinstance(loaded, Translations):  # catalog missing: a broken install, say so
        raise ChuhaiError(f"UI catalog for {lang} not found under {LOCALE_DIR}; reinstall chuhai")
    for domain in domains(locale):
        extra = Translations.load(str(LOCALE_DIR), [locale], domain=domain)
        if domain not in ("messages", *PRIVATE_DOMAINS) and isinstance(extra, Translations):  # .po without .mo: the
            loaded.merge(extra)  # catalog test names the stale file
    return loaded


def domains(locale: str) -> list[str]:
    """The catalog domains of ``locale`` (a Babel locale such as ``zh_CN``), sorted."""
    return sorted(p.stem for p in (LOCALE_DIR / locale / "LC_MESSAGES").glob("*.po"))


def compile_catalogs() -> list[Path]:
    """Compile every ``<domain>.po`` under :data:`LOCALE_DIR` to ``<domain>.mo``."""
    from babel.messages.mofile import write_mo  # lazy: a maintenance command, not start-up
    from babel.messages.pofile import read_po  # lazy: a maintenance command, not start-up

    out = []
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        with open(po, "rb") as fh:
            catalog = read_po(fh)
        mo = po.with_suffix(".mo")
        with open(mo, "wb") as fh:
            write_mo(fh, catalog)
        out.append(mo)
    translations.cache_clear()
    return out


def message_text(msg: Message, lang: str) -> str:
    """``msg`` rendered in ``lang``: the English template, or its catalog translation."""
    return render(msg, lang, None if lang == TEMPLATE_LANGUAGE else translations(lang).gettext)


def every_language(msg: Message) -> str:
    """``msg`` in English, then in each other language: for the terminal and the offline
    pages, which have no language switch."""
    others = [message_text(msg, lang) for lang in LANGUAGES if lang != TEMPLATE_LANGUAGE]
    return " ".join([message_text(msg, TEMPLATE_LANGUAGE), *others])
