"""The market-entry plan report: complete sections, both languages, Chinese text in the PDF,
the demo flag, escaping, and the ``chuhai report`` CLI."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from chuhai.data.warehouse import Warehouse
from chuhai.report.fonts import cjk_font
from chuhai.report.plan_report import gather, render_html, render_pdf
from test_web_helpers import small_warehouse

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "mozambique-water-meters.toml"
TENDER = """
[tender]
name = "meters <b>bold</b>"
rulepack = "mz-decree-5-2016"
buyer_country = "MOZ"
quantity = 100
[[offers]]
bidder = "Import only"
price = 38.0
bidder_country = "CHN"
origin = "CHN"
[[offers]]
bidder = "<script>alert(1)</script>"
price = 42.5
bidder_country = "ZAF"
registered_in = ["MOZ"]
origin = "ZAF"
"""


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return Warehouse(small_warehouse(tmp_path_factory.mktemp("report") / "wh"))


def test_html_report_has_every_section_in_both_languages(wh: Warehouse) -> None:
    data = gather(wh, product="902820", exporter="CHN", market="MOZ", scenario=SCENARIO, tender=TENDER)
    zh = render_html(data)
    for heading in ("市场排名", "市场深度分析", "进入方式比较", "投标前景", "假设", "数据来源", "演示数据"):
        assert heading in zh, heading
    assert "莫桑比克" in zh  # country names in Chinese
    en = render_html(gather(wh, product="902820", exporter="CHN", lang="en", scenario=SCENARIO))
    for heading in ("Market ranking", "Deep dive", "Entry comparison", "Tender outlook",
                    "Assumptions", "Data provenance", "DEMO DATA"):
        assert heading in en, heading
    assert "data:image/png;base64," in en  # charts are inlined: the file stands alone
    assert "<script>alert(1)</script>" not in zh and "&lt;script&gt;" in zh


def test_pdf_report_renders_chinese(wh: Warehouse) -> None:
    data = gather(wh, product="902820", exporter="CHN", market="KGZ", lang="zh", scenario=SCENARIO)
    pdf = render_pdf(data)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "市场进入计划" in text and "吉尔吉斯斯坦" in text and "演示数据" in text
    if cjk_font() is not None:
        assert "■" not in text  # no tofu: the CJK font is embedded


def test_report_refuses_unknown_market_and_language(wh: Warehouse) -> None:
    from chuhai.errors import NotFoundError

    with pytest.raises(NotFoundError):
        gather(wh, product="902820", exporter="CHN", market="ZZZ")
    with pytest.raises(NotFoundError):
        gather(wh, product="902820", exporter="CHN", lang="fr")


def test_report_cli_writes_html_and_pdf(wh: Warehouse, tmp_path: Path) -> None:
    html, pdf = tmp_path / "plan.html", tmp_path / "plan.pdf"
    cmd = [sys.executable, "-m", "chuhai", "report", "--product", "902820", "--exporter", "CHN",
           "--scenario", str(SCENARIO), "--lang", "en", "--html", str(html), "--pdf", str(pdf),
           "--warehouse", str(wh.home)]
    res = subprocess.run(cmd, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src"),
                         "PATH": "/usr/bin:/bin", "CHUHAI_HOME": str(tmp_path)}, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "DEMO DATA" in res.stderr  # the banner, on stderr
    assert "Entry comparison" in html.read_text("utf-8") and pdf.read_bytes().startswith(b"%PDF")
    bad = subprocess.run(cmd[:6] + ["--html", str(html), "--warehouse", str(wh.home), "--lang", "xx"],
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src")}, timeout=300)
    assert bad.returncode == 1 and "error" in bad.stderr


# the text is checked, not the chart images: a machine without a CJK font draws tofu there
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_html_report_in_chinese_names_assumptions_and_speaks_the_reasons(wh: Warehouse) -> None:
    """The zh report renders the engines' messages in Chinese (not the English JSON text),
    and every scan parameter and ranking weight by name, with values read the Chinese way."""
    import re
    from dataclasses import fields

    from chuhai.data.reference.names import label
    from chuhai.i18n.catalogs import message_text
    from chuhai.i18n.relocalise import message_from_json
    from chuhai.markets.params import ScanParams, Weights

    data = gather(wh, product="902820", exporter="CHN", lang="zh")
    html = render_html(data)
    top = data.scan["markets"][0]
    zh_reason = message_text(message_from_json(top["explanation_message"]), "zh")
    assert zh_reason in html and top["explanation"] not in html
    for f in fields(ScanParams):
        assert label("scan_params", f.name, "zh") in html, f.name
    for f in fields(Weights):
        assert f"排名权重: {label('ranking_factors', f.name, 'zh')}" in html, f.name
    cell = {k: v for k, v in re.findall(r"<tr><th>([^<]*)(?:<code[^>]*>[^<]*</code>)?</th><td>([^<]*)</td></tr>", html)}
    assert cell[label("scan_params", "min_gdp_usd", "zh")] == "50.00亿美元"  # 5e9
    assert cell[label("scan_params", "max_tariff_gap", "zh")] == "5.00%"
    assert cell[label("scan_params", "fta_zero", "zh")] == "否"
    assert cell[label("scan_params", "price_band_high", "zh")] == "1.25"
    assert cell[label("scan_params", "distance_form", "zh")] == label("scan_choices", "one_sided", "zh")
