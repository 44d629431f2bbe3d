"""What an import did, in the reader's language (issue 10): the data page's result notes and the
API's ``notes`` are messages; ``note`` keeps its English text."""

from __future__ import annotations

from pathlib import Path

import pytest

from chuhai.data import messages as M
from chuhai.i18n.catalogs import message_text
from chuhai.web import Settings, create_app
from test_web_helpers import Client, small_warehouse


def test_the_english_note_reads_as_before() -> None:
    assert str(M.IMPORT_REPLACED_YEARS(old="baci-0123", years=(2019, 2020))) == \
        "replaced rows of baci-0123 for 2019, 2020"
    assert message_text(M.IMPORT_REPLACED_YEARS(old="baci-0123", years=(2019, 2020)), "zh") == \
        "已替换导入 baci-0123 中 2019、2020 年的数据"
    assert message_text(M.IMPORT_REPLACED_ALL(old="x-1"), "zh") == "已替换导入 x-1 中所有年份的数据"


@pytest.mark.shared
def test_import_notes_on_the_page_and_the_api_in_both_languages(tmp_path: Path, shared_data: Path) -> None:
    sample = shared_data / "baci-v202501-hs22" / "baci_energy_subset.csv"
    c = Client(create_app(Settings(warehouse=small_warehouse(tmp_path / "wh", demo=True))))
    try:
        files = {"file": (sample.name, sample.read_bytes(), "text/csv")}
        page = c.post("/data/import?lang=zh", files=files, data={"hs_revision": "HS22", "release": "202501"})
        assert page.status_code == 200, page.text[:500]
        assert "已删除演示数据：真实数据从不与演示数据混用" in page.text
        assert "removed the demo data" not in page.text and "real data" not in page.text
        again = c.post("/api/v1/data/import?lang=zh", files=files, data={"hs_revision": "HS22"})
        out = again.json()[0]
        assert out["status"] == "unchanged"
        assert out["note"] == "the same file was imported before; nothing changed"  # the contract
        assert [n["code"] for n in out["notes"]] == ["data.import.same_file"]
        assert out["notes"][0]["text"] == "此文件以前已导入过；未作任何更改"
        en = c.post("/data/import?lang=en", files=files, data={"hs_revision": "HS22"})
        assert "the same file was imported before; nothing changed" in en.text
        zh = c.post("/data/import?lang=zh", files=files, data={"hs_revision": "HS22"})
        assert "此文件以前已导入过" in zh.text and "nothing changed" not in zh.text
    finally:
        c.close()
