from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pytest

from chuhai.data.schema import TABLES, data_columns
from chuhai.data.staging import stage_arrow, staging_dir
from chuhai.data.warehouse import ImportBatch, Warehouse, resolve_home
from chuhai.errors import WarehouseError


def _trade(rows: list[tuple]) -> pa.Table:
    cols = data_columns("trade")
    return pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)})


def _batch(tmp: Path, rows: list[tuple], sha: str, release: str | None, years: tuple[int, ...],
           scope: str = "baci/HS22") -> ImportBatch:
    load = stage_arrow("trade", _trade(rows), tmp, name=sha)
    total = sum(r[5] for r in rows)
    return ImportBatch(source="baci", file=f"{sha}.csv", sha256=sha * 4, scope=scope,
                       loads=(load,), release=release, years=years, value_usd=total)


def _digest(home: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in home.iterdir() if p.is_file()}


ROW_A = (2022, "CHN", "KGZ", "902830", "HS22", 1000.0, 1.5, "baci")
ROW_B = (2022, "KAZ", "KGZ", "902830", "HS22", 500.0, None, "baci")
ROW_C = (2023, "CHN", "KGZ", "902830", "HS22", 700.0, None, "baci")


def test_home_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_home(tmp_path / "x") == tmp_path / "x"
    monkeypatch.setenv("CHUHAI_HOME", str(tmp_path / "env"))
    assert resolve_home(None) == tmp_path / "env"


def test_missing_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="chuhai data demo"):
        with Warehouse(tmp_path / "none").connect():
            pass


def test_import_is_idempotent_and_replaces_newer_release(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    with staging_dir() as st:
        first = wh.apply(_batch(st, [ROW_A, ROW_B, ROW_C], "a", "202401", (2022, 2023)))
        assert first.status == "imported" and first.rows == 3
        before = _digest(wh.home)
        again = wh.apply(_batch(st, [ROW_A, ROW_B, ROW_C], "a", "202401", (2022, 2023)))
        assert again.status == "unchanged"
        assert _digest(wh.home) == before
        newer = wh.apply(_batch(st, [(2022, "CHN", "KGZ", "902830", "HS22", 2000.0, None, "baci")],
                                "b", "202501", (2022,)))
    assert newer.status == "replaced" and newer.replaced == (first.import_id,)
    with wh.connect() as con:
        rows = con.execute("SELECT year, value_usd FROM trade ORDER BY year").fetchall()
    # 2022 comes from the newer release only, 2023 is kept from the older one.
    assert rows == [(2022, 2000.0), (2023, 700.0)]
    statuses = {r["import_id"]: r["status"] for r in wh.provenance()}
    assert statuses[first.import_id] == "active"  # still holds 2023


def test_older_release_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    with staging_dir() as st:
        wh.apply(_batch(st, [ROW_A], "b", "202501", (2022,)))
        before = _digest(wh.home)
        with pytest.raises(WarehouseError, match="older"):
            wh.apply(_batch(st, [ROW_B], "a", "202401", (2022,)))
    assert _digest(wh.home) == before


def test_failed_write_rolls_back(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    with staging_dir() as st:
        wh.apply(_batch(st, [ROW_A], "a", "202401", (2022,)))
        bad = pa.table({c: [None] for c in data_columns("trade")})  # NOT NULL violations
        load = stage_arrow("trade", bad, st, name="bad")
        batch = ImportBatch(source="baci", file="bad.csv", sha256="c" * 64, scope="baci/HS22",
                            loads=(load,), release="202501", years=(2022,), value_usd=0.0)
        with pytest.raises(WarehouseError):
            wh.apply(batch)
    with wh.connect() as con:
        assert con.execute("SELECT count(*) FROM trade").fetchone() == (1,)
    assert len(wh.provenance()) == 1


def test_every_table_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "data-model.md").read_text()
    for table, cols in TABLES.items():
        assert f"`{table}`" in doc, table
        for col, _, _ in cols:
            assert f"`{col}`" in doc, f"{table}.{col}"
