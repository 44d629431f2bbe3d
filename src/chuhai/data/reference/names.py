"""Names as data: labels of internal ids in the reader's language, country names, sort keys.

``label(kind, key, lang)`` reads ``labels/<kind>.toml`` (one file per kind of id: modes,
rulepacks, methods, regimes, screens, postures, price_bands, localisation_parts, regions,
``potential_terms`` (each with its formula ``symbol``), procurement_bases, ranking_factors,
income_groups, agreements, sources, tables, archetypes, components, bidders); each entry
has ``en`` and ``zh``. Renderers call it (the web and report Jinja filter ``|label(kind)``,
the CLI) so no internal id such as ``direct_export`` reaches a reader.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from chuhai.data.messages import AWARDS_SOURCE, TARIFF_BASIS_CU
from chuhai.data.reference.countries import Country, country_table, get_country
from chuhai.data.reference.hs import hs_descriptions
from chuhai.data.reference.hs_zh import zh_description
from chuhai.errors import NotFoundError
from chuhai.i18n.catalogs import message_text
from chuhai.messages import set_namer

__all__ = ["LABEL_KINDS", "by_label", "countries_by_name", "country_name", "label", "label_filter", "labels", "localised_scan",
           "label_field", "message_name", "procurement_source", "product_name", "sort_key", "symbol", "with_mode_names"]

_LANGS = ("en", "zh")


@cache
def _kinds() -> tuple[str, ...]:
    root = resources.files("chuhai.data.reference").joinpath("labels")
    return tuple(sorted(e.name[:-5] for e in root.iterdir() if e.name.endswith(".toml")))


LABEL_KINDS: tuple[str, ...] = _kinds()


@cache
def _table(kind: str) -> Mapping[str, Any]:
    if kind not in LABEL_KINDS:
        raise NotFoundError(f"unknown label kind {kind!r}; choose one of {', '.join(LABEL_KINDS)}")
    name = f"labels/{kind}.toml"
    text = resources.files("chuhai.data.reference").joinpath(name).read_text("utf-8")
    return tomllib.loads(text)


@cache
def labels(kind: str) -> Mapping[str, Mapping[str, str]]:
    """``key -> {"en": ..., "zh": ...}`` of one kind, read-only; an unknown kind is a
    :class:`NotFoundError` naming the kinds there are."""
    table = _table(kind)
    return MappingProxyType({str(k): MappingProxyType({lang: str(v[lang]) for lang in _LANGS if lang in v})
                             for k, v in table.items()})


def _lang(lang: str) -> str:
    return "zh" if lang.lower().startswith("zh") else "en"


#: the scan's tariff basis for a rival inside a customs union: "customs union EAEU"
_CUSTOMS_UNION = "customs union "
#: localisation's measured procurement source: "awards:<source>+<source>:HS<sector>"
_AWARDS_SOURCE = re.compile(r"awards:(?P<sources>[^:]+):HS(?P<sector>\d+)")


def label(kind: str, key: object, lang: str, default: str | None = None) -> str:
    """The name of ``key`` (an id of ``kind``) in ``lang`` ("zh", "zh-CN", "en"); a key
    without a label gives ``default``, else the key itself (a user's own component or
    bidder name is shown as written)."""
    text = "" if key is None else str(key)
    entry = labels(kind).get(text)
    if entry is None and kind == "tariff_bases" and text.startswith(_CUSTOMS_UNION):
        return message_text(TARIFF_BASIS_CU(agreement=text[len(_CUSTOMS_UNION):]), _lang(lang))
    if entry is not None:
        found = entry.get(_lang(lang)) or entry.get("en")
        if found:
            return found
    return text if default is None else default


def label_field(kind: str, key: object, name: str) -> str:
    """Another field of ``key``'s entry than its names (``symbol``, ``unit``), empty when
    it has none."""
    entry = _table(kind).get("" if key is None else str(key))
    found = entry.get(name) if isinstance(entry, dict) else None
    return found if isinstance(found, str) else ""


def symbol(kind: str, key: object) -> str:
    """The formula symbol of ``key`` (an entry's ``symbol``, e.g. ``ΔGDP_j`` of the
    potential term ``dgdp``), empty when it has none; pages show it as a formula
    (``<code class="formula">``, :mod:`chuhai.i18n.latin`) beside the name."""
    return label_field(kind, key, "symbol")


def procurement_source(source: str, lang: str, zh: str | None = None) -> str:
    """A market's procurement source in ``lang``: the measured one
    (``awards:wb-contracts:HS9028``, chuhai.markets.localisation) as the award sources'
    names and the HS sector; a regime's note in Chinese when ``zh`` (its ``_zh`` sibling,
    which cites the instrument's own title) is given, else as written."""
    found = _AWARDS_SOURCE.fullmatch(source)
    if found is None:
        return zh if zh and _lang(lang) == "zh" else source
    msg = AWARDS_SOURCE(sources=tuple(found["sources"].split("+")), sector=found["sector"])
    return message_text(msg, _lang(lang))


