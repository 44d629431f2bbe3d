"""The data page's failed import reaches the reader (issue 10 §2), without a browser: the
page's own app.js runs under Node with a stand-in ``document``, and its ``htmx:beforeSwap``
handler gets the events htmx fires for the server's real answers (a 400 HTML fragment in
the page's language, a JSON error, a 200 fragment). htmx drops 4xx/5xx answers unless the
handler sets ``shouldSwap``; the fragment itself comes from the app (test_web_newuser.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from test_web_helpers import Client, client, web_home  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
APP_JS = ROOT / "src/chuhai/web/static/app.js"
SAME = {"origin": "http://testserver", "accept": "text/html"}

#: Loads app.js with a document that only records listeners, then fires htmx:beforeSwap
#: for each answer read from stdin and prints what the handler decided.
HARNESS = r"""
const fs = require("fs");
const listeners = {};
global.document = { addEventListener: (name, fn) => { (listeners[name] ||= []).push(fn); },
                    querySelectorAll: () => [], getElementById: () => null };
eval(fs.readFileSync(process.argv[2], "utf8"));
const answers = JSON.parse(fs.readFileSync(0, "utf8"));
const out = answers.map(a => {
  const detail = { xhr: { status: a.status, getResponseHeader: h => h.toLowerCase() === "content-type" ? a.type : null },
                   shouldSwap: a.status < 400, isError: a.status >= 400, serverResponse: a.body };
  (listeners["htmx:beforeSwap"] || []).forEach(fn => fn({ detail }));
  return { shouldSwap: detail.shouldSwap, isError: detail.isError };
});
console.log(JSON.stringify(out));
"""


def _node() -> str | None:
    found = shutil.which("node")
    if found:
        return found
    try:
        import playwright  # the dev dependency ships a Node binary for its driver
    except ImportError:
        return None
    bundled = Path(playwright.__file__).parent / "driver" / "node"
    return str(bundled) if bundled.exists() else None


def _decide(answers: list[dict[str, object]], tmp_path: Path) -> list[dict[str, bool]]:
    node = _node()
    if node is None:
        pytest.skip("no Node.js to run app.js")
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    done = subprocess.run([node, str(harness), str(APP_JS)], input=json.dumps(answers),
                          capture_output=True, text=True, timeout=60, check=True)
    result: list[dict[str, bool]] = json.loads(done.stdout)
    return result


def _token(c: Client) -> str:
    c.get("/data", headers=SAME)
    return c._client.cookies.get("chuhai_csrf") or ""


def test_the_failed_import_fragment_is_swapped_in(client: Client, tmp_path: Path) -> None:  # noqa: F811
    r = client.post("/data/import?lang=zh", headers={**SAME, "hx-request": "true"},
                    data={"csrf_token": _token(client)},
                    files={"file": ("mystery.csv", b"a,b\n1,2\n", "text/csv")})
    assert r.status_code == 400 and "无法判断" in r.text
    ok = client.post("/data/import?lang=zh", headers={**SAME, "hx-request": "true"},
                     data={"csrf_token": _token(client)},
                     files={"file": ("mystery.exe", b"MZ\x90\x00", "application/octet-stream")})
    assert ok.status_code >= 400
    api = client.post("/api/v1/data/import", headers={"origin": "http://testserver"},
                      files={"file": ("mystery.csv", b"a,b\n1,2\n", "text/csv")})
    assert api.status_code == 400 and api.headers["content-type"].startswith("application/json")
    answers = [
        {"status": r.status_code, "type": r.headers["content-type"], "body": r.text},
        {"status": ok.status_code, "type": ok.headers["content-type"], "body": ok.text},
        {"status": api.status_code, "type": api.headers["content-type"], "body": api.text},
        {"status": 200, "type": "text/html; charset=utf-8", "body": "<ul class='ok'></ul>"},
    ]
    decided = _decide(answers, tmp_path)
    # both HTML error fragments are shown, not as errors; a JSON error is left to htmx
    assert decided[0] == {"shouldSwap": True, "isError": False}
    assert decided[1] == {"shouldSwap": True, "isError": False}
    assert decided[2] == {"shouldSwap": False, "isError": True}
    assert decided[3] == {"shouldSwap": True, "isError": False}


#: app.js's chart drawing with a stand-in Plotly: which min-height each chart box gets.
DRAW = r"""
const fs = require("fs");
const listeners = {};
const specs = JSON.parse(fs.readFileSync(0, "utf8"));
const targets = {};
const nodes = specs.map((spec, i) => {
  targets["c" + i] = { dataset: {}, style: {} };
  return { getAttribute: () => "c" + i, textContent: JSON.stringify(spec) };
});
global.document = { addEventListener: (name, fn) => { (listeners[name] ||= []).push(fn); },
                    querySelectorAll: () => nodes, getElementById: id => targets[id] };
global.Plotly = { newPlot: () => {} };
eval(fs.readFileSync(process.argv[2], "utf8"));
listeners["DOMContentLoaded"].forEach(fn => fn());
console.log(JSON.stringify(specs.map((_, i) => targets["c" + i].style.minHeight || null)));
"""


def test_a_short_chart_keeps_its_own_height(client: Client, tmp_path: Path) -> None:  # noqa: F811
    """The deep dive's competitor chart (one bar, 182 px) no longer sits in a 380 px box."""
    import html as html_mod

    node = _node()
    if node is None:
        pytest.skip("no Node.js to run app.js")
    ranking = client.get("/markets", params={"product": "902820", "exporter": "CHN"},
                         headers={"accept": "text/html"}).text
    top = ranking.split('href="/markets/', 1)[1].split("?", 1)[0]  # the first ranked market
    page = client.get(f"/markets/{top}", params={"product": "902820", "exporter": "CHN", "lang": "zh"},
                      headers={"accept": "text/html"}).text
    block = page.split('data-chart="competitors">', 1)[1].split("</script>", 1)[0]
    spec = json.loads(html_mod.unescape(block))
    script = tmp_path / "draw.js"
    script.write_text(DRAW, encoding="utf-8")
    done = subprocess.run([node, str(script), str(APP_JS)], input=json.dumps([spec, {"data": [], "layout": {}}]),
                          capture_output=True, text=True, timeout=60, check=True)
    heights = json.loads(done.stdout)
    assert heights == [f"{spec['layout']['height']}px", None]
