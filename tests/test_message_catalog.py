"""Every engine and data-layer message has a zh-CN and an en template in the catalog domain
of its package (``src/chuhai/<package>/**/messages.py`` -> ``<package>.po``), the Chinese
template takes the same parameters as the English one, and the Chinese text of every
message, rendered with sample parameters, shows no Latin word outside the allow-list.

Domains are discovered: a new package with a ``messages.py`` needs its own ``.po`` files.
"""

from __future__ import annotations

import importlib
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

import chuhai
from chuhai.i18n.catalogs import LOCALE_DIR
from chuhai.i18n.languages import LANGUAGES
from chuhai.i18n.latin import latin_words
from chuhai.messages import Message, Template, catalog, render

PACKAGE = Path(chuhai.__file__).resolve().parent
LIST_SPECS = {"list", "semi", "and", "or"}
NUMBER_KINDS = {"usd", "usdk", "pct", "pct0", "pct2", "pct+", "spct", "pp0", "people"}


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


def _by_domain() -> dict[str, dict[str, Template]]:
    out: dict[str, dict[str, Template]] = {}
    for path in sorted(PACKAGE.rglob("messages.py")):
        rel = path.relative_to(PACKAGE)
        if len(rel.parts) < 2:  # chuhai/messages.py: the machinery, no sentences
            continue
        module = importlib.import_module("chuhai." + ".".join(rel.with_suffix("").parts))
        for value in vars(module).values():
            for tpl in _templates(value):
                out.setdefault(rel.parts[0], {})[tpl.code] = tpl
    return out


DOMAINS = _by_domain()
ALL = sorted((dom, code) for dom, tpls in DOMAINS.items() for code in tpls)


def _po(locale: str, domain: str) -> dict[str, str]:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id}


PO = {(loc, dom): _po(loc, dom) for loc in LANGUAGES.values() for dom in DOMAINS}


def _fields(text: str) -> dict[str, str]:
    """placeholder name -> format spec (the first one, if a name repeats)."""
    out: dict[str, str] = {}
    for _, name, spec, _ in string.Formatter().parse(text):
        if name is not None:
            out.setdefault(name.split(".")[0].split("[")[0], spec or "")
    return out


def _sample(spec: str) -> Any:
    if spec in LIST_SPECS:
        return ("KEN", "TZA")
    if spec in NUMBER_KINDS or (spec and spec[-1] in "fgde%"):
        return 65_709_500.5 if spec in {"usd", "usdk"} else 0.125
    return " KEN "  # an ISO code, spaced so that adjacent placeholders stay words


def test_the_engines_declare_messages_in_several_domains() -> None:
    assert {"markets", "entry", "tenders", "data"} <= set(DOMAINS)
    assert sum(len(t) for t in DOMAINS.values()) >= 200


def test_every_declared_code_lives_in_a_domain() -> None:
    """A template declared outside a package's messages.py would escape this test."""
    found = {code for _, code in ALL}
    outside = {code for code in set(catalog()) - found if not code.startswith("test.")}
    assert not outside, f"declared outside a package's messages.py: {sorted(outside)}"  # tests' own: test.*


@pytest.mark.parametrize(("domain", "code"), ALL)
def test_every_code_has_both_templates_with_the_same_parameters(domain: str, code: str) -> None:
    tpl = DOMAINS[domain][code]
    for lang, locale in LANGUAGES.items():
        po = PO[(locale, domain)]
        assert tpl.en in po, f"{code}: no {lang} entry in {locale}/LC_MESSAGES/{domain}.po"
        assert po[tpl.en], f"{code}: empty {lang} template in {domain}.po"
    assert PO[("en", domain)][tpl.en] == tpl.en, f"{code}: the en template is the declared text"
    zh = PO[("zh_CN", domain)][tpl.en]
    assert set(_fields(zh)) == set(_fields(tpl.en)), f"{code}: zh parameters differ"


@pytest.mark.parametrize(("domain", "code"), ALL)
def test_every_chinese_text_reads_as_chinese(domain: str, code: str) -> None:
    tpl = DOMAINS[domain][code]
    zh = PO[("zh_CN", domain)].get(tpl.en)
    if not zh:
        pytest.fail(f"{code}: no zh template in {domain}.po")
    params = {name: _sample(spec) for name, spec in _fields(tpl.en).items()}
    text = render(tpl(**params), "zh", lambda en: zh if en == tpl.en else en)
    assert latin_words(text) == [], f"{code}: {text}"
    words = "".join(literal for literal, *_ in string.Formatter().parse(tpl.en))
    if latin_words(words):  # the English template has words of its own: so must the Chinese
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{code}: no Chinese in {text!r}"


@pytest.mark.parametrize("locale", sorted(LANGUAGES.values()))
def test_no_domain_entry_without_a_template(locale: str) -> None:
    for domain, tpls in DOMAINS.items():
        texts = {t.en for t in tpls.values()}
        stale = set(PO[(locale, domain)]) - texts
        assert not stale, f"{locale}/{domain}.po: entries for no declared template: {sorted(stale)[:3]}"
