"""The ranking page's counts agree (issue 10 §2: "扫描市场数: 105" beside "Ranked 1 of 15"):
markets scanned (before the filters), ranked (after them: the n of "Ranked 1 of n") and
shown are each named, and the ranked count is the n every market's reason uses."""

from __future__ import annotations

from chuhai.data.warehouse import Warehouse
from chuhai.markets import scan
from chuhai.markets.params import Filters
from test_web_helpers import Client, client, web_home  # noqa: F401


def test_scanned_ranked_and_shown_agree_with_the_reasons(client: Client, web_home) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    wh = Warehouse(web_home)
    full = scan(wh, product="902820", exporter="CHN").to_dict()
    imports = sorted(m["imports_usd"] for m in full["markets"])
    floor = imports[len(imports) // 2]
    kept = [m for m in full["markets"] if m["imports_usd"] >= floor]
    assert 0 < len(kept) < full["markets_scanned"] == full["markets_ranked"]
    filtered = scan(wh, product="902820", exporter="CHN", filters=Filters(min_imports_usd=floor),
                    top=1).to_dict()
    assert filtered["markets_ranked"] == len(kept) and filtered["markets_scanned"] == full["markets_scanned"]
    assert len(filtered["markets"]) == 1
    assert filtered["markets"][0]["explanation_message"]["params"]["n"] == len(kept)
    query = {"product": "902820", "exporter": "CHN", "min_imports": str(floor), "top": "1"}
    for lang, ranked, shown in (("zh", "通过筛选后参与排名", "显示"), ("en", "ranked after the filters", "shown")):
        html = client.get("/markets", params={**query, "lang": lang}).text
        assert f'{ranked}: <span id="markets-ranked">{len(kept)}</span> · {shown}: 1</p>' in html, lang


def _chart(html: str, chart_id: str) -> str:
    import html as html_mod

    block = html.split(f'data-chart="{chart_id}">', 1)[1].split("</script>", 1)[0]
    return html_mod.unescape(block)


def test_charts_speak_the_page_language(client: Client, web_home) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Money in the charts as the page writes it (万/亿 on zh pages), and the map's title
    names the product."""
    import json

    from chuhai.data.reference.names import product_name

    for lang in ("zh", "en"):
        html = client.get("/markets", params={"product": "902820", "exporter": "CHN", "lang": lang}).text
        spec = json.loads(_chart(html, "map"))
        title = spec["layout"]["title"]["text"] if isinstance(spec["layout"]["title"], dict) else spec["layout"]["title"]
        assert product_name("902820", lang) in title and "902820" in title
        texts = json.dumps(spec["data"][0].get("customdata"), ensure_ascii=False)
        assert ("US$" in texts) == (lang == "zh"), (lang, texts)  # zh: US$1.16 / US$2.50万; en: $1.16
        top = scan(Warehouse(web_home), product="902820", exporter="CHN").to_dict()["markets"][0]["importer"]
        deep = client.get(f"/markets/{top}", params={"product": "902820", "exporter": "CHN", "lang": lang}).text
        bars = json.loads(_chart(deep, "decomposition"))
        hover = json.dumps([d.get("customdata") or d.get("text") for d in bars["data"]], ensure_ascii=False)
        assert ("US$" in hover) == (lang == "zh"), (lang, hover)
