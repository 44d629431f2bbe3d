"""Sentences of the data layer, declared once (see :mod:`chuhai.messages`)."""

from __future__ import annotations

from chuhai.messages import template

__all__ = ["DEMO_BANNER"]

#: The demo warning every renderer shows over a demo warehouse (web, reports, offline
#: pages, the CLI); the English text is the catalog msgid of its translations.
DEMO_BANNER = template(
    "data.demo.banner",
    "DEMO DATA: this warehouse holds generated demo data, not real trade statistics. "
    "Every figure below is illustrative only.")
