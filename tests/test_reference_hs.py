"""HS descriptions, product search and the packaged revision concordance."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chuhai.data.reference import convert_hs, hs_descriptions, hs_revision_for_year, search_products
from chuhai.errors import NotFoundError
from factories import make_warehouse


@pytest.mark.parametrize(("query", "hs6"), [
    ("water meter", "902820"), ("Water Meters", "902820"), ("electricity meter", "902830"),
    ("smart meter", "902830"), ("gas meter", "902810"), ("水表", "902820"), ("电表", "902830"),
    ("check valve", "848130"), ("safety valve", "848140"), ("solar panel", "854143"),
])
def test_words_find_the_product_first(query: str, hs6: str) -> None:
    hits = search_products(query)
    assert hits[0].hs6 == hs6
    assert hits[0].hs_revision == "HS22"
    assert 0 < hits[0].score <= 1


def test_flow_meter_lists_both_headings() -> None:
    codes = [m.hs6 for m in search_products("flow meter", limit=5)]
    assert {"902820", "902610"} <= set(codes)


def test_valve_and_chinese_valve() -> None:
    codes = {m.hs6 for m in search_products("valve", limit=10)}
    assert {"848110", "848120", "848130", "848140", "848180"} <= codes
    assert search_products("阀门")[0].hs6 == "848180"


def test_code_prefix() -> None:
    assert [m.hs6 for m in search_products("9028")] == ["902810", "902820", "902830", "902890"]
    assert [m.hs6 for m in search_products("8481")] == [
        "848110", "848120", "848130", "848140", "848180", "848190"]
    exact = search_products("9028.20")
    assert exact[0].hs6 == "902820" and exact[0].score == 1.0
    assert len(search_products("84", limit=1000)) == sum(1 for c in hs_descriptions() if c[:2] == "84")


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(hs_descriptions())))
def test_every_code_finds_itself_first(code: str) -> None:
    hit = search_products(code)[0]
    assert (hit.hs6, hit.score) == (code, 1.0)
    assert search_products(code[:4])[0].hs6.startswith(code[:4])


def test_nothing_found_and_empty() -> None:
    assert search_products("zzzqqq") == []
    with pytest.raises(NotFoundError):
        search_products("   ")


def test_descriptions_are_hs2022() -> None:
    d = hs_descriptions()
    assert "liquid supply" in d["902820"].lower()
    assert "electricity supply" in d["902830"].lower()
    assert "854143" in d and "854140" not in d  # HS 2022 split 8541.40
    assert all(len(c) == 6 and c.isdigit() for c in d)


def test_search_uses_warehouse_products(tmp_path: Path) -> None:
    wh = make_warehouse(tmp_path, products=[
        {"hs6": "902820", "hs_revision": "HS17", "description": "Liquid supply or production meters"},
        {"hs6": "854140", "hs_revision": "HS17", "description": "Photosensitive semiconductor devices"},
    ])
    hits = search_products("water meter", warehouse=wh)
    assert [(m.hs6, m.hs_revision) for m in hits] == [("902820", "HS17")]
    assert search_products("8541", warehouse=wh)[0].hs6 == "854140"


def test_convert_between_revisions() -> None:
    same = convert_hs("902820", from_revision="HS17", to_revision="HS22")
    assert same.codes == ("902820",) and same.relation == "identical"
    split = convert_hs("854140", from_revision="HS17", to_revision="HS22")
    assert split.codes == ("854141", "854142", "854143", "854149") and split.relation == "split"
    back = convert_hs("854143", from_revision="HS22", to_revision="HS17")
    assert back.codes == ("854140",) and back.relation == "merged"
    assert convert_hs("848180", from_revision="hs22", to_revision="hs17").codes == ("848180",)
    assert convert_hs("100199", from_revision="HS12", to_revision="HS12").relation == "identical"


def test_convert_covers_every_pair_from_the_official_tables() -> None:
    # issue 13: UNSD's tables for all 21 pairs replace the four hand-typed HS17->HS22 splits
    lamps = convert_hs("850440", from_revision="HS17", to_revision="HS22")
    assert lamps.codes == ("850440", "854151", "854159") and lamps.relation == "split"
    assert convert_hs("902820", from_revision="HS12", to_revision="HS22").codes == ("902820",)
    assert convert_hs("902820", from_revision="HS92", to_revision="HS17").relation == "identical"
    with pytest.raises(NotFoundError, match="not an HS17 subheading"):
        convert_hs("902850", from_revision="HS17", to_revision="HS22")


def test_revision_for_year() -> None:
    assert hs_revision_for_year(2023) == "HS22"
    assert hs_revision_for_year(2021) == "HS17"
    assert hs_revision_for_year(2017) == "HS17"
    assert hs_revision_for_year(1990) == "HS92"


def test_plurals_fold_and_head_words_rank_first() -> None:
    assert search_products("valves")[0].hs6 == "848180"
    assert search_products("pressure reducing valves")[0].hs6 == "848110"
    assert search_products("solenoid valve")[0].hs6 == "848180"
    assert search_products("transformers")[0].hs6.startswith("8504")
