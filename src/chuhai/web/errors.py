"""One JSON error shape for every error: ``{"error", "message", "context"}``.

Library errors (:class:`chuhai.errors.ChuhaiError`) carry their own ``http_status``;
request validation becomes ``422 invalid_request``; Starlette's 404/405 become
``not_found`` / ``method_not_allowed``; anything unexpected is ``500 internal_error``
without internals. Page requests (not ``/api``) get the same facts as an HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from chuhai.errors import ChuhaiError
from chuhai.i18n.catalogs import translations
from chuhai.web.render import render_error, request_lang

__all__ = ["ERROR_RESPONSES", "ErrorBody", "error_body", "install_error_handlers"]

log = logging.getLogger("chuhai.web")

_HTTP_KINDS = {
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}


def error_body(kind: str, message: str, **context: Any) -> dict[str, Any]:
    return {"error": kind, "message": message, "context": context}


def _t(request: Request) -> Any:
    """The request's language (``?lang=``, cookie, ``Accept-Language``) and its gettext."""
    lang = request_lang(request)
    return lang, (None if lang == "en" else translations(lang).gettext)


def _reason(err: Any, t: Any) -> str:
    """A validation failure in the reader's language (pydantic's own text otherwise)."""
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if t is None:
        return str(err.get("msg", ""))
    g = t
    if kind == "missing":
        return g("required")
    if kind == "string_pattern_mismatch":
        return g("not in the expected form")
    if kind == "string_too_long":
        return g("at most {n} characters").format(n=ctx.get("max_length", "?"))
    if kind == "string_too_short":
        return g("at least {n} characters").format(n=ctx.get("min_length", "?"))
    if kind in ("greater_than_equal", "greater_than"):
        return g("must be at least {n}").format(n=ctx.get("ge", ctx.get("gt", "?")))
    if kind in ("less_than_equal", "less_than"):
        return g("must be at most {n}").format(n=ctx.get("le", ctx.get("lt", "?")))
    if kind in ("int_parsing", "int_from_float", "float_parsing"):
        return g("must be a number")
    if kind in ("too_long", "too_short"):
        return g("too many or too few values")
    return g("invalid value")


def _fields(exc: RequestValidationError, t: Any = None) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()))
        out.append({"field": loc, "reason": _reason(err, t)})
    return out


def _respond(request: Request, status: int, body: dict[str, Any],
             headers: dict[str, str] | None = None) -> Response:
    if not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", ""):
        page = render_error(request, status, body)
        for k, v in (headers or {}).items():  # e.g. Allow on a 405
            page.headers[k] = v
        return page
    return JSONResponse(body, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Register handlers so every error path answers with the one shape."""

    @app.exception_handler(ChuhaiError)
    async def _chuhai(request: Request, exc: ChuhaiError) -> Response:
        return _respond(request, exc.http_status, exc.to_dict(*_t(request), public=True))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        lang, t = _t(request)
        fields = _fields(exc, t)
        first = fields[0] if fields else {"field": "", "reason": (t or str)("invalid request")}
        colon = "：" if lang == "zh" else ": "
        msg = f"{first['field']}{colon}{first['reason']}" if first["field"] else first["reason"]
        return _respond(request, 422, error_body("invalid_request", msg, fields=fields))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        kind = _HTTP_KINDS.get(exc.status_code, "http_error")
        message = _http_text(request, exc)
        body = error_body(kind, message, path=request.url.path)
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # every method the path answers, not the first route's only
            headers["Allow"] = _allowed_methods(request)
        return _respond(request, exc.status_code, body, headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        _, t = _t(request)
        body = error_body("internal_error", (t or str)("internal error; see the server log"),
                          path=request.url.path)
        return _respond(request, 500, body)


def _http_text(request: Request, exc: StarletteHTTPException) -> str:
    lang, t = _t(request)
    g = t or (lambda s: s)
    texts = {404: g("nothing here: check the address"), 405: g("this address does not take that method"),
             413: g("the upload is larger than the limit")}
    if lang != "en" and exc.status_code in texts:
        return texts[exc.status_code]
    if exc.detail:
        return str(exc.detail)
    return texts.get(exc.status_code, _HTTP_KINDS.get(exc.status_code, "http error").replace("_", " "))


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> str:
    """Every method some route answers on the request's path (Starlette's own 405 names only
    the first matching route's methods when a path has one route per method)."""
    routes = request.app.router.routes
    return ", ".join(m for m in _METHODS if any(
        r.matches({**request.scope, "method": m})[0] == Match.FULL for r in routes))


class ErrorBody(BaseModel):
    """The one error shape of the API."""

    error: str
    message: str = Field(description="the sentence in the request's language (?lang=, Accept-Language)")
    context: dict[str, Any]
    code: str | None = Field(None, description="the message code, when the sentence has one")
    params: dict[str, Any] | None = Field(None, description="the message's parameters, beside code")


#: ``responses=`` for routes, so the OpenAPI schema documents the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": desc}
    for code, desc in (
        (400, "Bad input"), (404, "Not found"), (409, "Warehouse problem"),
        (422, "Invalid request or infeasible"), (500, "Internal error"),
    )
}
