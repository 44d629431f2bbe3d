"""CSRF tokens for the HTML forms (double submit cookie, as datasette does), beside the
Origin check of :mod:`chuhai.web.security`.

Every response to a browser without the cookie ``chuhai_csrf`` sets one (random,
``HttpOnly``, ``SameSite=Strict``); pages put its value in a hidden ``csrf_token`` field, the
first field of each state-changing form (``request.state.csrf_token``). A form post that a
browser sends (it carries ``Origin``, ``Referer`` or ``Sec-Fetch-Site``) to a page (not
``/api``) must carry a ``csrf_token`` equal to the cookie, else 403 ``forbidden``. The field
is read from the start of the body (an urlencoded form, or the first multipart part), which
is then replayed to the application unchanged, so an upload is not held in memory.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "cookie_header", "token_of", "verify"]

CSRF_COOKIE = "chuhai_csrf"
CSRF_FIELD = "csrf_token"
_PEEK = 64 * 1024  # the first field of a form lies within this many bytes
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
_BROWSER = (b"origin", b"referer", b"sec-fetch-site")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
_MULTIPART_FIRST = re.compile(
    rb'^\s*--[^\r\n]+\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n([^\r\n]*)\r\n', re.I)


def token_of(scope: Scope) -> tuple[str, bool]:
    """``(token, new)``: the cookie's token, or a fresh one to set."""
    headers = dict(scope.get("headers") or [])
    jar: SimpleCookie = SimpleCookie()
    with contextlib.suppress(CookieError):  # a malformed Cookie header is no cookie
        jar.load(headers.get(b"cookie", b"").decode("latin-1"))
    morsel = jar.get(CSRF_COOKIE)
    if morsel is not None and _TOKEN.match(morsel.value):
        return morsel.value, False
    return secrets.token_urlsafe(24), True


def cookie_header(message: Message, token: str) -> None:
    """Add the Set-Cookie of ``token`` to an ``http.response.start`` message."""
    MutableHeaders(scope=message).append(
        "set-cookie", f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict")


def _needs_token(scope: Scope) -> bool:
    headers = dict(scope.get("headers") or [])
    ctype = headers.get(b"content-type", b"").decode("latin-1").lower()
    return (scope.get("method") in ("POST", "PUT", "PATCH", "DELETE")
            and not str(scope.get("path", "")).startswith("/api/")
            and ctype.startswith(_FORMS) and any(h in headers for h in _BROWSER))


async def verify(scope: Scope, receive: Receive, token: str) -> tuple[bool, Receive]:
    """``(ok, receive)`` for a request: ok unless it is a browser form post whose first
    field is not ``csrf_token`` equal to ``token``; ``receive`` replays what was read."""
    if not _needs_token(scope):
        return True, receive
    buffered: list[Message] = []
    head = b""
    more = True
    while more and len(head) < _PEEK:
        message = await receive()
        buffered.append(message)
        if message["type"] != "http.request":
            break
        head += message.get("body", b"")
        more = bool(message.get("more_body", False))
    if b"multipart/form-data" in dict(scope.get("headers") or []).get(b"content-type", b"").lower():
        m = _MULTIPART_FIRST.match(head)
        given = m.group(1).decode("latin-1") if m else ""
    else:
        given = (parse_qs(head.decode("latin-1")).get(CSRF_FIELD) or [""])[0]
    ok = bool(given) and secrets.compare_digest(given.encode(), token.encode())

    async def replay() -> Message:
        if buffered:
            return buffered.pop(0)
        return await receive()

    return ok, replay
