# ruff: noqa: F811  (pytest fixtures imported from test_web_helpers)
"""Pages show names, not internal ids: labels in the reader's language, country pickers
sorted by pinyin on Chinese pages, HS descriptions in Chinese in the product picker."""

from __future__ import annotations

import re
from pathlib import Path

from chuhai.data.reference import country_table
from chuhai.data.reference.names import label, sort_key
from test_web_helpers import Client, client, web_home  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = (ROOT / "examples" / "mozambique-water-meters.toml").read_text(encoding="utf-8")
TENDER = (ROOT / "examples" / "tenders" / "mozambique-water-meters.toml").read_text(encoding="utf-8")


def _options(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


def test_home_country_picker_sorted_by_pinyin_in_chinese(client: Client) -> None:
    options = _options(client.get("/?lang=zh").text, "exporter")
    names = [text.rsplit(" (", 1)[0] for _, text in options]
    assert len(names) == len(country_table())
    assert names == sorted(names, key=lambda n: sort_key(n, "zh"))
    assert names != sorted(names)  # code-point order differs: the pinyin key is what sorts
    pos = {iso: i for i, (iso, _) in enumerate(options)}
    assert pos["DZA"] < pos["EGY"] < pos["BRA"] < pos["KAZ"] < pos["KGZ"] < pos["IND"] < pos["VNM"] < pos["CHN"]
    en = [text.rsplit(" (", 1)[0] for _, text in _options(client.get("/?lang=en").text, "exporter")]
    assert en == sorted(en, key=lambda n: sort_key(n, "en"))


def test_regions_and_agreements_by_name(client: Client) -> None:
    zh = client.get("/?lang=zh").text
    assert "撒哈拉以南非洲" in zh and "区域全面经济伙伴关系协定" in zh and "欧亚经济联盟" in zh
    assert "> Sub-Saharan Africa<" not in zh
    page = client.get("/markets?product=902820&exporter=CHN&lang=zh").text
    assert [v for v, _ in _options(page, "income_group")][1:] == ["L", "LM", "UM", "H"]
    assert [t for _, t in _options(page, "income_group")][1:] == ["低收入", "中低收入", "中高收入", "高收入"]
    regions = [t for _, t in _options(page, "region")][1:]
    assert regions == sorted(regions, key=lambda n: sort_key(n, "zh")) and "南亚" in regions


def test_tender_page_rule_packs_and_methods_by_name(client: Client) -> None:
    for lang in ("zh", "en"):
        page = client.get(f"/tenders?lang={lang}").text
        packs = dict(_options(page, "rulepack"))
        assert packs["mz-decree-5-2016"].startswith(label("rulepacks", "mz-decree-5-2016", lang))
        assert "ADB — ADB" not in page
        methods = dict(_options(page, "method"))
        assert methods["lowest_price"] == label("methods", "lowest_price", lang)
    assert dict(_options(client.get("/tenders?lang=zh").text, "method"))["lowest_price"] == "最低评标价法"


def test_planner_shows_mode_names(client: Client) -> None:
    r = client.post("/plan?lang=zh", data={"mode": "toml", "toml": SCENARIO})
    assert r.status_code == 200, r.text[:500]
    rec = re.search(r'<span id="recommended-mode">([^<]*)</span>', r.text)
    assert rec and rec.group(1) in {label("modes", k, "zh") for k in label_keys()}
    table = r.text[r.text.index('id="modes"'):]
    table = table[:table.index("</table>")]
    assert "直接出口" in table and "direct_export" not in table and "joint_venture" not in table


def label_keys() -> list[str]:
    from chuhai.data.reference.names import labels

    return list(labels("modes"))


def test_product_picker_in_chinese(client: Client) -> None:
    frag = client.get("/ui/products?q=水錶&lang=zh").text
    assert "902820" in frag and "液量计" in frag
    assert "liquid supply" in client.get("/ui/products?q=水表&lang=en").text


def test_ranking_and_market_titles_name_the_product(client: Client) -> None:
    from chuhai.data.reference import hs_descriptions
    from chuhai.data.reference.hs_zh import hs_zh

    zh = hs_zh("902820")
    assert zh is not None
    ranking = client.get("/markets?product=902820&exporter=CHN&lang=zh").text
    h1 = re.search(r"<h1>(.*?)</h1>", ranking, re.S)
    assert h1 and zh.zh in h1.group(1)
    en = client.get("/markets?product=902820&exporter=CHN&lang=en").text
    h1 = re.search(r"<h1>(.*?)</h1>", en, re.S)
    assert h1 and hs_descriptions()["902820"] in h1.group(1)
    deep = client.get("/markets/KGZ?product=902820&exporter=CHN&lang=zh").text
    h1 = re.search(r"<h1>(.*?)</h1>", deep, re.S)
    assert h1 and zh.zh in h1.group(1)


def test_planner_form_names_the_regimes(client: Client) -> None:
    page = client.get("/plan?lang=zh").text
    boxes = dict(re.findall(r'name="regimes" value="([^"]+)"[^>]*> ([^<]*)</label>', page))
    assert boxes and all(name == label("regimes", k, "zh") for k, name in boxes.items())
    assert boxes.get("in_mii") == "印度“印度制造”（一类本地供应商）"


def test_planner_frontier_chart_names_the_modes(client: Client) -> None:
    import json

    r = client.post("/plan?lang=zh", data={"mode": "toml", "toml": SCENARIO})
    spec = re.search(r'<script type="application/json" data-chart="frontier[^"]*">(.*?)</script>', r.text, re.S)
    assert spec, "frontier chart"
    fig = json.loads(spec.group(1))
    texts = [t for trace in fig["data"] for t in trace.get("text", [])]
    assert texts and set(texts) <= {label("modes", k, "zh") for k in label_keys()}
    assert "直接出口" in texts


def test_tender_result_by_name(client: Client) -> None:
    r = client.post("/tenders?lang=zh", data={"mode": "toml", "toml": TENDER})
    assert r.status_code == 200, r.text[:300]
    h2 = re.search(r'<section id="tender-result".*?<h2>(.*?)</h2>', r.text, re.S)
    assert h2 and label("rulepacks", "mz-decree-5-2016", "zh") in h2.group(1)
    assert "最低评标价法" in h2.group(1) and "lowest_price" not in h2.group(1)
    bids = r.text[r.text.index('id="bids"'):]
    bids = bids[:bids.index("</table>")]
    assert label("bidders", "Dongguan–Maputo JV (local assembly)", "zh") in bids


def test_import_result_names_the_source() -> None:
    from chuhai.web.render import environment

    html = environment("zh").get_template("_import_result.html").render(
        outcomes=[{"file": "BACI_HS22_Y2023_V202501.csv", "status": "imported", "rows": 12,
                   "source": "baci", "note": ""}], errors=[])
    assert f"（{label('sources', 'baci', 'zh')}）" in html or f"({label('sources', 'baci', 'zh')})" in html
    assert "(baci)" not in html
