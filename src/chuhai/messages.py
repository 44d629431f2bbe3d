"""Messages: every sentence an engine produces, as a stable code plus typed parameters.

Engines never build user-facing text. They return :class:`Message` values made from
templates declared once, in the ``messages.py`` module of their package::

    RANKED = template("markets.ranked", "Ranked {rank} of {n}")
    msg = RANKED(rank=1, n=105)          # Message(code="markets.ranked", params={...})

Renderers (CLI, web, reports) turn a message into text only at the edge with
:func:`render`, in English from the declared template or in another language through a
``translate`` callable (a Babel catalog's ``gettext``: the English template is the msgid).
JSON carries the code, the parameters (numbers stay numbers) and the text
(:func:`message_json`).

Placeholders use :meth:`str.format` syntax. Besides the standard format specs, these
named specs format by kind, so that a language can format them its own way:

``usd``   US$ with M/bn units (``US$6.6 M``)      ``pct``   a fraction as ``12.3 %``
``pct+``  a signed change (``+4.0 %``)            ``pct0``  ``12 %``; ``pct2``: ``12.34 %``
``list``  a tuple joined by ", "                  ``semi``  a tuple joined by "; "
``and``   a tuple joined by " and "              ``usdk``  US$ with k/M/B/T units (``US$5.4 T``)
``spct``  signed even at zero (``+0.0 %``)        ``pp0``   whole percentage points, no unit (``5``)
``or``    a tuple joined by " or "               ``people`` whole people (``1,234``; ``1,234人``)

Every kind formats through :mod:`chuhai.numbers` in the message's language: in Chinese money
counts in 万/亿 (``US$6,570.95万``, ``3.54亿美元``) and percentages take no space (``12.3%``).

A parameter may itself be a :class:`Message` (rendered in the same language), a tuple, or a
:class:`Text`: a free text that comes from data (a rule pack's warning, a parameter's note,
a scenario's gate note) in English and Chinese, shown in the message's language; JSON
carries its English text as the parameter (docs/i18n.md, "Texts from data").

``@kind`` (``{mode:@modes}``, ``{failed:@screens}``) says the parameter is an internal id (or
the English label of one) of a kind of names: it is shown by the namer registered with
:func:`set_namer` (:mod:`chuhai.data.reference.names` registers ``label``), a tuple joined
as a list. Chinese templates use it so that no id such as ``direct_export`` reaches a
reader; English templates keep the parameter as it is (their texts are a contract).
"""

from __future__ import annotations

import functools
import math
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Union

from chuhai import numbers

__all__ = [
    "Message",
    "Namer",
    "Text",
    "Param",
    "Template",
    "catalog",
    "message_json",
    "render",
    "set_namer",
    "template",
]

Param = Union[int, float, str, bool, None, "Message", "Text", tuple["Param", ...]]  # noqa: UP007

Translate = Callable[[str], str]
#: The name of an id in a language: ``(kind, key, lang) -> text``.
Namer = Callable[[str, str, str], str]
_NAMER: list[Namer] = []


