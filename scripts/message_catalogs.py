"""Bring the engine message catalogs up to date with the declared templates.

For every ``src/chuhai/<package>/**/messages.py`` (the engines' and the data layer's
sentences, see ``chuhai.messages``) this writes ``<package>.po`` for each language under
``src/chuhai/i18n/locale/*/LC_MESSAGES/``: one entry per template (the English text is the
msgid, the message code an extracted comment), keeping every translation already there (and leaving a template translated in another
domain, such as ``evidence.po``, there),
the English entry equal to the template, a new Chinese entry empty (for a person to
translate; ``tests/test_message_catalog.py`` fails until then), and entries of templates
that are gone dropped. Then compile with ``python -m chuhai.i18n compile``.

    PYTHONPATH=src python scripts/message_catalogs.py
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

import chuhai
from chuhai.i18n.catalogs import LOCALE_DIR
from chuhai.i18n.languages import LANGUAGES, TEMPLATE_LANGUAGE
from chuhai.messages import Message, Template, catalog

PACKAGE = Path(chuhai.__file__).resolve().parent


def _templates(value: Any, depth: int = 0) -> Iterator[Template]:
    if isinstance(value, Message):
        yield catalog()[value.code]
    elif isinstance(value, Template):
        yield value
    elif isinstance(value, dict) and depth < 3:
        for v in value.values():
            yield from _templates(v, depth + 1)
    elif isinstance(value, tuple | list | set | frozenset) and depth < 3:
        for v in value:
            yield from _templates(v, depth + 1)


def by_domain() -> dict[str, dict[str, Template]]:
    """Declared templates by catalog domain (the package folder under ``src/chuhai``)."""
    out: dict[str, dict[str, Template]] = {}
    for path in [*sorted(PACKAGE.rglob("messages.py")), PACKAGE / "errors.py"]:
        rel = path.relative_to(PACKAGE)
        if rel.parts == ("errors.py",):  # the base layer's own sentences: errors.po
            rel = Path("errors") / rel
        elif len(rel.parts) < 2:
            continue
        name = "chuhai.errors" if rel.parts[0] == "errors" else "chuhai." + ".".join(rel.with_suffix("").parts)
        module = importlib.import_module(name)
        for value in vars(module).values():
            for tpl in _templates(value):
                out.setdefault(rel.parts[0], {})[tpl.code] = tpl
    return out


def _read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id}


def elsewhere(domain: str) -> set[str]:
    """Templates translated in another domain than ``domain`` and the pages' (evidence.po
    translates some of tenders/messages.py): left there."""
    out: set[str] = set()
    for path in (LOCALE_DIR / "zh_CN" / "LC_MESSAGES").glob("*.po"):
        if path.stem not in (domain, "messages"):
            out |= {k for k, v in _read(path).items() if v}
    return out


def write(domain: str, templates: dict[str, Template], locale: str, english: bool) -> Path:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
    old = _read(path)
    skip = elsewhere(domain)
    today = datetime.datetime.now(datetime.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    cat = Catalog(locale=locale, domain=domain, project="chuhai", version="0.1.0",
                  creation_date=today, revision_date=today, fuzzy=False,
                  last_translator="chuhai contributors", language_team=locale)
    for code, tpl in sorted(templates.items()):
        if tpl.en in skip:
            continue
        existing = cat.get(tpl.en)
        if existing is not None:  # two codes, one English text: one entry, both codes named
            existing.auto_comments.append(code)
            continue
        text = tpl.en if english else old.get(tpl.en, "")
        flags = ("python-brace-format",) if "{" in tpl.en else ()
        cat.add(tpl.en, text, auto_comments=[code], flags=flags)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        write_po(fh, cat, width=100)
    return path


def main() -> None:
    for domain, templates in by_domain().items():
        for lang, locale in LANGUAGES.items():
            print(write(domain, templates, locale, english=lang == TEMPLATE_LANGUAGE))


if __name__ == "__main__":
    main()
