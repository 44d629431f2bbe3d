"""End to end in Debian's Chromium via Playwright: the wizard to a market ranking in both
languages, the entry planner, and the PDF download. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_web_helpers import small_warehouse
from test_web_server import free_port, start_server, stop, wait_ready

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser, pytest.mark.serial, pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium not installed at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = small_warehouse(tmp_path_factory.mktemp("e2e") / "wh")
    port = free_port()
    proc = start_server(home, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, proc)
        yield base
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("lang", "title"), [("zh", "市场排名"), ("en", "Market ranking")])
def test_wizard_to_market_ranking(server: str, browser: Any, lang: str, title: str) -> None:
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/?lang={lang}")
    page.fill("#product-query", "water meter")
    page.wait_for_selector("#product-hits input[value='902820']", timeout=30_000)
    page.check("#product-hits input[value='902820']")
    assert page.input_value("#exporter") == "CHN"
    _shot(page, f"wizard-{lang}")
    page.click("#wizard-submit")
    page.wait_for_selector("#ranking .market-row", timeout=60_000)
    assert title in page.inner_text("h1")
    assert page.is_visible("#demo-banner")
    page.wait_for_selector("#map .main-svg", timeout=30_000)  # Plotly drew the map offline
    _shot(page, f"markets-{lang}")
    # the language is remembered: the next page opens in the same language without ?lang=
    page.goto(f"{server}/data")
    assert page.get_attribute("html", "lang") == ("zh-CN" if lang == "zh" else "en")
    assert not errors, errors
    ctx.close()


def test_planner_and_pdf_download(server: str, browser: Any) -> None:
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(f"{server}/markets/KEN?product=902820&exporter=CHN&lang=en")
    _shot(page, "market-deep-dive-en")
    page.click("#plan-link")
    page.wait_for_selector("#scenario-form")
    assert page.input_value("input[name=country]") == "KEN"
    assert page.input_value("input[name=vat]") == ""  # no reference table holds VAT: the user's
    page.fill("input[name=vat]", "16")  # Kenya's standard rate, in percent as the page asks
    page.click("#run-plan")
    page.wait_for_selector("#plan-result #modes", timeout=60_000)
    page.wait_for_selector("#frontier .main-svg", timeout=30_000)
    _shot(page, "planner-en")
    with page.expect_download(timeout=120_000) as info:
        page.click("#plan-report-pdf")
    download = info.value
    target = ARTIFACTS / "market-entry-plan.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    download.save_as(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    assert download.suggested_filename.endswith(".pdf")
    page.goto(f"{server}/tenders?lang=zh")
    page.click("#run-tender")
    page.wait_for_selector("#tender-result", timeout=60_000)
    _shot(page, "tenders-zh")
    ctx.close()
