"""Uploaded file names (issue 10 §2): letters of every script are kept (a Chinese file name
is shown as the user named it, not as ``____.xlsx``), while separators, ``..``, controls and
over-long names never reach the file system."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from chuhai.errors import InputError
from chuhai.web.uploads import ALLOWED_SUFFIXES, MAX_NAME_BYTES, safe_filename


@pytest.mark.parametrize(("name", "safe"), [
    ("贸易数据.xlsx", "贸易数据.xlsx"),
    ("成员名单 2025.csv", "成员名单_2025.csv"),
    ("Übersicht-Märkte.CSV", "Übersicht-Märkte.CSV"),
    ("Ue\u0308bersicht.csv", "Uëbersicht.csv"),  # decomposed (macOS) letters are composed
    ("../../etc/passwd.csv", "passwd.csv"),
    ("C:\\Users\\王\\出口..名单.xlsx", "出口.名单.xlsx"),
    ("a\x00b\nc\u202egpj.csv", "a_b_c_gpj.csv"),
    ("...隐藏.csv", "隐藏.csv"),
    ("名单:*?\"<>|.json", "名单_______.json"),
])
def test_examples(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


@pytest.mark.parametrize("name", [None, "", "passwd", "..csv", ".csv", "../..", "名单.exe", "贸易/"])
def test_refused(name: str | None) -> None:
    with pytest.raises(InputError):
        safe_filename(name)


def test_a_long_name_is_cut_on_a_character_and_keeps_its_extension() -> None:
    out = safe_filename("水表出口名单" * 40 + ".xlsx")
    assert out.endswith(".xlsx") and len(out.encode("utf-8")) <= MAX_NAME_BYTES
    assert out.startswith("水表出口名单") and len(out.encode("utf-8")) > MAX_NAME_BYTES - 3


def _allowed(ch: str) -> bool:
    return ch.isalnum() or ch in "._-"


@given(st.text(max_size=300), st.sampled_from(ALLOWED_SUFFIXES + (".CSV", ".exe", "")))
@example("..", ".csv")
@example("\u202e", ".csv")
@example("x" * 400, ".parquet")
@example("\u0301" * 200, ".json")
def test_any_name_is_refused_or_safe(stem: str, suffix: str) -> None:
    name = stem + suffix
    try:
        out = safe_filename(name)
    except InputError:
        return
    assert out.lower().endswith(ALLOWED_SUFFIXES)
    assert "/" not in out and "\\" not in out and ".." not in out and not out.startswith(".")
    assert all(_allowed(ch) for ch in out), out
    assert not any(unicodedata.category(ch).startswith("C") for ch in out)
    assert 0 < len(out.encode("utf-8")) <= MAX_NAME_BYTES
    assert safe_filename(out) == out, "a safe name is left as it is"


@given(st.text(st.characters(categories=("Lo", "Lu", "Ll", "Nd")), min_size=1, max_size=40),
       st.sampled_from(ALLOWED_SUFFIXES))
def test_letters_of_every_script_are_kept(stem: str, suffix: str) -> None:
    stem = unicodedata.normalize("NFC", stem)
    expected = stem + suffix
    if len(expected.encode("utf-8")) > MAX_NAME_BYTES or not all(_allowed(ch) for ch in stem):
        return
    assert safe_filename(expected) == expected