def message_name(kind: str, key: str, lang: str) -> str:
    """The name of a message parameter ``{x:@kind}`` (:mod:`chuhai.messages`): ``key`` is an
    id of ``kind`` or its English label (some results carry the label); anything else, a
    user's own name, is shown as written."""
    if kind not in LABEL_KINDS:
        return key
    table = labels(kind)
    if key in table:
        return label(kind, key, lang)
    lang = _lang(lang)
    return next((e.get(lang) or key for e in table.values() if e.get("en") == key), key)


set_namer(message_name)


def label_filter(lang: str) -> Callable[..., str]:
    """The Jinja filter ``{{ key|label("modes") }}`` for pages in ``lang``."""
    def _filter(key: object, kind: str, default: str | None = None) -> str:
        return label(kind, key, lang, default)
    return _filter


@cache
def _zh() -> dict[str, str]:
    return {c.iso3: c.name_zh for c in country_table() if c.name_zh}


def localised_scan(scan: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A copy of a market scan's dict whose markets carry their name in ``lang`` (Chinese
    from the reference table, else the name or code they have); the input, often a shared
    cached scan, is never changed."""
    if lang != "zh":
        return dict(scan)
    zh = _zh()
    markets = [{**m, "name": zh.get(m["importer"], m.get("name") or m["importer"])}
               for m in scan.get("markets", [])]
    return {**scan, "markets": markets}


def pinyin_of(name: str) -> str:
    """``name`` in Hanyu Pinyin with tone numbers (pypinyin TONE3, neutral tone 5)."""
    import pypinyin  # lazy: start-up speed (pypinyin loads its dictionaries on import, ~0.3 s)

    return " ".join(pypinyin.lazy_pinyin(name, style=pypinyin.Style.TONE3, neutral_tone_with_five=True))


@cache
def pinyin_table() -> Mapping[str, str]:
    """The shipped keys of the names chuhai shows (scripts/derive_pinyin_keys.py)."""
    text = resources.files("chuhai.data.reference").joinpath("pinyin_keys.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return MappingProxyType({name: key for name, key in rows})


@cache
def _pinyin(name: str) -> str:
    known = pinyin_table().get(name)
    return known if known is not None else pinyin_of(name)


def sort_key(name: str, lang: str) -> tuple[str, str]:
    """A key that orders names as a reader of ``lang`` expects: Chinese names by their
    Hanyu Pinyin (with tone numbers, so 阿 a1 < 啊 … and 巴 ba1 < 把 ba3), other names
    accent- and case-insensitively; the name itself breaks ties."""
    if _lang(lang) == "zh":
        return (_pinyin(name).casefold(), name)
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return (folded.casefold(), name)


def by_label(kind: str, keys: Iterable[str], lang: str) -> list[str]:
    """``keys`` (ids of ``kind``) ordered by their label in ``lang`` (pinyin in Chinese)."""
    return sorted(keys, key=lambda k: sort_key(label(kind, k, lang), lang))


def countries_by_name(countries: Iterable[Country], lang: str) -> list[Country]:
    """Countries ordered by the name a reader of ``lang`` sees: the Chinese name by pinyin
    (English name where a country has none), else the English name."""
    def shown(c: Country) -> str:
        return (c.name_zh or c.name_en) if _lang(lang) == "zh" else c.name_en
    return sorted(countries, key=lambda c: sort_key(shown(c), lang))


def country_name(iso3: str, lang: str) -> str:
    """The name of the country ``iso3`` a reader of ``lang`` sees (Chinese: its Chinese name,
    else the English one); an unknown code is shown as written."""
    c = get_country(iso3)
    if c is None:
        return iso3
    return (c.name_zh or c.name_en) if _lang(lang) == "zh" else c.name_en


def product_name(code: object, lang: str) -> str:
    """What an HS code (2, 4 or 6 digits) is, for headings: in Chinese from ``hs_zh.toml``
    (its own text, else its heading's or chapter's), in English the HS 2022 subheading's
    description; empty when neither is known."""
    text = str(code or "")
    if _lang(lang) == "zh":
        return (zh_description(text) or "") if text else ""
    return hs_descriptions().get(text, "")


def with_mode_names(plan: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A copy of a plan's dict whose modes carry ``name``, the mode's name in ``lang``
    (a user's own mode keeps its label or key), for charts; the input is not changed."""
    modes = [{**m, "name": label("modes", m.get("mode"), lang, m.get("label") or m.get("mode"))}
             for m in plan.get("modes", [])]
    return {**plan, "modes": modes}
