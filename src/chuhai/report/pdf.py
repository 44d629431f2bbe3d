"""HTML -> PDF with xhtml2pdf (pure Python), with a CJK font so Chinese renders."""

from __future__ import annotations

import io
import logging
import tempfile
from pathlib import Path

from chuhai.errors import ChuhaiError
from chuhai.report.fonts import CID_FALLBACK, cjk_font

__all__ = ["font_css", "html_to_pdf"]


def font_css() -> str:
    """``@font-face`` rules for the PDF body font (regular and bold from one file)."""
    path = cjk_font()
    if path is None:
        return f"body, td, th, h1, h2, h3, p, li {{ font-family: {CID_FALLBACK}; }}"
    rules = "".join(
        f'@font-face {{ font-family: cjk; src: url("{path}"); font-weight: {w}; }}'
        for w in ("normal", "bold")
    )
    return rules + " body, td, th, h1, h2, h3, p, li { font-family: cjk; }"


def _register_cid() -> None:
    from reportlab.pdfbase import pdfmetrics  # lazy: start-up: only when used
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # lazy: start-up: only when used

    if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))


def html_to_pdf(html: str) -> bytes:
    """Render report HTML (images as ``data:`` URIs) to PDF bytes; no network access,
    local reads confined to the font directory."""
    from xhtml2pdf import pisa  # lazy: start-up: only when used
    from xhtml2pdf.config.resources import ResourceAccessPolicy  # lazy: start-up: only when used

    path = cjk_font()
    if path is None:
        _register_cid()
    roots = (path.parent,) if path else ()
    out = io.BytesIO()
    logging.getLogger("xhtml2pdf").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as base:
        policy = ResourceAccessPolicy(allow_remote=False, base_dir=Path(base), extra_roots=roots)
        status = pisa.CreatePDF(html, dest=out, encoding="utf-8", resource_policy=policy)
    if status.err:
        raise ChuhaiError(f"PDF rendering failed with {status.err} error(s)")
    return out.getvalue()
