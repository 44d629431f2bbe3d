"""Every engine and data-layer message has a zh-CN and an en template in the catalog domain
of its package (``src/chuhai/<package>/**/messages.py`` -> ``<package>.po``), the Chinese
template takes the same parameters as the English one, and the Chinese text of every
message, rendered with sample parameters, shows no Latin word outside the allow-list.

Domains are discovered: a new package with a ``messages.py`` needs its own ``.po`` files. A
template may instead be translated in another engine-side domain (the evidence helper keeps
the award-history sentences of ``tenders/messages.py`` in ``evidence.po``); the domains of a
language are merged, so either is found.
"""

from __future__ import annotations

import importlib.util
import string
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

import chuhai
from chuhai.i18n.catalogs import LOCALE_DIR
from chuhai.i18n.languages import LANGUAGES
from chuhai.i18n.latin import latin_words
from chuhai.messages import Template, catalog, render

PACKAGE = Path(chuhai.__file__).resolve().parent
LIST_SPECS = {"list", "semi", "and", "or"}
NUMBER_KINDS = {"usd", "usdk", "pct", "pct0", "pct2", "pct+", "spct", "pp0", "people"}


def _catalog_script() -> Any:
    """scripts/message_catalogs.py, which says which templates each domain holds."""
    path = PACKAGE.parents[1] / "scripts" / "message_catalogs.py"
    spec = importlib.util.spec_from_file_location("message_catalogs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DOMAINS: dict[str, dict[str, Template]] = _catalog_script().by_domain()
ALL = sorted((dom, code) for dom, tpls in DOMAINS.items() for code in tpls)


def _po(locale: str, domain: str) -> dict[str, str]:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id}


#: Every catalog domain but the pages' own: a package's domain, or the catalog of a part of
#: the code that translates templates declared in another package (evidence.po, batch.po).
ALL_DOMAINS = sorted({p.stem for p in LOCALE_DIR.glob("*/LC_MESSAGES/*.po")} - {"messages"})
PO = {(loc, dom): _po(loc, dom) for loc in LANGUAGES.values() for dom in ALL_DOMAINS}


def _home(domain: str, tpl: Template) -> str:
    """The domain holding ``tpl``: its package's, or another one that translates it."""
    if tpl.en in PO.get(("zh_CN", domain), {}):
        return domain
    return next((d for d in ALL_DOMAINS if PO[("zh_CN", d)].get(tpl.en)), domain)


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
    home = _home(domain, tpl)
    for lang, locale in LANGUAGES.items():
        po = PO.get((locale, home), {})
        assert tpl.en in po, f"{code}: no {lang} entry in {locale}/LC_MESSAGES/{home}.po"
    assert PO[("zh_CN", home)][tpl.en], f"{code}: empty zh template in {home}.po"
    # en: the declared text (an empty msgstr is gettext's "the msgid itself")
    assert PO[("en", home)][tpl.en] in ("", tpl.en), f"{code}: the en entry is not the template"
    zh = PO[("zh_CN", home)][tpl.en]
    assert set(_fields(zh)) == set(_fields(tpl.en)), f"{code}: zh parameters differ"


@pytest.mark.parametrize(("domain", "code"), ALL)
def test_every_chinese_text_reads_as_chinese(domain: str, code: str) -> None:
    tpl = DOMAINS[domain][code]
    zh = PO.get(("zh_CN", _home(domain, tpl)), {}).get(tpl.en)
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
    """A package's catalog holds its templates only (other domains may hold UI strings)."""
    for domain, tpls in DOMAINS.items():
        texts = {t.en for t in tpls.values()}
        stale = set(PO.get((locale, domain), {})) - texts
        assert not stale, f"{locale}/{domain}.po: entries for no declared template: {sorted(stale)[:3]}"


def test_name_specs_name_a_label_kind() -> None:
    """``{x:@kind}`` in a Chinese template shows an id by its label: the kind must exist."""
    from chuhai.data.reference.names import LABEL_KINDS

    used = {spec[1:] for (loc, _), po in PO.items() if loc == "zh_CN" for zh in po.values()
            for _, name, spec, _ in string.Formatter().parse(zh) if name and (spec or "").startswith("@")}
    assert {"modes", "regimes", "screens", "rulepacks", "gates"} <= used
    assert used <= set(LABEL_KINDS), sorted(used - set(LABEL_KINDS))


def test_ids_in_parameters_are_shown_by_their_names() -> None:
    import chuhai.data.reference.names  # noqa: F401  (registers the namer)
    from chuhai.entry import messages as em
    from chuhai.i18n.catalogs import message_text
    from chuhai.markets import messages as mm

    gate = em.MODE_GATE(mode="direct_export", gate="KEN")
    assert message_text(gate, "zh").startswith("直接出口：")
    assert message_text(gate, "en").startswith("direct_export: ")  # the English contract
    gated = em.REC_GATED(labels=("Direct export", "my own mode"))  # an English label, a user's
    assert "直接出口、my own mode" in message_text(gated, "zh")
    failed = next(t for t in DOMAINS["markets"].values() if t.code == "markets.explain.ranked_fails")
    text = message_text(failed(rank=3, n=9, score=50.0, body=(mm.UNKNOWN,), failed=("imports",)), "zh")
    assert "未知" in text and "imports" not in text and latin_words(text) == []
