"""Every TOML example in docs/tender-format.md parses, and the stated outcomes hold."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from chuhai.tenders import evaluate, load_tender, simulate

DOC = Path(__file__).resolve().parents[1] / "docs" / "tender-format.md"
BLOCKS = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_doc_has_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.splitlines()[2][:40])
def test_documented_example_parses_and_evaluates(block: str) -> None:
    t = load_tender(tomllib.loads(block))
    assert evaluate(t).winner is not None


def test_documented_outcomes() -> None:
    wb = evaluate(load_tender(tomllib.loads(BLOCKS[0])))
    assert wb.winner == "Local plant" and wb.bid("Importer").evaluated_price == pytest.approx(115)
    ind = evaluate(load_tender(tomllib.loads(BLOCKS[1])))
    assert not ind.bid("Shenzhen direct").eligible
    assert ind.bid("Pune JV").local_content == pytest.approx(69 / 115)
    assert {a.bidder: a.quantity for a in ind.awards} == {"Seoul Metering": 500, "Pune JV": 500}
    sa = load_tender(tomllib.loads(BLOCKS[2]))
    assert 0 < simulate(sa, runs=500, seed=1).win_probability["Our partner"] <= 1
