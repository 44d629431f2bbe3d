"""A CJK font for PDF reports and charts, so Chinese text renders (not tofu boxes).

Looked for, in order: ``$CHUHAI_CJK_FONT``; TrueType CJK fonts from Debian packages
``fonts-wqy-microhei``, ``fonts-wqy-zenhei``, ``fonts-arphic-uming``,
``fonts-droid-fallback``. ReportLab cannot embed CFF-outline OpenType (Noto CJK .otf),
so those are not used. When none is found, PDFs fall back to ReportLab's built-in
Adobe CID font ``STSong-Light`` (not embedded: viewers substitute a system font).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

__all__ = ["CID_FALLBACK", "CJK_CANDIDATES", "cjk_font"]

CJK_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
)
CID_FALLBACK = "STSong-Light"


@cache
def cjk_font() -> Path | None:
    """Path of an embeddable TrueType CJK font, or None (use :data:`CID_FALLBACK`)."""
    env = os.environ.get("CHUHAI_CJK_FONT")
    for cand in ((env,) if env else ()) + CJK_CANDIDATES:
        if cand and Path(cand).is_file():
            return Path(cand)
    return None
