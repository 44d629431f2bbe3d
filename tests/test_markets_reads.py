"""The read side (chuhai.data.queries) and the engines on it: engines never touch DuckDB,
the export-potential formula matches a hand computation, the tariff rule's SQL gives
each step's rate, the identity cache follows the file, and the scan and the full table
give the same potential for the same cell whatever ran before them."""

from __future__ import annotations

import ast
import math
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest

from chuhai.data.queries import identity
from chuhai.data.queries.inputs import PotentialBase
from chuhai.data.queries.tariffs import applied_rate_sql, zero_rate_sql
from chuhai.data.warehouse import Warehouse
from chuhai.markets import ScanParams, potential_all, scan
from chuhai.markets.potential import export_potential
from test_markets_support import build, world

ENGINES = [Path(__file__).parents[1] / "src" / "chuhai" / pkg for pkg in ("markets", "entry")]
E, K = "CHN", "902820"


def _engine_files() -> list[Path]:
    files = [f for d in ENGINES for f in sorted(d.rglob("*.py"))]
    assert len(files) > 10
    return files


@pytest.mark.parametrize("path", _engine_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_engine_module_never_imports_duckdb_or_runs_sql(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "duckdb" for a in node.names), path
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] != "duckdb", path
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr not in {"connect", "execute", "sql", "register"}, (
                f"{path.name}:{node.lineno} calls .{node.func.attr}()")


def _base(**over: list[float]) -> PotentialBase:
    one = dict(x_e=[10.0], m_e=[4.0], dg_e=[1.2], den=[200.0], s_e=[1.0], w_e=[10.0],
               s_all=[8.0], w_all=[100.0], own_s_e=[0.5], own_w_e=[2.0], own_s_all=[2.0],
               own_w_all=[20.0], imports=[50.0], dgdp=[1.3], dpop=[1.1], t_avg=[0.1],
               t_e=[0.05], rel_ln_d=[0.4], vij=[3.0], hyp=[6.0])
    one.update(over)
    return PotentialBase(**{k: np.array(v, dtype=float) for k, v in one.items()})


def test_export_potential_matches_hand_computation() -> None:
    p = ScanParams(income_elasticity=0.8, tariff_exponent=2.0)
    t = export_potential(_base(), p)
    share, net = 10.0 * 1.2 / 200.0, 1.0  # x_e > m_e: no re-export correction
    te, tk = (1.0 - 0.5) / (10.0 - 2.0), (8.0 - 2.0) / (100.0 - 20.0)
    supply = share * net * ((1 + te) / (1 + tk)) ** 2
    demand = 50.0 * (1.3 / 1.1) ** 0.8 * 1.1 * ((1 + 0.1) / (1 + 0.05)) ** 2
    ease = math.exp(-0.4) * 3.0 / 6.0
    for got, want in ((t.supply, supply), (t.demand, demand), (t.ease, ease),
                      (t.potential, supply * demand * ease)):
        assert got[0] == pytest.approx(want, rel=1e-12)
    allm = export_potential(_base(), ScanParams(global_tariff="all_markets"))
    assert allm.t_e_global[0] == pytest.approx(0.1) and allm.t_k_global[0] == pytest.approx(0.08)
    off = export_potential(_base(), ScanParams(global_tariff="off"))
    assert off.global_tariff_term[0] == 1.0
    sym = export_potential(_base(rel_ln_d=[-0.4]), ScanParams(distance_form="symmetric"))
    assert sym.distance_term[0] == pytest.approx(math.exp(-0.4))
    one_sided = export_potential(_base(rel_ln_d=[-0.4]), ScanParams())
    assert one_sided.distance_term[0] == 1.0


def test_export_potential_unknowns_leave_terms_at_one_or_zero() -> None:
    nan = math.nan
    t = export_potential(_base(den=[0.0], t_e=[nan], rel_ln_d=[nan], hyp=[nan], m_e=[20.0]),
                         ScanParams())
    assert math.isnan(t.share_proj[0]) and t.supply[0] == 0.0  # unknown share: no supply
    assert t.net_importer[0] == pytest.approx(0.5)  # re-exporter: x/m
    assert t.tariff_term[0] == 1.0 and t.distance_term[0] == 1.0 and t.bilateral_ease[0] == 0.0
    assert t.rows()[0]["share_proj"] is None and t.rows()[0]["tariff_term"] == 1.0


@pytest.mark.parametrize("fta_zero", [False, True])
def test_tariff_rule_fragments(fta_zero: bool) -> None:
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT name, {applied_rate_sql('pref', zero_rate_sql('cu', 'fta', fta_zero), 'mfn')} "
        "FROM (VALUES ('preferential', 0.02::DOUBLE, true, true, 0.1::DOUBLE), "
        "('cu', NULL, true, false, 0.1), ('fta', NULL, false, true, 0.1), "
        "('mfn', NULL, false, false, 0.1), ('unknown', NULL, false, false, NULL)"
        ") t(name, pref, cu, fta, mfn)").fetchall()
    got = dict(rows)
    assert got == {"preferential": 0.02, "cu": 0.0, "fta": 0.0 if fta_zero else 0.1,
                   "mfn": 0.1, "unknown": None}


def test_identity_follows_the_file(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    assert identity.warehouse_version(wh) == ()
    calls: list[int] = []
    assert identity.cached(wh, ("k",), lambda: calls.append(1) or 1) == 1
    assert identity.cached(wh, ("k",), lambda: calls.append(1) or 1) == 1
    assert len(calls) == 2  # no file: never cached
    wh.create()
    before = identity.warehouse_identity(wh)
    assert identity.cached(wh, ("k",), lambda: 5) == 5
    assert identity.cached(wh, ("k",), lambda: 6) == 5
    assert not identity.is_demo(wh)
    wh.set_meta("demo", "true")
    assert identity.warehouse_identity(wh) != before
    assert identity.is_demo(wh)
    assert identity.cached(wh, ("k",), lambda: 7) == 7


def test_web_uses_the_read_side_identity() -> None:
    from chuhai.web import deps
    assert deps.warehouse_version is identity.warehouse_version
    assert deps.is_demo is identity.is_demo


@pytest.fixture(scope="module")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return build(tmp_path_factory.mktemp("reads"), **world(seed=11))


def _cells(wh: Any, **kw: Any) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["importer"], r["hs6"]): r for r in potential_all(wh, exporter=E, **kw).table.to_pylist()}


@pytest.mark.parametrize("params", [ScanParams(), ScanParams(global_tariff="all_markets",
                                                             distance_form="symmetric",
                                                             fta_zero=True, horizon_years=3)])
def test_scan_and_full_table_agree_whatever_ran_before(wh: Any, params: ScanParams) -> None:
    identity.clear_cache()
    first = scan(wh, product=K, exporter=E, params=params)
    cells = _cells(wh, params=params)
    scan(wh, product="8481", exporter="DEU", params=params)  # other temp tables, other caches
    again = scan(wh, product=K, exporter=E, params=params)
    assert [m.importer for m in again.markets] == [m.importer for m in first.markets]
    n = 0
    for a, b in zip(first.markets, again.markets, strict=True):
        assert b.potential_usd == pytest.approx(a.potential_usd, rel=1e-12)
        c = cells[(a.importer, K)]
        for key, attr in (("supply", "supply"), ("demand", "demand"), ("ease", "ease"),
                          ("potential_usd", "potential_usd"), ("untapped_usd", "untapped_usd")):
            assert c[key] == pytest.approx(getattr(a, attr), rel=1e-9, abs=1e-9), key
        n += 1
    assert n > 5
