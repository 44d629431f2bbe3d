from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pyarrow as pa
import pytest

from chuhai.data import warehouse as warehouse_module
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


def _files(home: Path) -> list[str]:
    root = home / "trade"
    return sorted(p.relative_to(home).as_posix() for p in root.rglob("*.parquet")) if root.is_dir() else []


def test_trade_rows_live_in_parquet_files_listed_in_trade_files(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    with staging_dir() as st:
        first = wh.apply(_batch(st, [ROW_A, ROW_B, ROW_C], "a", "202401", (2022, 2023)))
    assert _files(wh.home) == [f"trade/{first.import_id}/2022.parquet",
                               f"trade/{first.import_id}/2023.parquet"]
    with wh.connect() as con:
        listed = con.execute("SELECT year, path, rows, value_usd FROM trade_files ORDER BY year").fetchall()
        kind = con.execute("SELECT table_type FROM information_schema.tables "
                           "WHERE table_name = 'trade'").fetchone()
        sorted_rows = con.execute(f"SELECT exporter FROM read_parquet('{wh.home}/{listed[0][1]}')").fetchall()
    assert [(y, r, v) for y, _, r, v in listed] == [(2022, 2, 1500.0), (2023, 1, 700.0)]
    assert kind == ("VIEW",)
    assert sorted_rows == [("CHN",), ("KAZ",)]  # sorted by hs6, importer, exporter


def test_empty_warehouse_has_a_typed_trade_relation(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh").create()
    with wh.connect() as con:
        cur = con.execute("SELECT * FROM trade")
        names = [d[0] for d in cur.description]
        assert cur.fetchall() == []
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'trade'").fetchall())
    assert names == [c for c, _, _ in TABLES["trade"]]
    assert types["year"] == "SMALLINT" and types["value_usd"] == "DOUBLE"


def test_a_moved_warehouse_still_reads_its_files(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    with staging_dir() as st:
        wh.apply(_batch(st, [ROW_A, ROW_C], "a", "202401", (2022, 2023)))
    moved = Warehouse(tmp_path / "elsewhere")
    wh.home.rename(moved.home)
    with moved.connect() as con:
        assert con.execute("SELECT sum(value_usd) FROM trade").fetchone() == (1700.0,)


def test_replacement_deletes_only_the_replaced_years_files(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    with staging_dir() as st:
        first = wh.apply(_batch(st, [ROW_A, ROW_C], "a", "202401", (2022, 2023)))
        newer = wh.apply(_batch(st, [(2022, "CHN", "KGZ", "902830", "HS22", 2000.0, None, "baci")],
                                "b", "202501", (2022,)))
    assert _files(wh.home) == sorted([f"trade/{newer.import_id}/2022.parquet",
                                      f"trade/{first.import_id}/2023.parquet"])


def test_crash_before_commit_leaves_old_rows_and_orphans_are_swept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wh = Warehouse(tmp_path / "wh")
    with staging_dir() as st:
        first = wh.apply(_batch(st, [ROW_A], "a", "202401", (2022,)))
        db_before = hashlib.sha256(wh.db_path.read_bytes()).hexdigest()

        def crash(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt  # the process dies after writing files, before COMMIT

        monkeypatch.setattr(warehouse_module, "write_batch", crash)
        newer = _batch(st, [(2022, "CHN", "KGZ", "902830", "HS22", 2000.0, None, "baci")],
                       "b", "202501", (2022,))
        monkeypatch.setattr(shutil, "rmtree", lambda *a, **k: None)  # ... and cleans nothing up
        with pytest.raises(KeyboardInterrupt):
            wh.apply(newer)
        monkeypatch.undo()
        orphan = f"trade/{newer.import_id}/2022.parquet"
        assert orphan in _files(wh.home)  # written, never made live
        with wh.connect() as con:
            assert con.execute("SELECT year, value_usd FROM trade").fetchall() == [(2022, 1000.0)]
        assert hashlib.sha256(wh.db_path.read_bytes()).hexdigest() == db_before
        wh.apply(_batch(st, [ROW_C], "c", "202501", (2023,), scope="baci/other"))
    assert orphan not in _files(wh.home)  # swept by the next write
    assert f"trade/{first.import_id}/2022.parquet" in _files(wh.home)


def test_null_in_a_required_trade_column_writes_nothing(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    with staging_dir() as st:
        wh.apply(_batch(st, [ROW_A], "a", "202401", (2022,)))
        files = _files(wh.home)
        row = list(ROW_C)
        row[1] = None  # exporter
        with pytest.raises(WarehouseError, match="exporter"):
            wh.apply(_batch(st, [tuple(row)], "d", "202501", (2023,), scope="baci/other"))
    assert _files(wh.home) == files
    assert not (wh.home / "trade" / ("baci-" + "d" * 16)).exists()


def test_a_schema_1_warehouse_moves_its_trade_table_into_parquet(tmp_path: Path) -> None:
    home = tmp_path / "old"
    home.mkdir()
    import duckdb

    con = duckdb.connect(str(home / "chuhai.duckdb"))
    cols = ", ".join(f"{c} {t}" for c, t, _ in TABLES["trade"])
    con.execute(f"CREATE TABLE trade ({cols})")
    con.execute("INSERT INTO trade VALUES (2022, 'CHN', 'KGZ', '902830', 'HS22', 1000.0, NULL, "
                "'baci', 'baci-old'), (2023, 'CHN', 'KGZ', '902830', 'HS22', 700.0, NULL, 'baci', "
                "'baci-old')")
    con.close()
    wh = Warehouse(home).create()
    assert _files(home) == ["trade/baci-old/2022.parquet", "trade/baci-old/2023.parquet"]
    with wh.connect() as con2:
        rows = con2.execute("SELECT year, value_usd, import_id FROM trade ORDER BY year").fetchall()
    assert rows == [(2022, 1000.0, "baci-old"), (2023, 700.0, "baci-old")]
    assert wh.get_meta("schema_version") == "2"


def test_first_real_import_replaces_the_demo_data(tmp_path: Path) -> None:
    from factories import make_warehouse

    demo_row = {"year": 2022, "exporter": "CHN", "importer": "MOZ", "hs6": "902820",
                "hs_revision": "HS22", "value_usd": 5.0, "source": "demo"}
    wh = make_warehouse(tmp_path / "wh", demo=True, source="demo", trade=[demo_row],
                        indicators=[{"iso3": "MOZ", "year": 2022, "indicator": "gdp_usd",
                                     "value": 1.0, "source": "demo"}])
    assert wh.is_demo()
    with staging_dir() as st:
        out = wh.apply(_batch(st, [ROW_A], "a", "202501", (2022,)))
    assert not wh.is_demo()
    assert "demo data" in out.note
    with wh.connect() as con:
        assert con.execute("SELECT source, value_usd FROM trade").fetchall() == [("baci", 1000.0)]
        assert con.execute("SELECT count(*) FROM indicators").fetchone() == (0,)
    statuses = {p["source"]: p["status"] for p in wh.provenance()}
    assert statuses["demo"] == f"replaced-by:{out.import_id}" and statuses["baci"] == "active"
    assert not list((wh.home / "trade").glob("demo-*"))


def test_a_comma_in_the_warehouse_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="comma"):
        Warehouse(tmp_path / "a,b").create()
