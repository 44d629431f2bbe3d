"""Market finder on the real BACI HS92 2021 sample (exporters ZAF and AFG): rows read with
the csv module into a factory warehouse; every indicator recomputed with plain DuckDB SQL
over the raw CSV (not the engine's code) and compared at rel 1e-9 (summation order)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import duckdb
import pytest

from chuhai.markets import scan
from factories import make_warehouse

REL = 1e-9
SAMPLE = "baci-hs92-y2021-zaf-afg"


def _codes(folder: Path) -> dict[str, str]:
    with open(folder / "country_codes_V202201.csv", encoding="latin-1") as fh:
        return {r["country_code"]: r["iso_3digit_alpha"] for r in csv.DictReader(fh)
                if r["iso_3digit_alpha"] not in ("", "N/A")}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    from conftest import SHARED

    folder = SHARED / SAMPLE
    if not folder.is_dir():
        pytest.skip(f"real data sample not found at {folder}")
    iso = _codes(folder)
    rows = []
    with open(folder / "ExampleTradeData.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["i"] not in iso or r["j"] not in iso:
                continue
            q = r["q"].strip()
            rows.append(dict(year=int(r["t"]), exporter=iso[r["i"]], importer=iso[r["j"]],
                             hs6=r["k"].zfill(6), hs_revision="HS92",
                             value_usd=float(r["v"]) * 1000.0,
                             quantity_t=None if q in ("", "NA") else float(q)))
    wh = make_warehouse(tmp_path_factory.mktemp("baci"), source="baci", trade=rows)
    return wh, folder


REF_SQL = """
WITH codes AS (SELECT country_code::VARCHAR AS c, iso_3digit_alpha AS iso
               FROM read_csv('{f}/country_codes_V202201.csv', header=true, all_varchar=true,
                             encoding='latin-1') WHERE iso_3digit_alpha NOT IN ('', 'N/A')),
raw AS (SELECT ci.iso AS i, cj.iso AS j, lpad(k::VARCHAR, 6, '0') AS k, v * 1000 AS v,
               TRY_CAST(trim(q) AS DOUBLE) AS q
        FROM read_csv('{f}/ExampleTradeData.csv', header=true, all_varchar=true,
                      columns={{'t': 'INT', 'i': 'VARCHAR', 'j': 'VARCHAR', 'k': 'VARCHAR',
                               'v': 'DOUBLE', 'q': 'VARCHAR'}})
        JOIN codes ci ON ci.c = i JOIN codes cj ON cj.c = j WHERE ci.iso <> cj.iso),
p AS (SELECT * FROM raw WHERE k LIKE '{prod}%'),
m AS (SELECT j, sum(v) AS imports, count(DISTINCT i) AS n,
             sum(v) FILTER (WHERE i = 'ZAF') AS zaf, coalesce(sum(v) FILTER (WHERE i = 'AFG'), 0) AS afg,
             sum(v) FILTER (WHERE q IS NOT NULL AND q > 0) / sum(q) AS uv
      FROM p GROUP BY j),
sh AS (SELECT k, sum(v) FILTER (WHERE i = 'ZAF') / sum(v) AS s FROM raw GROUP BY k),
hyp AS (SELECT j, sum(raw.v * sh.s) AS hyp, sum(raw.v) FILTER (WHERE i = 'ZAF') AS vij
        FROM raw JOIN sh USING (k) WHERE sh.s > 0 GROUP BY j),
w AS (SELECT sum(v) FILTER (WHERE i = 'ZAF') AS x, sum(v) AS world,
             coalesce(sum(v) FILTER (WHERE j = 'ZAF'), 0) AS m_zaf FROM p)
SELECT m.*, hyp.hyp, hyp.vij, w.x, w.world, w.m_zaf FROM m
LEFT JOIN hyp USING (j) CROSS JOIN w ORDER BY j
"""


@pytest.mark.parametrize("product", ["848180", "902830", "8481"])
def test_baci_indicators(sample: tuple[Any, Path], product: str) -> None:
    wh, folder = sample
    res = scan(wh, product=product, exporter="ZAF")
    con = duckdb.connect()
    cur = con.execute(REF_SQL.format(f=folder, prod=product))
    names = [d[0] for d in cur.description]
    ref = {r[0]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}
    got = {m.importer: m for m in res.markets}
    assert set(got) == set(ref) - {"ZAF"}
    assert res.years == (2021,) and res.coverage.partial is True
    for j, m in got.items():
        r = ref[j]
        zaf = r["zaf"] or 0.0
        assert m.imports_usd == pytest.approx(r["imports"], rel=REL)
        assert m.exporter_exports_usd == pytest.approx(zaf, rel=REL)
        assert m.exporter_share == pytest.approx(zaf / r["imports"], rel=REL)
        n = r["n"]
        shares = [zaf / r["imports"], r["afg"] / r["imports"]]
        hhi = 1.0 if n == 1 else (sum(s * s for s in shares) - 0.5) / 0.5
        assert m.hhi == pytest.approx(hhi, rel=REL, abs=1e-12)
        assert m.imports_cagr is None  # one year only
        assert (m.unit_value_usd_per_t is None) == (r["uv"] is None)
        if r["uv"] is not None:
            assert m.unit_value_usd_per_t == pytest.approx(r["uv"], rel=REL)
        bench = max(0.0, r["afg"] - zaf) if r["afg"] > 0 else None
        assert m.benchmark_untapped_usd == (None if bench is None else
                                            pytest.approx(bench, rel=REL, abs=1e-6))
        net = min(1.0, r["x"] / r["m_zaf"]) if r["m_zaf"] > 0 else 1.0
        assert m.supply == pytest.approx(r["x"] / r["world"] * net, rel=REL)
        assert m.demand == pytest.approx(r["imports"], rel=REL)  # no indicators, no tariffs
        ease = (r["vij"] or 0.0) / r["hyp"] if r["hyp"] else 0.0
        assert m.ease == pytest.approx(ease, rel=REL)
        assert m.tariff_exporter is None and m.tariff_basis == "unknown"
        assert m.potential_usd == pytest.approx(m.supply * m.demand * m.ease, rel=REL)
        assert m.untapped_usd == pytest.approx(max(0.0, m.potential_usd - zaf), rel=REL,
                                               abs=1e-6)
    assert any(str(w).startswith("partial world") for w in res.warnings)
