"""The world table (cells, benchmark, product view, resume, readers, CLI) and Dask: a
two-worker LocalCluster gives the in-process results cell for cell (floats at rel 1e-12:
DuckDB's parallel sums may differ in the last ulp)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from chuhai.batch.diversify import read_diversify
from chuhai.batch.portfolio import load_portfolio
from chuhai.batch.results import encode
from chuhai.batch.run import run_batch
from chuhai.batch.world import line_ranges, part_path, world_table
from chuhai.cli import app
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError
from chuhai.markets import ScanParams, potential_all, scan
from test_batch import same
from test_markets_support import build, world

SRC = Path(__file__).resolve().parents[1] / "src"
EXPORTERS = ("CHN", "DEU", "VNM")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("world-wh")
    build(path, demo=True, **world(seed=5))
    return path


@pytest.fixture(scope="module")
def table(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world") / "w"
    world_table(Warehouse(home), out=out, exporters=EXPORTERS)
    return out


def test_cells_equal_potential_all(home: Path, table: Path) -> None:
    for e in EXPORTERS:
        got = pq.read_table(part_path(table, "cells", e)).to_pylist()
        ref = potential_all(Warehouse(home), exporter=e).table.to_pylist()
        ref.sort(key=lambda r: (r["importer"], r["hs6"]))
        assert [(r["importer"], r["hs6"]) for r in got] == [(r["importer"], r["hs6"]) for r in ref]
        for g, r in zip(got, ref, strict=True):
            assert same({k: g[k] for k in r}, r)
        assert all(r["importer"] != e for r in got)


def test_benchmark_equals_the_single_product_scan(home: Path, table: Path) -> None:
    cells = pq.read_table(part_path(table, "cells", "CHN")).to_pylist()
    checked = 0
    for hs6 in ("902820", "848180"):
        ref = {m.importer: m.benchmark_untapped_usd
               for m in scan(Warehouse(home), product=hs6, exporter="CHN").markets}
        for c in cells:
            if c["hs6"] == hs6 and c["importer"] in ref:
                assert same(c["benchmark_untapped_usd"], ref[c["importer"]]), (hs6, c["importer"])
                checked += 1
    assert checked >= 10


def test_product_view_sums_the_cells(table: Path) -> None:
    cells = pq.read_table(part_path(table, "cells", "DEU")).to_pylist()
    products = pq.read_table(part_path(table, "products", "DEU")).to_pylist()
    by: dict[str, list[dict[str, Any]]] = {}
    for c in cells:
        by.setdefault(c["hs6"], []).append(c)
    assert {p["hs6"] for p in products} == set(by)
    for p in products:
        cs = by[p["hs6"]]
        assert p["markets"] == len(cs)
        assert p["untapped_usd"] == pytest.approx(sum(c["untapped_usd"] for c in cs), rel=1e-12)
        assert p["potential_usd"] == pytest.approx(sum(c["potential_usd"] for c in cs), rel=1e-12)
        best = max(cs, key=lambda c: (c["untapped_usd"], [-ord(x) for x in c["importer"]]))
        assert p["top_market"] == best["importer"]
    untapped = [p["untapped_usd"] for p in products]
    assert untapped == sorted(untapped, reverse=True)


def test_readable_by_duckdb_and_pandas_with_provenance(table: Path) -> None:
    rows = duckdb.sql(f"SELECT exporter, count(*) AS n, sum(potential_usd) AS p FROM "
                      f"read_parquet('{table}/cells/*/*.parquet', hive_partitioning = true) "
                      "GROUP BY exporter ORDER BY exporter").fetchall()
    assert [r[0] for r in rows] == list(EXPORTERS)
    df = pd.read_parquet(table / "cells")
    assert {"exporter", "importer", "hs6", "potential_usd", "untapped_usd",
            "benchmark_untapped_usd"} <= set(df.columns)
    assert len(df) == sum(r[1] for r in rows)
    meta = json.loads((table / "world.json").read_text(encoding="utf-8"))
    assert meta["exporters"] == list(EXPORTERS) and meta["demo"] is True
    assert meta["cells"] == len(df) and meta["years"] == [2019, 2020, 2021, 2022, 2023]
    key = pq.read_metadata(part_path(table, "cells", "CHN")).metadata[b"chuhai.key"]
    assert key.decode() == meta["key"]


def test_resume_keeps_finished_exporters(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "w"
    world_table(Warehouse(home), out=out, exporters=("CHN",))
    first = part_path(out, "cells", "CHN").stat().st_mtime_ns
    again = world_table(Warehouse(home), out=out, exporters=("CHN", "KAZ"))
    assert again.resumed == 1 and part_path(out, "cells", "CHN").stat().st_mtime_ns == first
    assert part_path(out, "products", "KAZ").is_file()
    part_path(out, "products", "KAZ").write_bytes(b"torn")  # a damaged part is recomputed
    other = world_table(Warehouse(home), out=out, exporters=("CHN", "KAZ"))
    assert other.resumed == 1 and pq.read_table(part_path(out, "products", "KAZ")).num_rows > 0
    changed = world_table(Warehouse(home), out=out, exporters=("CHN",),
                          params=ScanParams(income_elasticity=2.0))
    assert changed.resumed == 0


def test_cli_world_and_diversify(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "epi"
    r = CliRunner().invoke(app, ["markets", "world", "--out", str(out), "--exporter", "CHN",
                                 "--exporter", "DEU", "--warehouse", str(home), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["exporters"] == ["CHN", "DEU"] and d["cells"] > 0
    r = CliRunner().invoke(app, ["markets", "--exporter", "CHN", "--diversify", "--world",
                                 str(out), "--top", "2", "--json"])
    assert r.exit_code == 0, r.output
    products = json.loads(r.stdout)["products"]
    cells = pq.read_table(part_path(out, "cells", "CHN")).to_pylist()
    totals: dict[str, float] = {}
    for c in cells:
        totals[c["hs6"]] = totals.get(c["hs6"], 0.0) + c["untapped_usd"]
    assert [p["hs6"] for p in products] == sorted(totals, key=lambda k: -totals[k])[:2]
    r = CliRunner().invoke(app, ["markets", "--exporter", "CHN", "--diversify", "--world",
                                 str(out), "--market", "RUS", "--json"])
    assert r.exit_code == 0, r.output
    rus = json.loads(r.stdout)["products"]
    assert rus and all(p["importer"] == "RUS" for p in rus)
    r = CliRunner().invoke(app, ["markets", "--exporter", "KAZ", "--diversify", "--world",
                                 str(out)])
    assert r.exit_code == 1 and "markets world" in str(r.exception)
    # a scan still needs --product (usage error, exit 2); in a subprocess: Click's usage-error
    # path in the group callback leaves the in-process help untranslated for later tests
    proc = subprocess.run([sys.executable, "-m", "chuhai", "markets", "--exporter", "CHN",
                           "--warehouse", str(home)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(SRC)})
    assert proc.returncode == 2 and "--product" in proc.stderr


# --- Dask -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), old]))  # the workers
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c.scheduler_address
    if old is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = old


def strip(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in ("seconds", "resumed")}


def test_cluster_batch_equals_in_process(home: Path, tmp_path: Path, cluster: str) -> None:
    pf = tmp_path / "p.csv"
    pf.write_text("firm,home,products,regions\nA,CHN,902820,\nB,DEU,848180,ECA\n"
                  "C,VNM,9028,\nD,KAZ,010111,\n", encoding="utf-8")
    local = run_batch(Warehouse(home), load_portfolio(pf), out=tmp_path / "a", top=5)
    remote = run_batch(Warehouse(home), load_portfolio(pf), out=tmp_path / "b", top=5,
                       scheduler=cluster)
    assert same([encode(r) for r in remote.rows], [encode(r) for r in local.rows])
    assert same(strip(remote.to_dict()), strip(local.to_dict()))
    r = CliRunner().invoke(app, ["batch", str(pf), "--out", str(tmp_path / "c"), "--top", "5",
                                 "--warehouse", str(home), "--json"],
                           env={"CHUHAI_DASK_SCHEDULER": cluster})
    assert r.exit_code == 0, r.output
    assert same(strip(json.loads(r.stdout)), strip(local.to_dict()))


def test_cluster_world_equals_in_process(home: Path, table: Path, tmp_path: Path,
                                         cluster: str) -> None:
    out = tmp_path / "w"
    world_table(Warehouse(home), out=out, exporters=EXPORTERS, scheduler=cluster)
    for view in ("cells", "products"):
        for e in EXPORTERS:
            a = pq.read_table(part_path(out, view, e)).to_pylist()
            b = pq.read_table(part_path(table, view, e)).to_pylist()
            assert len(a) == len(b) and same(a, b), (view, e)
    split = tmp_path / "s"  # by exporter and product range, on the cluster
    world_table(Warehouse(home), out=split, exporters=EXPORTERS, scheduler=cluster,
                product_parts=3)
    for view in ("cells", "products"):
        for e in EXPORTERS:
            a, b = _all_parts(split, view, e), _unsplit(table, view, e)
            assert len(a) == len(b) and same(a, b), (view, e)


# --- product ranges -------------------------------------------------------------------------

def _all_parts(out: Path, view: str, e: str) -> list[dict[str, Any]]:
    rows = []
    for path in sorted((out / view / f"exporter={e}").glob("part-*.parquet")):
        rows += pq.read_table(path).to_pylist()
    return sorted(rows, key=lambda r: (r.get("importer", ""), r["hs6"]))


def _unsplit(table: Path, view: str, e: str) -> list[dict[str, Any]]:
    rows = pq.read_table(part_path(table, view, e)).to_pylist()
    return sorted(rows, key=lambda r: (r.get("importer", ""), r["hs6"]))


def test_line_ranges_cover_every_line_once() -> None:
    lines = [f"{n:06d}" for n in range(10, 17)]
    assert line_ranges(lines, 1) == (None,)
    got = line_ranges(lines, 3)
    assert got == (("000010", "000011"), ("000012", "000014"), ("000015", "000016"))
    assert line_ranges(lines[:2], 5) == (("000010", "000010"), ("000011", "000011"))
    with pytest.raises(InputError):
        line_ranges(lines, 0)


def test_product_ranges_equal_the_unsplit_table(home: Path, table: Path, tmp_path: Path) -> None:
    out = tmp_path / "w"
    result = world_table(Warehouse(home), out=out, exporters=EXPORTERS, product_parts=2)
    unsplit = json.loads((table / "world.json").read_text("utf-8"))
    assert result.cells == unsplit["cells"] and result.products == unsplit["products"]
    for e in EXPORTERS:
        assert part_path(out, "cells", e, 1).is_file()
        for view in ("cells", "products"):
            a, b = _all_parts(out, view, e), _unsplit(table, view, e)
            assert len(a) == len(b) and same(a, b), (view, e)
    ranges = json.loads((out / "world.json").read_text("utf-8"))["product_ranges"]
    assert len(ranges) == 2 and ranges[0][1] < ranges[1][0]
    split = read_diversify(out, "CHN").to_pylist()
    assert same(split, read_diversify(table, "CHN").to_pylist())
    again = world_table(Warehouse(home), out=out, exporters=EXPORTERS, product_parts=2)
    assert again.resumed == len(EXPORTERS)
    one = world_table(Warehouse(home), out=out, exporters=EXPORTERS)  # back to one part
    assert one.resumed == 0 and not part_path(out, "cells", "CHN", 1).exists()
    assert same(_all_parts(out, "cells", "CHN"), _unsplit(table, "cells", "CHN"))
