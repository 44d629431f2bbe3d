"""The request's language: ``?lang=`` beats the ``lang`` cookie beats ``Accept-Language``.

Catalogs, the language list and formatting live below the renderers, in :mod:`chuhai.i18n`.
"""

from __future__ import annotations

from starlette.requests import Request

from chuhai.i18n import LANGUAGES

__all__ = ["LANG_COOKIE", "pick_language"]

LANG_COOKIE = "lang"


def pick_language(request: Request, default: str) -> str:
    """``?lang=`` beats the ``lang`` cookie beats ``Accept-Language`` beats the default."""
    for cand in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if cand in LANGUAGES:
            return cand
    accept = request.headers.get("accept-language", "").lower()
    for code in LANGUAGES:
        if accept.startswith(code):
            return code
    return default
