"""`chuhai markets` contract: every JSON key of the issue, exports, table, errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.markets import scan
from chuhai.markets.export import safe_cell
from test_markets_support import build, world

TOP_KEYS = {"demo", "product", "exporter", "years", "markets"}
MARKET_KEYS = {
    "importer", "rank", "score", "imports_usd", "imports_cagr", "exporter_exports_usd",
    "exporter_share", "hhi", "top_suppliers", "unit_value_usd_per_t", "price_band",
    "tariff_exporter", "tariff_average", "distance_km", "agreements", "potential_usd",
    "untapped_usd", "benchmark_untapped_usd", "supply", "demand", "ease", "screens",
    "localisation_pressure", "posture", "explanation",
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli")
    build(path, demo=True, **world(seed=11))
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["markets", *args])


def test_json_contract(home: Path) -> None:
    r = run("--product", "902820", "--exporter", "CHN", "--years", "2019-2023",
            "--warehouse", str(home), "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert TOP_KEYS <= set(d)
    assert d["demo"] is True and d["product"] == "902820" and d["exporter"] == "CHN"
    assert d["years"] == [2019, 2020, 2021, 2022, 2023]
    assert d["markets"]
    for m in d["markets"]:
        assert MARKET_KEYS <= set(m), MARKET_KEYS - set(m)
        assert isinstance(m["importer"], str) and isinstance(m["rank"], int)
        for s in m["top_suppliers"]:
            assert set(s) >= {"exporter", "share"} and 0 <= s["share"] <= 1
        for s in m["screens"]:
            assert set(s) >= {"name", "passed", "reason"} and isinstance(s["passed"], bool)
        assert m["price_band"] in ("budget", "mid", "premium", "unknown")
        assert m["posture"] in ("sell", "partner", "assemble", "produce locally")
        assert isinstance(m["agreements"], list)
        for k in ("imports_usd", "potential_usd", "untapped_usd", "supply", "demand", "ease"):
            assert isinstance(m[k], float) and m[k] >= 0
        assert 0 <= m["exporter_share"] <= 1 and 0 <= m["hhi"] <= 1


def test_table_top_filters_and_exports(home: Path, tmp_path: Path) -> None:
    csv_p, pq_p, html_p = tmp_path / "m.csv", tmp_path / "m.parquet", tmp_path / "m.html"
    r = run("--product", "902820", "--exporter", "CHN", "--warehouse", str(home), "--top", "3",
            "--region", "ECA", "--weights", "untapped=0.6,growth=0.4", "--csv", str(csv_p),
            "--parquet", str(pq_p), "--html", str(html_p))
    assert r.exit_code == 0, r.output
    assert "DEMO" in r.output and "Ranked 1 of" in r.output
    rows = list(csv.DictReader(open(csv_p, encoding="utf-8")))
    assert len(rows) == 3 and {x["importer"] for x in rows} <= {"DEU", "KAZ", "KGZ", "RUS"}
    t = pq.read_table(pq_p)
    assert t.num_rows == 3 and t.schema.metadata[b"chuhai.demo"] == b"true"
    page = html_p.read_text(encoding="utf-8")
    assert "cdn.plot.ly" not in page.split("</script>", 1)[1]  # no CDN outside the bundle
    assert "DEMO DATA" in page and "Plotly.newPlot" in page and "supply" in page


def test_csv_neutralises_formulas() -> None:
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("-5") == "'-5" and safe_cell("@x") == "'@x" and safe_cell("+1") == "'+1"
    assert safe_cell("ok") == "ok" and safe_cell(-0.5) == -0.5


def test_errors_exit_1(home: Path) -> None:
    from chuhai.cli import main

    for args in (["--product", "12", "--exporter", "CHN"], ["--product", "9028x",
                 "--exporter", "CHN"], ["--product", "902820", "--exporter", "CHN",
                 "--years", "20x"]):
        with pytest.raises(SystemExit) as ex:
            import sys
            old = sys.argv
            sys.argv = ["chuhai", "markets", *args, "--warehouse", str(home)]
            try:
                main()
            finally:
                sys.argv = old
        assert ex.value.code == 1


def test_same_result_from_python(home: Path) -> None:
    from chuhai.data.warehouse import Warehouse

    res = scan(Warehouse(home), product="902820", exporter="CHN")
    r = run("--product", "902820", "--exporter", "CHN", "--warehouse", str(home), "--json")
    got = json.loads(r.stdout)["markets"]
    want = res.to_dict()["markets"]
    assert [m["importer"] for m in got] == [m["importer"] for m in want]
    for a, b in zip(got, want, strict=True):  # DuckDB's parallel sums may differ in the last ulp
        for k in ("score", "imports_usd", "potential_usd", "untapped_usd", "supply", "ease"):
            assert a[k] == pytest.approx(b[k], rel=1e-9), k
        assert a["explanation"] == b["explanation"]


def test_page_uses_bundled_topojson_for_the_map(home: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from chuhai.data.warehouse import Warehouse
    from chuhai.report import markets_page, plotly_assets

    topo = tmp_path / "world_110m.json"
    topo.write_text('{"type": "Topology", "objects": {}}', encoding="utf-8")
    monkeypatch.setattr(plotly_assets, "topojson_path", lambda name="world_110m": topo)
    monkeypatch.setattr(markets_page, "geo_assets_script", plotly_assets.geo_assets_script)
    page = markets_page.render_page(scan(Warehouse(home), product="902820", exporter="CHN"))
    assert "window.PlotlyGeoAssets.topojson['world_110m']" in page
    assert '"type":"choropleth"' in page.replace(" ", "")
    assert plotly_assets.plotly_js_path().is_file()
    assert plotly_assets.plotly_js().startswith("/**") or "plotly" in plotly_assets.plotly_js()[:500]
