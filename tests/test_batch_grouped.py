"""The batch's fast path: rows sharing a product screened together (``scan_many``: the
product read once on one connection) give each row's own scan, floats at rel 1e-12."""

from __future__ import annotations

from pathlib import Path

import pytest

from chuhai.batch.portfolio import PortfolioRow
from chuhai.batch.row import row_filters, screen_row, screen_rows
from chuhai.batch.run import groups
from chuhai.data.queries.identity import clear_cache
from chuhai.data.warehouse import Warehouse
from chuhai.errors import ChuhaiError
from chuhai.markets import Filters, ScanRequest, scan, scan_many
from test_batch import same
from test_markets_support import build, world


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("grouped-wh")
    build(path, demo=True, **world(seed=23))
    return path


REQUESTS = (ScanRequest("CHN"), ScanRequest("DEU", Filters(exclude=("KAZ",))),
            ScanRequest("KAZ", Filters(regions=("ECA",))), ScanRequest("VNM"),
            ScanRequest("MOZ"), ScanRequest("USA", Filters(agreements=("NOPE",))),
            ScanRequest("X1"))


def test_scan_many_equals_each_scan(home: Path) -> None:
    wh = Warehouse(home)
    clear_cache()
    got = scan_many(wh, product="902820", requests=REQUESTS, top=5)
    assert len(got) == len(REQUESTS)
    for req, mine in zip(REQUESTS, got, strict=True):
        try:
            ref = scan(wh, product="902820", exporter=req.exporter, top=5, filters=req.filters)
        except ChuhaiError as exc:
            assert type(mine) is type(exc) and mine.message == exc.message
            continue
        assert not isinstance(mine, Exception)
        assert same(mine.to_dict(), ref.to_dict()), req
    assert sum(isinstance(x, ChuhaiError) for x in got) == 2


def test_screen_rows_equal_screen_row_and_share_errors(home: Path) -> None:
    rows = [PortfolioRow(line=2 + n, firm=f"F{n}", home=h, products=p)
            for n, (h, p) in enumerate([("CHN", "902820"), ("DEU", "902820"), ("VNM", "902820"),
                                        ("CHN", "999999"), ("KAZ", "999999")])]
    by = groups(rows, size=2)
    assert [[r.line for r in g] for g in by] == [[2, 3], [4], [5, 6]]
    for task in by:
        for row, mine in zip(task, screen_rows(str(home), task, 4), strict=True):
            ref = screen_row(str(home), row, 4)
            assert same(mine.to_dict(), ref.to_dict()), row.line
            assert (mine.error is None) == (row.products == "902820")
    assert row_filters(rows[0]) == Filters()
