# ruff: noqa: F811  (pytest fixtures imported from test_web_helpers)
"""The data page shows, per table, whether its rows are real or generated, in both languages."""

from __future__ import annotations

import re

from chuhai.data.info import table_origins
from chuhai.data.reference.names import label
from chuhai.data.warehouse import Warehouse
from test_web_helpers import Client, client, web_home  # noqa: F401

LABELS = {"en": {"real": "real", "generated": "generated", "mixed": "mixed (real and generated)",
                 "empty": "empty"},
          "zh": {"real": "真实", "generated": "生成", "mixed": "混合（真实与生成）", "empty": "空"}}


def _rows(html: str) -> dict[str, tuple[str, str, str]]:
    table = html.split('id="table-origins"', 1)[1].split("</table>", 1)[0]
    out = {}
    for tr in re.findall(r"<tr><td>(.*?)</tr>", table, flags=re.S):
        cells = re.findall(r"(?:^|<td[^>]*>)(.*?)</td>", tr, flags=re.S)
        origin = re.search(r'data-origin="(\w+)">([^<]*)<', tr)
        out[cells[0]] = (origin.group(1) if origin else "", origin.group(2) if origin else "",
                         re.sub(r"<[^>]+>", "", cells[-1]).strip())
    return out


def _add_rows(wh: Warehouse) -> None:
    """Indicators mixed (real wdi + generated demo rows), agreements generated only."""
    with wh.connect(read_only=False) as con:
        con.execute("INSERT INTO indicators VALUES ('MOZ', 2022, 'population', 3.2e7, 'wdi', 'x'), "
                    "('MOZ', 2023, 'population', 3.3e7, 'wdi', 'x'), "
                    "('KEN', 2023, 'population', 5.5e7, 'demo', 'y')")
        con.execute("INSERT INTO agreements VALUES ('T1', 'test bloc', 'FTA', NULL, 'demo', 'y')")


def test_data_page_shows_table_origins_in_both_languages(client: Client, web_home) -> None:  # type: ignore[no-untyped-def]
    _add_rows(Warehouse(web_home))
    expected = table_origins(Warehouse(web_home))
    assert {o["origin"] for o in expected.values()} == {"real", "mixed", "generated", "empty"}
    assert expected["indicators"]["sources"] == {"demo": 1, "wdi": 2}
    for lang in ("en", "zh"):
        html = client.get(f"/data?lang={lang}").text
        rows = _rows(html)
        # tables and sources by name in the page's language (names as data)
        assert set(rows) == {label("tables", name, lang) for name in expected}
        for name, o in expected.items():
            origin, shown, per_source = rows[label("tables", name, lang)]
            assert origin == o["origin"] and shown == LABELS[lang][o["origin"]], (lang, name)
            for src, n in o["sources"].items():
                assert f"{label('sources', src, lang)} {n:,}" in per_source, (lang, name, per_source)
    assert "真实或生成" in client.get("/data?lang=zh").text
    assert "Real or generated" in client.get("/data?lang=en").text


def test_provenance_names_chuhai_own_imports_and_states(client: Client, web_home) -> None:  # type: ignore[no-untyped-def]
    from chuhai.data.reference.ensure import REFERENCE_FILE, ensure_reference

    ensure_reference(Warehouse(web_home))
    own = [p["file"] for p in Warehouse(web_home).provenance() if p["file"] != REFERENCE_FILE]
    assert own
    for lang in ("en", "zh"):
        html = client.get(f"/data?lang={lang}").text
        table = html.split('id="provenance"', 1)[1].split("</table>", 1)[0]
        files = list(re.findall(r"<tr><td data-source=[^>]*>[^<]*</td><td>(.*?)</td>", table))
        assert files, table[:300]
        # chuhai's own imports by name, never the raw id; a file a user imported as its name
        assert label("import_files", REFERENCE_FILE, lang) in files
        assert REFERENCE_FILE not in files
        assert all(f"<code>{f}</code>" in files for f in own)
        states = re.findall(r'data-status="([^"]*)">([^<]*)<', table)
        assert states and all(s != shown for s, shown in states if s == "active")
    assert "使用中" in client.get("/data?lang=zh").text
