"""Sentences of the data layer, declared once (see :mod:`chuhai.messages`)."""

from __future__ import annotations

from chuhai.messages import template

__all__ = ["DEMO_BANNER"]

#: The demo warning every renderer shows over a demo warehouse (web, reports, offline
#: pages, the CLI); the English text is the catalog msgid of its translations.
DEMO_BANNER = template(
    "data.demo.banner",
    "DEMO DATA: the trade flows and tariffs in this warehouse are generated, not real "
    "statistics (countries, distances and the World Bank indicators are real). Every "
    "figure built on trade below is illustrative only.")
