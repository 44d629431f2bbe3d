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
