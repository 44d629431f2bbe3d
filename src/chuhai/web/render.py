"""Server-side rendering: one autoescaping Jinja2 environment per UI language."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from chuhai.data import codes
from chuhai.data.messages import DEMO_BANNER
from chuhai.data.reference.names import (
    country_name,
    label_filter,
    procurement_source,
    product_name,
    symbol,
)
from chuhai.data.warehouse import Warehouse
from chuhai.errors import ChuhaiError
from chuhai.i18n import LANGUAGES
from chuhai.i18n.catalogs import message_text, translations
from chuhai.i18n.formatting import Formatter
from chuhai.web.deps import is_demo
from chuhai.web.i18n import LANG_COOKIE, pick_language
from chuhai.web.plans import NAME_HTML_PATTERN
from chuhai.web.security import script_json
from chuhai.web.settings import Settings

__all__ = ["TEMPLATE_DIR", "environment", "error_text", "render", "render_error", "request_lang"]

TEMPLATE_DIR = Path(__file__).parent / "templates"


@cache
def environment(lang: str) -> Environment:
    """The Jinja2 environment for ``lang``: autoescape on, i18n extension with the catalog."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    fmt = Formatter(lang)
    env.globals.update(fmt=fmt, lang=lang, languages=LANGUAGES, codes=codes,
                       plan_name_pattern=NAME_HTML_PATTERN,
                       demo_banner=message_text(DEMO_BANNER(), lang),
                       product_name=lambda code: product_name(code, lang), symbol=symbol,
                       procurement_source=lambda s, zh=None: procurement_source(s, lang, zh),
                       country_name=lambda iso3: country_name(iso3, lang))
    env.filters.update(
        number=fmt.number, percent=fmt.percent, money=fmt.money, date=fmt.date, tojson_safe=script_json,
        label=label_filter(lang),
    )
    return env


def request_lang(request: Request) -> str:
    settings: Settings = request.app.state.settings
    return pick_language(request, settings.language)


def _is_demo(request: Request) -> bool:
    wh: Warehouse = request.app.state.warehouse
    try:
        return is_demo(wh)
    except ChuhaiError:
        return False


def _lang_url(request: Request, lang: str) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "token")]
    params.append(("lang", lang))
    return f"{request.url.path}?{urlencode(params)}"


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` in the request's language; remembers an explicit ``?lang=``."""
    lang = request_lang(request)
    env = environment(lang)
    ctx = {
        "request": request,
        "demo": _is_demo(request),
        "path": request.url.path,
        "lang_urls": {code: _lang_url(request, code) for code in LANGUAGES},
        **context,
    }
    resp = HTMLResponse(env.get_template(template).render(ctx), status_code=status)
    asked = request.query_params.get("lang")
    if asked in LANGUAGES and asked != request.cookies.get(LANG_COOKIE):
        resp.set_cookie(LANG_COOKIE, asked, max_age=365 * 86400, samesite="lax")
    return resp


def error_text(request: Request, exc: ChuhaiError) -> str:
    """``exc``'s sentence in the request's language (English when it carries no message code)."""
    lang = request_lang(request)
    return exc.text(lang, None if lang == "en" else translations(lang).gettext)


def render_error(request: Request, status: int, body: dict[str, Any]) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, body=body)
