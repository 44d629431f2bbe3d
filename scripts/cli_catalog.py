"""Refresh the CLI's catalog domain (``i18n/locale/<locale>/LC_MESSAGES/cli.po``).

Collects every msgid the CLI shows: the ``t("...")`` calls of ``chuhai/cli.py`` and
``chuhai/commands/*.py`` (modules that import :func:`chuhai.commands.lang.t`), and every
help text of the command tree (:func:`chuhai.commands.lang.help_texts`). Existing
translations are kept, new msgids are added untranslated (the catalog test then names
them), msgids no longer used are dropped. Then compile: ``python -m chuhai.i18n compile``.

    PYTHONPATH=src python scripts/cli_catalog.py
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "chuhai"


def cli_sources() -> list[Path]:
    """The CLI modules whose ``t()`` speaks the ``cli`` domain."""
    files = [SRC / "cli.py", *sorted((SRC / "commands").glob("*.py"))]
    speaks = re.compile(r"from chuhai\.commands\.lang import [^\n]*\bt\b")
    return [f for f in files if speaks.search(f.read_text("utf-8")) or f.name == "lang.py"]


#: a ``t('...')`` call with a literal argument (as written inside f-strings)
_T_IN_FSTRING = re.compile(r"""\bt\((['"])([^'"\\{}]+)\1\)""")


def msgids() -> list[str]:
    """Every msgid of the CLI, in a stable order."""
    import typer

    from chuhai.cli import app
    from chuhai.commands.lang import CLICK_WORDS, RUNTIME_WORDS, help_texts
    from chuhai.commands.usage import MSGIDS as USAGE_ERRORS

    seen: dict[str, None] = {}
    for path in cli_sources():
        for _, text, _, _ in extract_from_file("python", str(path), keywords={"t": None}):
            if isinstance(text, str) and text:
                seen.setdefault(text, None)
        # t("...") inside an f-string: Babel's Python extractor sees the f-string as one token
        for found in _T_IN_FSTRING.finditer(path.read_text("utf-8")):
            seen.setdefault(found.group(2), None)
    for text in (*help_texts(typer.main.get_command(app)), *RUNTIME_WORDS, *CLICK_WORDS, *USAGE_ERRORS):
        seen.setdefault(text, None)
    return list(seen)


def refresh(locale: str) -> Path:
    po = SRC / "i18n" / "locale" / locale / "LC_MESSAGES" / "cli.po"
    old: dict[str, str] = {}
    if po.exists():
        with po.open("rb") as fh:
            old = {m.id: m.string for m in read_po(fh) if m.id and isinstance(m.id, str)}
    cat = Catalog(locale=locale, domain="cli", project="chuhai", fuzzy=False)
    for text in msgids():
        cat.add(text, old.get(text, ""))
    with po.open("wb") as fh:
        write_po(fh, cat, width=100, omit_header=False, no_location=True)
    return po


if __name__ == "__main__":
    for loc in ("zh_CN", "en"):
        print(refresh(loc))
