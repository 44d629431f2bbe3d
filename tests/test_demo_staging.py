"""The demo stages its big tables in the warehouse's own order: tariffs made sorted by line
(checked against a brute-force loop), trade as a sorted file per year (moved in as they
are), and the packed-key sort against Python's sort."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from chuhai.data.arrowbuf import packed_order, ranks_of
from chuhai.data.demo.tariffs import tariff_table
from chuhai.data.demo.world import pair_agreements
from chuhai.data.staging import stage_trade_years

ISO = ["ARM", "BLR", "CHN", "KAZ", "KGZ", "PAK", "RUS", "VNM"]  # sorted; EAEU, CHN-PAK, ...
CODES = ["841810", "850440", "902820", "902890"]
YEARS = (2019, 2023)


def test_tariff_rows_are_made_in_line_order_and_match_a_loop() -> None:
    rng = np.random.default_rng(3)
    mfn = np.round(rng.uniform(0, 0.2, (len(ISO), len(CODES))) * 200) / 200
    mfn[rng.random(mfn.shape) < 0.3] = 0.0
    expected = []
    for year in YEARS:
        factor, _ = pair_agreements(ISO, date(year, 7, 1))
        for i, imp in enumerate(ISO):
            for k, code in enumerate(CODES):
                expected.append((code, imp, "MFN", year, float(np.round(mfn[i, k], 4))))
                for j, par in enumerate(ISO):
                    if factor[i, j] < 1.0 and mfn[i, k] > 0:
                        expected.append((code, imp, par, year, float(np.round(mfn[i, k] * factor[i, j], 4))))
    assert any(p != "MFN" for _, _, p, _, _ in expected)  # the sample has preferences
    got = tariff_table(mfn, ISO, CODES, YEARS)
    rows = list(zip(*(got[c].cast(pa.string()).to_pylist() if c != "year" and c != "rate"
                      else got[c].to_pylist() for c in ("hs6", "importer", "partner", "year", "rate")),
                    strict=True))
    assert rows == sorted(expected)  # same rows, already in (hs6, importer, partner, year) order


def test_packed_order_equals_a_stable_python_sort() -> None:
    rng = np.random.default_rng(9)
    keys = [rng.integers(0, n, 5_000) for n in (3, 700, 40)]
    order = packed_order([(k, int(k.max()) + 1) for k in keys])
    assert order.tolist() == sorted(range(5_000), key=lambda r: tuple(int(k[r]) for k in keys))
    wide = [(rng.integers(0, 2**30, 5_000), 2**30), (rng.integers(0, 2**30, 5_000), 2**30)]
    assert packed_order(wide).tolist() == np.lexsort([k for k, _ in reversed(wide)]).tolist()


def test_ranks_follow_the_dictionary_strings() -> None:
    col = pa.DictionaryArray.from_arrays(pa.array([2, 0, 1, 2], pa.int32()), pa.array(["b", "c", "a"]))
    assert ranks_of(col)[0].tolist() == [0, 1, 2, 0] and ranks_of(col)[1] == 3


def test_trade_staged_as_a_sorted_file_per_year(tmp_path: Path) -> None:
    rows = pa.table({
        "year": pa.array([2023, 2022, 2023, 2023], pa.int16()),
        "exporter": pa.array(["KAZ", "CHN", "CHN", "CHN"]).dictionary_encode(),
        "importer": ["RUS", "KGZ", "RUS", "ARM"], "hs6": ["902820", "902820", "902820", "850440"],
        "hs_revision": ["HS22"] * 4, "value_usd": [1.0, 2.0, 3.0, 4.0],
        "quantity_t": [None, 1.5, 2.0, None], "source": ["demo"] * 4,
    })
    loads = stage_trade_years(rows, tmp_path)
    assert [(ld.year, ld.rows) for ld in loads] == [(2022, 1), (2023, 3)]
    got = duckdb.sql(f"SELECT hs6, importer, exporter, value_usd FROM read_parquet('{loads[1].parquet}')"
                     ).fetchall()
    assert got == [("850440", "ARM", "CHN", 4.0), ("902820", "RUS", "CHN", 3.0),
                   ("902820", "RUS", "KAZ", 1.0)]
    with pytest.raises(ValueError, match="NULL in value_usd"):
        stage_trade_years(rows.set_column(5, "value_usd", pa.array([1.0, None, 2.0, 3.0])), tmp_path)
