"""The maintained blocs file and its validating loader."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chuhai.data.reference import load_blocs
from chuhai.errors import InputError

REQUIRED = {"RCEP", "ASEAN", "EAEU", "AfCFTA", "SACU", "SADC", "EAC", "ECOWAS", "MERCOSUR", "CPTPP",
            "CHN-PAK", "CHN-CHL", "CHN-PER", "CHN-CRI", "CHN-NZL", "CHN-SGP", "CHN-CHE", "CHN-ISL",
            "CHN-KOR", "CHN-AUS", "CHN-GEO", "CHN-MUS", "CHN-KHM", "CHN-NIC", "CHN-SRB", "CHN-ECU"}


def _by_id() -> dict[str, object]:
    return {a.id: a for a in load_blocs()}


def test_packaged_file_has_the_blocs() -> None:
    blocs = {a.id: a for a in load_blocs()}
    assert REQUIRED <= set(blocs)
    eaeu = blocs["EAEU"]
    assert eaeu.type == "CU" and eaeu.in_force == date(2015, 1, 1)
    assert eaeu.joined_on("KGZ") == date(2015, 8, 12)
    assert eaeu.joined_on("KAZ") == date(2015, 1, 1)
    assert "KGZ" not in eaeu.members_on(date(2015, 6, 1))
    assert "KGZ" in eaeu.members_on(date(2016, 1, 1))
    assert blocs["SACU"].type == "CU" and set(blocs["SACU"].members) == {"ZAF", "BWA", "LSO", "NAM", "SWZ"}
    assert blocs["CHN-PAK"].in_force == date(2007, 7, 1)
    assert "MLI" not in blocs["ECOWAS"].members_on(date(2025, 6, 1))
    assert "MLI" in blocs["ECOWAS"].members_on(date(2024, 6, 1))
    assert all(a.source for a in blocs.values())
    assert blocs["AfCFTA"].confidence == "M" and blocs["EAEU"].confidence == "H"


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 365 * 10))
def test_members_never_before_their_date(day: date, later: int) -> None:
    for a in load_blocs():
        now = a.members_on(day)
        for m in now:
            assert a.joined_on(m) <= day
        if not a.left:  # without departures membership only grows
            assert set(now) <= set(a.members_on(date.fromordinal(min(day.toordinal() + later, date(2035, 1, 1).toordinal()))))


GOOD = """
[[agreement]]
id = "X-Y"
name = "Test agreement"
type = "FTA"
in_force = 2020-01-01
source = "test"
members = ["CHN", "KGZ"]
"""


def _write(tmp: Path, text: str) -> Path:
    p = tmp / "blocs.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_loads_a_user_file(tmp_path: Path) -> None:
    (a,) = load_blocs(_write(tmp_path, GOOD))
    assert a.id == "X-Y" and a.members == ("CHN", "KGZ")


@pytest.mark.parametrize(("text", "field"), [
    (GOOD.replace('"KGZ"', '"XXX"'), "agreement[X-Y].members"),
    (GOOD.replace('"FTA"', '"ZONE"'), "agreement[X-Y].type"),
    (GOOD + "[agreement.joined]\nKAZ = 2021-01-01\n", "agreement[X-Y]"),
    (GOOD + "[agreement.joined]\nKGZ = 2019-01-01\n", "agreement[X-Y]"),
    (GOOD + GOOD, "agreement[X-Y].id"),
    (GOOD.replace('in_force = 2020-01-01', 'in_force = "soon"'), "agreement[X-Y].in_force"),
])
def test_bad_files_name_the_field(tmp_path: Path, text: str, field: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_blocs(path)
    assert err.value.file == str(path)
    assert err.value.field is not None and err.value.field.startswith(field)


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not valid TOML"):
        load_blocs(_write(tmp_path, "[[agreement]\n"))
    with pytest.raises(InputError, match="cannot read"):
        load_blocs(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="no"):
        load_blocs(_write(tmp_path, "title = 'x'\n"))


#: blocs.toml id -> WTO RTA database name, where our in_force is the WTO's goods date.
WTO_NAMES = {
    "EAEU": "Eurasian Economic Union (EAEU)", "SACU": "Southern African Customs Union (SACU)",
    "SADC": "Southern African Development Community (SADC)", "AfCFTA": "African Continental Free Trade Area (AfCFTA)",
    "MERCOSUR": "Southern Common Market (MERCOSUR)", "EU": "EU Treaty", "CHN-ASEAN": "ASEAN - China",
    "CPTPP": "Comprehensive and Progressive Agreement for Trans-Pacific Partnership (CPTPP)",
    "CHN-PAK": "Pakistan - China", "CHN-CHL": "Chile - China", "CHN-NZL": "China - New Zealand",
    "CHN-SGP": "China - Singapore", "CHN-PER": "Peru - China", "CHN-CRI": "China - Costa Rica",
    "CHN-ISL": "Iceland - China", "CHN-CHE": "Switzerland - China", "CHN-KOR": "China - Korea, Republic of",
    "CHN-AUS": "Australia - China", "CHN-GEO": "China - Georgia", "CHN-MUS": "China - Mauritius",
    "CHN-KHM": "China - Cambodia", "CHN-NIC": "China - Nicaragua", "CHN-ECU": "China - Ecuador",
    "CHN-SRB": "China - Serbia", "CHN-MDV": "China - Maldives",
}


@pytest.mark.shared
def test_dates_match_the_wto_rta_database(shared_data: Path) -> None:
    """Independent check of the hand-typed dates against the WTO RTA 'AllRTAs' export."""
    import openpyxl

    path = shared_data / "wto-rta" / "AllRTAs.xlsx"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    ws = openpyxl.load_workbook(path, read_only=True)["AllRTAs"]
    rows = ws.iter_rows(values_only=True)
    head = list(next(rows))
    name_i, date_i, status_i = head.index("RTA Name"), head.index("Date of Entry into Force (G)"), head.index("Status")
    wto: dict[str, date] = {}
    for r in rows:
        when = r[date_i]
        if r[name_i] is None or when is None or str(r[status_i]).startswith("Inactive"):
            continue
        day = when.date() if hasattr(when, "date") else date.fromordinal(date(1899, 12, 30).toordinal() + int(when))
        name = str(r[name_i]).strip()
        wto[name] = min(day, wto.get(name, day))
    blocs = {a.id: a for a in load_blocs()}
    for bloc_id, name in WTO_NAMES.items():
        assert blocs[bloc_id].in_force == wto[name], bloc_id
    eaeu = blocs["EAEU"]
    assert eaeu.joined_on("ARM") == wto["Eurasian Economic Union (EAEU) - Accession of Armenia"]
    assert eaeu.joined_on("KGZ") == wto["Eurasian Economic Union (EAEU) - Accession of the Kyrgyz Republic"]
    assert blocs["SADC"].joined_on("SYC") == wto["Southern African Development Community (SADC) - Accession of Seychelles"]
    uk = "Comprehensive and Progressive Agreement for Trans-Pacific Partnership (CPTPP) - Accession of the United Kingdom"
    assert blocs["CPTPP"].joined_on("GBR") == wto[uk]
