"""Languages, below every renderer: the language list (:mod:`.languages`), Babel catalogs
(:mod:`.catalogs`) and locale formatting (:mod:`.formatting`).

The web pages, the reports and the commands import from here; nothing here imports a
renderer. This package module stays light (no Babel import) so the CLI starts fast;
import catalogs and formatting from their submodules. ``python -m chuhai.i18n compile``
rebuilds the ``.mo`` files.
"""

from __future__ import annotations

from chuhai.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, Language, check_language

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Language", "check_language"]
