"""Property tests of the BACI parser: generated rows round-trip; any bad cell is caught
on its own line and field, by the DuckDB fast path and the Python slow path alike."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chuhai.data.sources._baci_dict import builtin_country_codes
from chuhai.data.sources._baci_trade import stage_trade_csv
from chuhai.errors import InputError

CODES = builtin_country_codes()
SOME = [4, 8, 156, 276, 398, 417, 490, 508, 699, 710, 842]

values = st.decimals(min_value=0, max_value=Decimal("99999999.999"), places=3, allow_nan=False)
quantities = st.one_of(st.just("NA"), st.just(""),
                       st.decimals(min_value=0, max_value=10**7, places=3).map(str))
rows = st.lists(
    st.tuples(st.sampled_from(SOME), st.sampled_from(SOME), st.integers(0, 999_999), values,
              quantities),
    min_size=1, max_size=40, unique_by=lambda r: (r[0], r[1], r[2]),
)
BAD = {
    "t": ["20x3", "", "203"],
    "i": ["999", "abc", "04", ""],
    "j": ["1", "-4"],
    "k": ["1234567", "12a", ""],
    "v": ["-1", "abc", "", "nan"],
    "q": ["-0.5", "x", "inf"],
}
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _csv(tmp: Path, data: list[tuple], name: str = "t.csv") -> Path:
    lines = ["t,i,j,k,v,q"] + [f"2023,{i},{j},{k},{v},{q}" for i, j, k, v, q in data]
    p = tmp / name
    p.write_text("\n".join(lines) + "\n")
    return p


@SETTINGS
@given(data=rows)
def test_round_trip_preserves_totals_and_pads(tmp_path: Path, data: list[tuple]) -> None:
    stats, loads = stage_trade_csv(_csv(tmp_path, data), tmp_path, hs_revision="HS22", codes=CODES)
    (load,) = loads
    assert stats.rows == len(data) == load.rows and load.year == 2023
    assert stats.value_usd == sum(v * 1000 for *_, v, _ in data)  # exact
    got = duckdb.sql(f"SELECT hs6, quantity_t, importer, exporter FROM read_parquet('{load.parquet}')"
                     ).fetchall()
    assert [g[0] for g in got] == sorted(g[0] for g in got)  # stored sorted by hs6 first
    assert len({(h, i, e) for h, _, i, e in got}) == len(got)
    assert sorted(h for h, *_ in got) == sorted(f"{k:06d}" for _, _, k, _, _ in data)
    assert sum(q is None for _, q, *_ in got) == sum(q in ("", "NA") for *_, q in data)


@SETTINGS
@given(data=rows, pick=st.integers(0, 10**6), col=st.sampled_from(sorted(BAD)),
       choice=st.integers(0, 3))
def test_any_bad_cell_is_named(tmp_path: Path, data: list[tuple], pick: int, col: str,
                               choice: int) -> None:
    cells = [["2023", str(i), str(j), str(k), str(v), q] for i, j, k, v, q in data]
    n = pick % len(cells)
    bad = BAD[col][choice % len(BAD[col])]
    cells[n]["tijkvq".index(col)] = bad
    p = tmp_path / "bad.csv"
    p.write_text("t,i,j,k,v,q\n" + "".join(",".join(c) + "\n" for c in cells))
    with pytest.raises(InputError) as err:
        stage_trade_csv(p, tmp_path, hs_revision="HS22", codes=CODES)
    assert err.value.line == n + 2  # header is line 1
    assert err.value.field == col


def test_a_big_year_is_split_into_files_of_consecutive_hs6(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chuhai.data.sources import _baci_trade
    from chuhai.data.warehouse import ImportBatch, Warehouse

    monkeypatch.setattr(_baci_trade, "_SPLIT_ROWS", 4)  # as if the file were over a million rows
    monkeypatch.setattr(_baci_trade, "ROW_GROUP_SIZE", 2)
    data = [(4, 8, k, Decimal(k), "NA") for k in range(100, 110)]
    stats, loads = stage_trade_csv(_csv(tmp_path, data), tmp_path, hs_revision="HS22", codes=CODES)
    assert [ld.rows for ld in loads] == [4, 6] and {ld.year for ld in loads} == {2023}
    (first,) = duckdb.sql(f"SELECT max(hs6) FROM read_parquet('{loads[0].parquet}')").fetchall()
    (second,) = duckdb.sql(f"SELECT min(hs6) FROM read_parquet('{loads[1].parquet}')").fetchall()
    assert first[0] < second[0]
    wh = Warehouse(tmp_path / "wh")
    wh.apply(ImportBatch(source="baci", file="t.csv", sha256="e" * 64, scope="baci/HS22",
                         loads=loads, release="202501", years=stats.years,
                         value_usd=float(stats.value_usd)))
    with wh.connect() as con:
        files = con.execute("SELECT path, rows FROM trade_files ORDER BY path").fetchall()
        total = con.execute("SELECT count(*), sum(value_usd) FROM trade").fetchone()
    assert sorted(r for _, r in files) == [4, 6]
    assert sorted(p.rsplit("/", 1)[1] for p, _ in files) == ["2023-1.parquet", "2023.parquet"]
    assert total == (10, float(stats.value_usd))


def test_a_file_with_two_years_gives_a_sorted_file_per_year(tmp_path: Path) -> None:
    p = tmp_path / "two.csv"
    p.write_text("t,i,j,k,v,q\n2023,156,398,902820,1.5,NA\n2022,490,417,848180,2.25,0.5\n"
                 "2023,4,398,10111,1,\n2022,156,398,902820,3,1\n")
    stats, loads = stage_trade_csv(p, tmp_path, hs_revision="HS22", codes=CODES)
    assert stats.years == (2022, 2023) and stats.value_usd == 7750
    got = {ld.year: duckdb.sql(f"SELECT year, hs6, exporter FROM read_parquet('{ld.parquet}')"
                               ).fetchall() for ld in loads}
    assert got == {2022: [(2022, "848180", "S19"), (2022, "902820", "CHN")],
                   2023: [(2023, "010111", "AFG"), (2023, "902820", "CHN")]}
