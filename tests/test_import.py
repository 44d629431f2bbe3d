"""`import_paths`: detection, reference loading first, idempotency, several files."""

from __future__ import annotations

from pathlib import Path

import pytest

from chuhai.data import importer
from chuhai.data.importer import detect_source, import_paths
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError

CSV = "t,i,j,k,v,q\n2023,156,398,902820,1.5,NA\n"


@pytest.mark.parametrize(("folder", "name", "source"), [
    ("baci-hs92-y2021-zaf-afg", "ExampleTradeData.csv", "baci"),
    ("baci-v202501-hs22", "baci_energy_subset.csv", "baci"),
    ("baci-v202501-hs22", "product_codes_HS22_V202501.csv", "baci"),
    ("baci-v202501-hs22", "country_codes_V202501.csv", "baci"),
    ("baci-v202201", "product_codes.csv", "baci"),
    ("comtrade", "AG6 Argentina 2022.csv", "comtrade"),
    ("comtrade", "HS-60a6ad.json", "comtrade"),
])
def test_detects_real_samples(shared_data: Path, folder: str, name: str, source: str) -> None:
    assert detect_source(shared_data / folder / name) == source


def test_country_dictionary_alone_is_explained(shared_data: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not imported on its own"):
        import_paths(Warehouse(tmp_path / "wh"),
                     [shared_data / "baci-v202501-hs22" / "country_codes_V202501.csv"])
    assert not (tmp_path / "wh").exists()


def test_reference_is_ensured_once_and_only_for_good_input(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(importer, "ensure_reference", lambda wh: calls.append(wh.home))
    wh = Warehouse(tmp_path / "wh")
    bad = tmp_path / "BACI_HS22_Y2022_V202501.csv"
    bad.write_text("t,i,j,k,v,q\n2022,156,398,902820,x,1\n")
    with pytest.raises(InputError):
        import_paths(wh, [bad])
    assert calls == [] and not wh.exists()
    a = tmp_path / "BACI_HS22_Y2023_V202501.csv"
    a.write_text(CSV)
    b = tmp_path / "BACI_HS17_Y2023_V202501.csv"
    b.write_text(CSV.replace("1.5", "2.5"))
    out = import_paths(wh, [a, b])
    assert [o.status for o in out] == ["imported", "imported"]
    assert calls == [wh.home]


def test_missing_reference_module_is_tolerated(tmp_path: Path) -> None:
    a = tmp_path / "BACI_HS22_Y2023_V202501.csv"
    a.write_text(CSV)
    (out,) = import_paths(Warehouse(tmp_path / "wh"), [a])
    assert out.rows == 1


def test_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    a = tmp_path / "BACI_HS22_Y2023_V202501.csv"
    a.write_text(CSV)
    wh = Warehouse(tmp_path / "wh")
    import_paths(wh, [a])
    (again,) = import_paths(wh, [a])
    assert again.status == "unchanged"
    with wh.connect() as con:
        assert con.execute("SELECT count(*) FROM trade").fetchone() == (1,)


def test_missing_path_and_unknown_source(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    with pytest.raises(InputError, match="no such file"):
        import_paths(wh, [tmp_path / "none.csv"])
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="cannot tell"):
        import_paths(wh, [other])
