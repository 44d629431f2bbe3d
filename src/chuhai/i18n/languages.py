"""The languages chuhai speaks, declared once: code (URLs, cookies, ``--lang``) -> Babel locale."""

from __future__ import annotations

from typing import Literal, get_args

from chuhai.errors import NotFoundError

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TEMPLATE_LANGUAGE", "Language", "check_language"]

#: A language code, as a type (web query parameters are validated against it).
Language = Literal["zh", "en"]
#: UI and report languages: code used in URLs/cookies/``--lang`` -> Babel locale.
LANGUAGES: dict[str, str] = {"zh": "zh_CN", "en": "en"}
assert tuple(LANGUAGES) == get_args(Language), "Language and LANGUAGES list the same codes"
#: The language of message templates and catalog msgids (rendered without a catalog).
TEMPLATE_LANGUAGE: Language = "en"
#: The language when nobody asks for one (Chinese first).
DEFAULT_LANGUAGE: Language = "zh"


def check_language(lang: str) -> str:
    """``lang`` if chuhai speaks it, else :class:`NotFoundError` naming the choices."""
    if lang not in LANGUAGES:
        raise NotFoundError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}",
                            lang=lang)
    return lang
