"""Access control and output hygiene: the token gate, security headers, CSV and JSON escaping."""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chuhai.web.csrf import cookie_header, token_of, verify

__all__ = ["TOKEN_COOKIE", "SecurityMiddleware", "csv_safe", "script_json"]

TOKEN_COOKIE = "chuhai_token"
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
_HEADERS = {
    "content-security-policy": _CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|")


def csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formula injection: text starting with ``= + - @ TAB CR |``
    gets a leading apostrophe. Numbers pass through untouched."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def script_json(obj: Any) -> str:
    """JSON safe to put inside ``<script type="application/json">``: ``<``, ``>``, ``&``
    and the JS line separators are escaped so ``</script>`` cannot close the tag."""
    text = json.dumps(obj, ensure_ascii=False, default=str)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1", "testserver"})


def _forbidden(message: str, path: str) -> Response:
    return JSONResponse({"error": "forbidden", "message": message, "context": {"path": path}},
                        status_code=403)


def cross_site(request: Request) -> bool:
    """True when a state-changing request comes from another site (CSRF): its ``Origin``
    (or, lacking one, ``Referer``) names a different host:port than ``Host``."""
    if request.method not in _UNSAFE:
        return False
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return False  # non-browser clients (curl, scripts) send neither
    if source == "null":
        return True
    return urlsplit(source).netloc.lower() != request.headers.get("host", "").lower()


class SecurityMiddleware:
    """Adds security headers to every response; refuses cross-site state-changing requests
    (CSRF) and, on a loopback bind, requests whose ``Host`` is not a loopback name (DNS
    rebinding); when a token is configured, admits only requests carrying it
    (``Authorization: Bearer``, the cookie, or ``?token=`` which sets the cookie and
    redirects to the clean URL)."""

    def __init__(self, app: ASGIApp, *, token: str | None, loopback: bool = True) -> None:
        self.app = app
        self.token = token
        self.loopback = loopback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = _one_leading_slash(scope)
        request = Request(scope)
        host = _hostname(request.headers.get("host", ""))
        if self.loopback and host and host not in _LOOPBACK_NAMES:
            await _with_headers(_forbidden(f"host {host!r} is not this loopback server",
                                           request.url.path))(scope, receive, send)
            return
        if cross_site(request):
            await _with_headers(_forbidden("cross-site request refused", request.url.path))(
                scope, receive, send)
            return
        if self.token:
            denied = self._check(request)
            if denied is not None:
                await _with_headers(denied)(scope, receive, send)
                return
        csrf, new_csrf = token_of(scope)
        ok, receive = await verify(scope, receive, csrf)
        if not ok:
            await _with_headers(_forbidden("form without its CSRF token (reload the page and "
                                           "submit again)", request.url.path))(scope, receive, send)
            return
        scope = {**scope, "state": {**scope.get("state", {}), "csrf_token": csrf}}

        async def send_wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in _HEADERS.items():
                    if k not in headers:
                        headers[k] = v
                if new_csrf:
                    cookie_header(message, csrf)
            await send(message)

        await self.app(scope, receive, send_wrapped)

    def _check(self, request: Request) -> Response | None:
        assert self.token is not None
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and _same(auth[7:].strip(), self.token):
            return None
        if _same(request.cookies.get(TOKEN_COOKIE, ""), self.token):
            return None
        given = request.query_params.get("token")
        if given is not None and _same(given, self.token):
            rest = [(k, v) for k, v in parse_qsl(request.url.query) if k != "token"]
            url = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            resp = RedirectResponse(url, status_code=303)
            resp.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return resp
        return JSONResponse(
            {"error": "unauthorized",
             "message": "this server needs its access token: send `Authorization: Bearer <token>` "
                        "or open any page once with ?token=<token>",
             "context": {"path": request.url.path}},
            status_code=401,
            headers={"www-authenticate": "Bearer"},
        )


def _one_leading_slash(scope: Scope) -> Scope:
    """``//evil.example/x`` (or ``/\\evil.example``) is served as ``/evil.example/x``: a page
    that echoes its own path in a link (the language switch) must not make a
    protocol-relative, off-site URL of it."""
    path: str = scope.get("path", "")
    if not path.startswith(("//", "/\\")):
        return scope
    clean = "/" + path.lstrip("/\\")
    return {**scope, "path": clean, "raw_path": clean.encode()}


def _hostname(host: str) -> str:
    """``Host`` header without the port: ``[::1]:8000`` -> ``[::1]``, ``a:80`` -> ``a``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _same(given: str, expected: str) -> bool:
    return bool(given) and secrets.compare_digest(given.encode(), expected.encode())


def _with_headers(resp: Response) -> Response:
    for k, v in _HEADERS.items():
        resp.headers.setdefault(k, v)
    return resp
