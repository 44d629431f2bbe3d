"""The rules layer's own sentences (catalog domain ``rules``): what a loader says of a
rule pack or regimes file it refuses."""

from __future__ import annotations

from chuhai.messages import template

__all__ = ["NO_CHINESE"]

NO_CHINESE = template(
    "rules.text.no_chinese",
    "{field} has no Chinese text: write it in {sibling} beside it (docs/i18n.md, texts from data)")
