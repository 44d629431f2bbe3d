"""Offline HTML for a batch: ``OUT/index.html`` (en) and ``OUT/index.zh.html`` linking one
page per firm and language (``OUT/firms/<n>.<lang>.html``), every text escaped."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from chuhai.batch.results import BatchResult, DomesticWinners, RowEntry, RowResult
from chuhai.data.messages import DEMO_BANNER
from chuhai.data.reference.names import label
from chuhai.errors import InputError
from chuhai.fileio import atomic_write
from chuhai.i18n import LANGUAGES
from chuhai.i18n.catalogs import message_text, translations

__all__ = ["page_name", "write_pages"]

STYLE = ("body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;"
         "margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
         "padding:.3em .6em;text-align:left}.demo{background:#fff3cd;padding:.5em}")


def page_name(firm_no: int, lang: str) -> str:
    return f"firms/{firm_no:04d}.{lang}.html"


def _index_name(lang: str) -> str:
    return "index.html" if lang == "en" else f"index.{lang}.html"


def _doc(title: str, body: str, lang: str, demo: bool) -> str:
    banner = f'<p class="demo">{html.escape(message_text(DEMO_BANNER(), lang))}</p>' if demo else ""
    return (f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
            f'<meta charset="utf-8"><title>{html.escape(title)}</title><style>{STYLE}</style>'
            f"</head><body>{banner}<h1>{html.escape(title)}</h1>{body}</body></html>")


def _money(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def _winners(w: DomesticWinners | None) -> str:
    if w is None or w.share is None:
        return "—"
    return f"{w.k}/{w.n} ({w.share:.0%}; {w.low:.0%}–{w.high:.0%})"


def _entry(e: RowEntry, lang: str, t: Callable[[str], str]) -> str:
    esc = html.escape
    head = f"{esc(t('Entry plan'))} — {esc(e.importer)} ({esc(e.scenario)})"
    if e.error is not None:
        return f"<li>{head}: {esc(message_text(e.error, lang))}</li>"
    mode = "—" if e.mode is None else label("modes", e.mode, lang)
    reason = "" if e.reason is None else esc(message_text(e.reason, lang))
    notes = "".join(f"<li>{esc(message_text(w, lang))}</li>" for w in e.warnings)
    return (f"<li>{head}: <b>{esc(mode)}</b>, {esc(t('firm NPV US$'))} "
            f"{_money(e.firm_npv_usd)}. {reason}<ul>{notes}</ul></li>")


def _firm_page(firm: str, rows: list[RowResult], lang: str, t: Callable[[str], str],
               demo: bool) -> str:
    parts = []
    for r in rows:
        e = html.escape
        head = f"<h2>{e(r.products)}{' (' + e(r.product_query) + ')' if r.product_query else ''}" \
               f" — {e(r.home)}</h2>"
        if r.error is not None:
            parts.append(head + f"<p>{e(message_text(r.error, lang))}</p>")
            continue
        cells = "".join(
            f"<tr><td>{m.rank}</td><td>{e(m.importer)}</td><td>{e(m.name or '')}</td>"
            f"<td>{m.score:.0f}</td><td>{_money(m.untapped_usd)}</td>"
            f"<td>{_money(m.potential_usd)}</td><td>{e(t(m.posture))}</td>"
            f"<td>{e(_winners(m.domestic_winners))}</td>"
            f"<td>{e(message_text(m.explanation, lang))}</td></tr>" for m in r.markets)
        cols = "".join(f"<th>{e(t(c))}</th>" for c in (
            "#", "market", "name", "score", "untapped US$/yr", "potential US$/yr", "posture",
            "domestic winners (awards)", "why"))
        plans = "".join(_entry(x, lang, t) for x in r.entry)
        parts.append(head + f"<table><tr>{cols}</tr>{cells}</table>"
                     + (f"<ul>{plans}</ul>" if plans else ""))
    label = t("All firms")
    back = f'<p><a href="../{_index_name(lang)}">{html.escape(label)}</a></p>'
    return _doc(firm, back + "".join(parts), lang, demo)


def write_pages(result: BatchResult, out: Path) -> list[Path]:
    """Write the index and the firm pages in every language; returns the paths."""
    firms: dict[str, list[RowResult]] = {}
    for r in result.rows:
        firms.setdefault(r.firm, []).append(r)
    written = []
    try:
        for lang in LANGUAGES:
            t = translations(lang).gettext if lang != "en" else (lambda s: s)
            links = []
            for no, (firm, rows) in enumerate(firms.items(), 1):
                path = out / page_name(no, lang)
                atomic_write(path, _firm_page(firm, rows, lang, t, result.demo).encode())
                written.append(path)
                top = ", ".join(m.importer for r in rows for m in r.markets[:3])
                links.append(f'<li><a href="{page_name(no, lang)}">{html.escape(firm)}</a> '
                             f"— {html.escape(top)}</li>")
            other = " | ".join(f'<a href="{_index_name(x)}">{x}</a>' for x in LANGUAGES)
            body = f"<p>{other}</p><ul>{''.join(links)}</ul>"
            path = out / _index_name(lang)
            atomic_write(path, _doc(t("Portfolio screening"), body, lang, result.demo).encode())
            written.append(path)
    except OSError as exc:
        raise InputError(f"cannot write the HTML pages: {exc.strerror}", file=out) from exc
    return written
