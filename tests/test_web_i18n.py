"""Languages: every UI string is in the zh_CN catalog, the compiled .mo files match the .po
files, and numbers, money and dates follow the locale."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import chuhai
from chuhai.i18n.catalogs import LOCALE_DIR
from chuhai.i18n.formatting import Formatter

SRC = Path(chuhai.__file__).parent
METHOD_MAP = [
    ("web/**.py", "python"), ("report/**.py", "python"),
    ("web/templates/**.html", "jinja2"), ("report/templates/**.html", "jinja2"),
    ("data/messages.py", "python"),  # the demo banner, a message template shown on every page
    ("errors.py", "python"),  # where an input error is (line, field), in the reader's language
]
OPTIONS = {"web/templates/**.html": {"extensions": "jinja2.ext.i18n"},
           "report/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def _ui_strings() -> dict[str, str]:
    out = {}
    keywords = {"_": None, "gettext": None, "t": None, "template": (2,)}
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        str(SRC), METHOD_MAP, OPTIONS, keywords=keywords
    ):
        if isinstance(message, str) and message:
            out[message] = f"{filename}:{lineno}"
    return out


def _po(lang: str) -> dict[str, str]:
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def test_every_ui_string_is_translated_to_chinese() -> None:
    strings = _ui_strings()
    assert len(strings) > 150  # the extractor really walked templates and modules
    zh = _po("zh_CN")
    missing = {s: where for s, where in strings.items() if not zh.get(s)}
    assert not missing, f"add these to zh_CN/LC_MESSAGES/messages.po: {missing}"
    en = _po("en")
    assert not set(strings) - set(en), "the en catalog lacks strings; run pybabel update"


@pytest.mark.parametrize("po_file", sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")),
                         ids=lambda p: f"{p.parts[-3]}/{p.stem}")
def test_compiled_catalogs_match_the_po_files(po_file: Path) -> None:
    with open(po_file, "rb") as fh:
        po = {m.id: m.string for m in read_po(fh) if m.id and m.string}
    with open(po_file.with_suffix(".mo"), "rb") as fh:
        mo = {m.id: m.string for m in read_mo(fh) if m.id and m.string}
    assert po == mo, f"{po_file.with_suffix('.mo').name} is stale: run `python -m chuhai.i18n compile`"


def test_a_missing_translation_would_be_caught(tmp_path: Path) -> None:
    """The check above is not vacuous: a template string absent from the catalog is reported."""
    strings = _ui_strings()
    zh = _po("zh_CN")
    zh.pop("Market ranking")
    assert "Market ranking" in strings and not zh.get("Market ranking")


def test_formatting_follows_the_locale() -> None:
    zh, en = Formatter("zh"), Formatter("en")
    assert en.number(1234567.891) == "1,234,568"
    assert en.number(1234.5, 2) == "1,234.50"
    assert en.percent(0.125) == "12.5%" and zh.percent(0.125) == "12.5%"
    assert en.money(2_500_000) == "$2.5M"
    assert zh.money(2_500_000) == "US$250.00万"  # 万 with two decimals (issue 10: US$6,570.95万)
    assert en.money(1234.5) == "$1,234.50" and zh.money(1234.5) == "US$1,234.50"
    assert en.money(None) == "–" and zh.number(float("nan")) == "–"
    when = datetime(2025, 3, 9, 14, 5)
    assert en.date(when).startswith("Mar 9, 2025")
    assert zh.date(when).startswith("2025年3月9日")


def test_every_domain_of_a_language_is_merged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second domain's translations are found by the one catalog of the language."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    import chuhai.i18n.catalogs as catalogs

    for locale in ("zh_CN", "en"):
        folder = tmp_path / locale / "LC_MESSAGES"
        folder.mkdir(parents=True)
        for domain, pairs in (("messages", {"Markets": "市场"}), ("extra", {"Valves": "阀门"})):
            cat = Catalog(locale=locale, domain=domain)
            for msgid, text in pairs.items():
                cat.add(msgid, text if locale == "zh_CN" else msgid)
            (folder / f"{domain}.po").write_text("")  # domains() lists the .po files
            with open(folder / f"{domain}.mo", "wb") as fh:
                write_mo(fh, cat)
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    catalogs.translations.cache_clear()
    try:
        zh = catalogs.translations("zh")
        assert catalogs.domains("zh_CN") == ["extra", "messages"]
        assert zh.gettext("Markets") == "市场" and zh.gettext("Valves") == "阀门"
    finally:
        catalogs.translations.cache_clear()
