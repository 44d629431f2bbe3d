"""The --html page renders offline in Debian's Chromium (Playwright), network blocked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chuhai.entry import load_scenario, plan
from chuhai.report.plan_page import render_plan_page

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"

pytestmark = pytest.mark.browser


def test_plan_page_renders_offline(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed")
    page_file = tmp_path / "plan.html"
    res = plan(load_scenario(ROOT / "examples" / "kyrgyzstan-kazakhstan-meters.toml"))
    page_file.write_text(render_plan_page(res), encoding="utf-8")
    requests: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.route("http*://**", lambda route: (requests.append(route.request.url),
                                                    route.abort()))
            page.goto(page_file.as_uri())
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=20_000)
            assert page.locator(".js-plotly-plot").count() == 3
            assert "Pareto set" in page.content()
        finally:
            browser.close()
    assert requests == []  # nothing fetched from the network