def set_namer(namer: Namer) -> None:
    """Show ``@kind`` parameters through ``namer`` (the data layer registers its labels)."""
    _NAMER[:] = [namer]


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence as data: a stable ``code`` and its typed ``params``."""

    code: str
    params: Mapping[str, Param] = field(default_factory=lambda: MappingProxyType({}))

    def text(self, lang: str = "en", translate: Translate | None = None) -> str:
        """The sentence in ``lang`` (see :func:`render`)."""
        return render(self, lang, translate)

    def __str__(self) -> str:
        return render(self)


@dataclass(frozen=True, slots=True)
class Text:
    """A free text from data in both languages: ``en`` and its Chinese ``zh``.

    ``in_language(lang)`` is the Chinese text for ``zh`` (or ``zh-CN``) (the English one when no Chinese
    was written), the English text otherwise; ``str()`` is the English text.
    """

    en: str
    zh: str = ""

    def in_language(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") and self.zh else self.en

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True, slots=True)
class Template:
    """A declared message: its code, its English text and the parameters it takes."""

    code: str
    en: str
    fields: frozenset[str]

    def __call__(self, **params: Param) -> Message:
        unknown, missing = set(params) - self.fields, self.fields - set(params)
        if unknown or missing:
            raise TypeError(f"message {self.code}: unknown {sorted(unknown)}, missing {sorted(missing)}")
        return Message(self.code, MappingProxyType(dict(params)))


_CATALOG: dict[str, Template] = {}


def template(code: str, en: str) -> Template:
    """Declare a message once; a code declared twice with another text is an error."""
    names = frozenset(f[1].split(".")[0].split("[")[0]
                      for f in string.Formatter().parse(en) if f[1])
    tpl = Template(code, en, names)
    old = _CATALOG.get(code)
    if old is not None and old.en != en:
        raise ValueError(f"message code {code} declared twice with different texts")
    _CATALOG[code] = tpl
    return tpl


def catalog() -> Mapping[str, Template]:
    """Every declared message by code (those whose modules are imported)."""
    return MappingProxyType(_CATALOG)


_JOIN = {"en": {"list": ", ", "semi": "; ", "and": " and ", "or": " or "},
         "zh": {"list": "、", "semi": "；", "and": "和", "or": "或"}}


def _pct(digits: int, change: bool = False, signed_zero: bool = False) -> Callable[[float, str], str]:
    def kind(x: float, lang: str) -> str:
        return numbers.percent(x, lang, digits, change=change, signed_zero=signed_zero,
                               unit_space=True)
    return kind


#: Kind specs -> formatter(value, lang); every one delegates to :mod:`chuhai.numbers`.
_KINDS: dict[str, Callable[[float, str], str]] = {
    "usd": lambda x, lang: numbers.money(x, lang, style="usd", small_digits=0),
    "usdk": lambda x, lang: numbers.money(x, lang, style="usdk", small_digits=0),
    "usdm": lambda x, lang: numbers.money(x * 1e6, lang, style="usd", small_digits=0),  # x in millions
    "pct": _pct(1),
    "pct0": _pct(0),
    "pct2": _pct(2),
    "pct+": _pct(1, change=True),
    "spct": _pct(1, change=True, signed_zero=True),
    "pp0": lambda x, lang: f"{x * 100:.0f}",
    "people": numbers.people,
}


class _Formatter(string.Formatter):
    def __init__(self, lang: str, translate: Translate | None) -> None:
        self.lang, self.translate = lang, translate

    def _name(self, kind: str, value: Any) -> str:
        if isinstance(value, Message):
            return render(value, self.lang, self.translate)
        if isinstance(value, Text):
            return value.in_language(self.lang)
        text = "" if value is None else str(value)
        return _NAMER[0](kind, text, self.lang) if _NAMER else text

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("@"):
            if isinstance(value, tuple):
                names = _JOIN.get(self.lang, _JOIN["en"])["list"]
                return names.join(self._name(format_spec[1:], v) for v in value)
            return self._name(format_spec[1:], value)
        if isinstance(value, Message):
            return render(value, self.lang, self.translate)
        if isinstance(value, Text):
            return value.in_language(self.lang)
        if isinstance(value, tuple):
            joiner = _JOIN.get(self.lang, _JOIN["en"]).get(format_spec or "list")
            if joiner is None:
                raise ValueError(f"unknown join spec {format_spec!r}")
            return joiner.join(self.format_field(v, "") for v in value)
        kind = _KINDS.get(format_spec)
        if kind is not None:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                return "–"
            return kind(float(value), self.lang)
        return super().format_field(value, format_spec)


def render(msg: Message, lang: str = "en", translate: Translate | None = None) -> str:
    """The text of ``msg``: the English template, or ``translate(template)`` for others."""
    tpl = _CATALOG.get(msg.code)
    if tpl is None:
        raise KeyError(f"unknown message code {msg.code}")
    text = tpl.en if translate is None else translate(tpl.en)
    fmt, out = _Formatter(lang, translate), []
    for literal, name, spec, conv in _parsed(text):
        out.append(literal)
        if name is None:
            continue
        if conv or not name.isidentifier() or "{" in (spec or ""):  # rare: the full formatter
            return fmt.vformat(text, (), dict(msg.params))
        out.append(fmt.format_field(msg.params[name], spec or ""))
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> tuple[tuple[str, str | None, str | None, str | None], ...]:
    """A template's parts, parsed once (rendering thousands of messages stays cheap)."""
    return tuple(string.Formatter().parse(text))


def _texts_json(params: Mapping[str, Param]) -> dict[str, Any]:
    """``{"texts": {name: {"en", "zh"}}}`` for the :class:`Text` parameters, else ``{}``."""
    texts = {k: {"en": v.en, "zh": v.zh} for k, v in params.items() if isinstance(v, Text)}
    return {"texts": texts} if texts else {}


def _param_json(v: Param) -> Any:
    if isinstance(v, Message):
        return {"code": v.code, "params": {k: _param_json(p) for k, p in v.params.items()},
                **_texts_json(v.params)}
    if isinstance(v, tuple):
        return [_param_json(p) for p in v]
    if isinstance(v, Text):
        return v.en
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def message_json(msg: Message, lang: str = "en", translate: Translate | None = None) -> dict[str, Any]:
    """``{"code", "params", "text"}``: what JSON carries for a message; a :class:`Text`
    parameter adds ``"texts": {name: {"en", "zh"}}`` (``params`` keeps its English)."""
    return {"code": msg.code, "params": {k: _param_json(p) for k, p in msg.params.items()},
            "text": render(msg, lang, translate), **_texts_json(msg.params)}
