"""The trade files' persisted sums (chuhai.data.aggregates): built by the import that
writes the files, equal to the same sums over the trade view, rebuilt on first read when
missing (a warehouse written before them), dropped with the files an import replaces;
and a scan gives the same result with and without them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from chuhai.data import aggregates
from chuhai.data.queries import identity
from chuhai.data.schema import data_columns
from chuhai.data.staging import stage_arrow, staging_dir
from chuhai.data.warehouse import ImportBatch, Warehouse
from chuhai.markets import scan
from factories import make_warehouse
from test_markets_support import build, world

E, K = "CHN", "902820"

#: The sums as one group-by over the trade view: the reference the sidecars must equal.
REFERENCE = {
    "pairs": "SELECT year, hs_revision, exporter, importer, sum(value_usd) AS v_all, "
             "sum(value_usd) FILTER (WHERE exporter <> importer) AS v FROM trade GROUP BY ALL",
    "mk": "SELECT year, hs_revision, importer, hs6, sum(value_usd) AS v FROM trade "
          "WHERE exporter <> importer GROUP BY ALL",
    "ek": "SELECT year, hs_revision, exporter, hs6, sum(value_usd) AS v FROM trade "
          "WHERE exporter <> importer GROUP BY ALL",
    "k": "SELECT year, hs_revision, hs6, sum(value_usd) AS v FROM trade "
         "WHERE exporter <> importer GROUP BY ALL",
}


@pytest.fixture()
def wh(tmp_path: Path) -> Warehouse:
    identity.clear_cache()
    return build(tmp_path / "wh", **world())


def _live(wh: Warehouse) -> list[str]:
    with wh.connect() as con:
        return [r[0] for r in con.execute("SELECT path FROM trade_files ORDER BY 1").fetchall()]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    rows = con.execute(sql).fetchall()
    width = len(rows[0]) - (2 if "v_all" in sql else 1) if rows else 0
    return {tuple(r[:width]): tuple(r[width:]) for r in rows}


def test_the_import_writes_the_sums_and_they_equal_a_group_by_over_trade(wh: Warehouse) -> None:
    live = _live(wh)
    assert len(live) == len({int(r["year"]) for r in world()["trade"]})  # one file a year
    for rel in live:
        for name in aggregates.SIDECARS:
            assert aggregates.sidecar(wh.home, rel, name).is_file(), (rel, name)
    with wh.connect() as con:
        for name, sql in REFERENCE.items():
            files = [str(aggregates.sidecar(wh.home, rel, name)) for rel in live]
            cols = sql.split(" FROM ")[0].removeprefix("SELECT ")
            keys = [c.strip() for c in cols.split(",") if " AS " not in c]
            got = _rows(con, f"SELECT {', '.join(keys)}, {'v_all, ' if name == 'pairs' else ''}v "
                             f"FROM read_parquet({files}) ORDER BY ALL")
            want = _rows(con, sql + " ORDER BY ALL")
            assert got.keys() == want.keys() and len(got) > 10, name
            for key, values in want.items():
                for a, b in zip(got[key], values, strict=True):
                    assert a == pytest.approx(b, rel=1e-12), (name, key)


def _dicts(wh: Warehouse) -> list[dict[str, Any]]:
    out = []
    for product, exporter in ((K, E), ("8481", "DEU"), ("848180", "KAZ")):
        res = scan(wh, product=product, exporter=exporter)
        out.append(res.to_dict())
    return out


def _close(a: Any, b: Any, path: str = "") -> None:
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _close(x, y, f"{path}[{i}]")
    elif isinstance(a, float):
        assert b == pytest.approx(a, rel=1e-9, abs=1e-9), path
    else:
        assert a == b, path


def test_a_scan_is_the_same_with_the_sums_missing_and_rebuilt(wh: Warehouse) -> None:
    with_sums = _dicts(wh)
    shutil.rmtree(wh.home / aggregates.AGG_DIR)  # a warehouse written before them
    identity.clear_cache()
    without = _dicts(wh)
    _close(with_sums, without)
    for rel in _live(wh):  # rebuilt on first read
        assert aggregates.sidecar(wh.home, rel, "mk").is_file()


def _import(wh: Warehouse, rows: list[dict[str, Any]], sha: str) -> None:
    """An import of trade rows with the scope "baci" (a later one replaces its years)."""
    with staging_dir() as st:
        data = {c: [r.get(c, "baci" if c == "source" else None) for r in rows]
                for c in data_columns("trade")}
        wh.apply(ImportBatch(source="baci", file=f"{sha}.csv", sha256=sha * 64, scope="baci",
                             loads=(stage_arrow("trade", pa.table(data), st),),
                             years=tuple(sorted({int(r["year"]) for r in rows}))))


def test_an_import_replacing_a_year_invalidates_its_sums(tmp_path: Path) -> None:
    identity.clear_cache()
    w = world()
    wh = Warehouse(tmp_path / "wh").create()
    _import(wh, w["trade"], "a")
    before = _live(wh)
    year = max(int(r["year"]) for r in w["trade"])
    doubled = [dict(r, value_usd=2 * r["value_usd"]) for r in w["trade"] if r["year"] == year]
    _import(wh, doubled, "b")
    after = _live(wh)
    gone = sorted(set(before) - set(after))
    assert len(gone) == 1 and gone[0].endswith(f"{year}.parquet")
    for name in aggregates.SIDECARS:  # the dead file's sums went with it
        assert not aggregates.sidecar(wh.home, gone[0], name).exists()
    with wh.connect() as con:
        files = [str(aggregates.sidecar(wh.home, rel, "pairs")) for rel in after]
        got = con.execute(f"SELECT sum(v_all) FROM read_parquet({files}) WHERE year = {year}"
                          ).fetchone()
        want = con.execute(f"SELECT sum(value_usd) FROM trade WHERE year = {year}").fetchone()
    assert got is not None and want is not None
    assert got[0] == pytest.approx(want[0], rel=1e-12)
    assert want[0] == pytest.approx(sum(r["value_usd"] for r in doubled), rel=1e-12)


def test_a_failed_import_leaves_no_sums(tmp_path: Path) -> None:
    w = world()
    wh = Warehouse(tmp_path / "wh").create()
    _import(wh, w["trade"], "a")
    year = max(int(r["year"]) for r in w["trade"])
    clash = [r for r in w["trade"] if r["year"] == year][:5]  # repeats keys another import holds
    with pytest.raises(Exception, match="repeat"):
        make_warehouse(tmp_path / "wh", source="comtrade", trade=clash)
    sums = sorted(p.relative_to(aggregates.root(wh.home)).as_posix()
                  for p in aggregates.root(wh.home).rglob("*.parquet"))
    assert sums == sorted(str(aggregates.sidecar(wh.home, rel, n).relative_to(
        aggregates.root(wh.home)).as_posix()) for rel in _live(wh) for n in aggregates.SIDECARS)


#: The market-ease sums of one exporter as the scan once computed them, over trade.
EASE_OVER_TRADE = """
WITH jk AS (
    SELECT t.importer, t.hs6, sum(t.value_usd) AS v,
           coalesce(sum(t.value_usd) FILTER (WHERE t.exporter = '{exp}'), 0) AS x
    FROM trade t WHERE {revs} AND t.exporter <> t.importer GROUP BY ALL
),
sh AS (SELECT hs6, sum(x) / sum(v) AS s FROM jk GROUP BY hs6 HAVING sum(x) > 0)
SELECT jk.importer, sum(jk.x) / {n} AS vij, sum(jk.v * sh.s) / {n} AS hyp
FROM jk JOIN sh ON sh.hs6 = jk.hs6 WHERE jk.importer <> '{exp}' GROUP BY jk.importer
"""


@pytest.mark.parametrize("exporter", ["CHN", "DEU", "KAZ", "MOZ"])
def test_ease_for_every_exporter_equals_the_sums_over_trade(wh: Warehouse, exporter: str) -> None:
    from chuhai.data.queries.ease import ease_of
    from chuhai.data.queries.window import global_revisions, window_years
    with wh.connect() as con:
        ys = window_years(wh, con, None)
        revs = global_revisions(wh, con, ys)
        got = {r["importer"]: r for r in ease_of(wh, con, exporter, ys, revs).to_pylist()}
        want = {r[0]: r for r in con.execute(
            EASE_OVER_TRADE.format(exp=exporter, revs=revs, n=len(ys))).fetchall()}
    assert got.keys() == want.keys() and len(want) > 3
    for imp, (_, vij, hyp) in want.items():
        assert got[imp]["vij"] == pytest.approx(vij, rel=1e-12, abs=1e-9)
        assert got[imp]["hyp"] == pytest.approx(hyp, rel=1e-12)


def test_tariffs_are_stored_in_line_order_so_a_product_skips_most_row_groups(
        tmp_path: Path) -> None:
    rows = [dict(importer=imp, partner="MFN", hs6=f"{h:06d}", year=2022, rate=0.01 * (h % 7),
                 non_ad_valorem=False, source="test")
            for imp in ("ZAF", "KAZ", "CHN", "DEU") for h in range(999_999, 10_000, -3_333)]
    wh = make_warehouse(tmp_path / "wh", tariffs=rows)
    with wh.connect() as con:
        out_of_order = con.execute(
            "SELECT count(*) FROM (SELECT hs6, importer, lag(hs6) OVER (ORDER BY rowid) AS h0, "
            "lag(importer) OVER (ORDER BY rowid) AS i0 FROM tariffs) "
            "WHERE hs6 < h0 OR (hs6 = h0 AND importer < i0)").fetchone()
        n = con.execute("SELECT count(*) FROM tariffs").fetchone()
    assert out_of_order == (0,) and n == (len(rows),)


def _cells(wh: Warehouse) -> dict[str, Any]:
    from chuhai.markets import potential_all
    rows = potential_all(wh, exporter=E).table.to_pylist()
    return {f"{r['importer']}/{r['hs6']}": r for r in rows}


def test_the_full_table_is_the_same_from_its_persisted_sums(wh: Warehouse) -> None:
    first = _cells(wh)
    windows = aggregates.root(wh.home) / "windows"
    assert any(p.name.startswith("epi-sums-base") for p in windows.iterdir())
    identity.clear_cache()  # a new process: the tables are read back, not computed
    again = _cells(wh)
    shutil.rmtree(windows)
    identity.clear_cache()
    fresh = _cells(wh)
    assert len(first) > 20
    _close(first, again)
    _close(first, fresh)
    # an import (here: indicators only) changes the state the persisted tables are keyed by
    make_warehouse(wh.home, source="wdi", indicators=[
        dict(iso3="MOZ", year=2023, indicator="gdp_growth", value=0.5)])
    identity.clear_cache()
    changed = _cells(wh)
    assert changed.keys() == first.keys()
    assert any(changed[k]["demand"] != pytest.approx(first[k]["demand"], rel=1e-9)
               for k in first if k.startswith("MOZ/"))


def test_an_import_sweeps_what_a_killed_builder_left(tmp_path: Path) -> None:
    w = world()
    wh = Warehouse(tmp_path / "wh").create()
    _import(wh, w["trade"], "a")
    rel = _live(wh)[0]
    dead = aggregates.sidecar(wh.home, rel, "mk").with_name("x.mk.parquet.tmp-999999999-1")
    live = dead.with_name(f"x.mk.parquet.tmp-{os.getpid()}-1")
    stale = aggregates.root(wh.home) / "trade" / "gone" / "2001.mk.parquet"
    for path in (dead, live, stale):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    _import(wh, [dict(r, year=2001) for r in w["trade"][:3]], "b")
    assert not dead.exists() and not stale.exists() and live.exists()
