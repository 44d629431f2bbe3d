"""procurement_rules.fold: the translate-table version equals the per-character definition."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from chuhai.data.reference.procurement_rules import fold


def _fold_by_definition(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().casefold()


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_fold_equals_its_definition(text: str) -> None:
    assert fold(text) == _fold_by_definition(text)


def test_fold_examples() -> None:
    for text in ("Adquisición de  MEDIDORES\r\nde agua", "Compteurs d’eau — Électricité",
                 "ＷＡＴＥＲ　ＭＥＴＥＲＳ", "plain ascii text", ""):
        assert fold(text) == _fold_by_definition(text)
    assert fold("Adquisición de  MEDIDORES\r\nde agua") == "adquisicion de medidores de agua"
