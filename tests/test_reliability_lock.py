"""Issue 15 §4: an import next to readers waits for its turn (bounded) instead of failing,
and the readers keep answering; past the wait it is a clear WarehouseError."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from chuhai.data.importer import import_paths
from chuhai.data.lock import GATE_NAME
from chuhai.data.warehouse import Warehouse
from chuhai.errors import WarehouseError

CSV = "t,i,j,k,v,q\n{y},156,398,902820,1.5,NA\n{y},156,417,848180,2.250,0.5\n"


def _csv(tmp: Path, year: int) -> Path:
    p = tmp / f"BACI_HS22_Y{year}_V202501.csv"
    p.write_text(CSV.format(y=year))
    return p


def test_an_import_while_twenty_clients_scan_succeeds(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh", notify=lambda _m: None)
    import_paths(wh, [_csv(tmp_path, 2020)])
    stop = threading.Event()
    answers: list[int] = []
    errors: list[BaseException] = []

    def scan() -> None:
        while not stop.is_set():
            try:
                with wh.connect() as con:
                    row = con.execute("SELECT count(*) FROM trade").fetchone()
                    time.sleep(0.005)  # a request holds its connection a little while
                answers.append(int(row[0]) if row else -1)
            except BaseException as exc:  # noqa: BLE001 - every failure is recorded
                errors.append(exc)

    clients = [threading.Thread(target=scan) for _ in range(20)]
    for c in clients:
        c.start()
    try:
        time.sleep(0.2)
        outcomes = [import_paths(wh, [_csv(tmp_path, y)])[0] for y in (2021, 2022)]
        time.sleep(0.2)
    finally:
        stop.set()
        for c in clients:
            c.join(10)
    assert [o.status for o in outcomes] == ["imported", "imported"]
    assert errors == []
    assert 2 in answers and 6 in answers  # before and after the imports
    assert len(answers) > 40


def test_a_writer_past_the_wait_is_a_clear_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    wh = Warehouse(tmp_path / "wh", notify=lambda _m: None)
    wh.create()
    said: list[str] = []
    blocked = Warehouse(tmp_path / "wh", notify=said.append)
    monkeypatch.setenv("CHUHAI_LOCK_WAIT", "0.3")
    with wh.connect() as con:  # a reader holds the file: the writer waits, then gives up
        con.execute("SELECT 1")
        t0 = time.monotonic()
        with pytest.raises(WarehouseError, match="CHUHAI_LOCK_WAIT"):
            with blocked.connect(read_only=False):
                pass
        assert 0.25 < time.monotonic() - t0 < 3
    assert said and "waiting" in said[0]
    assert (wh.home / GATE_NAME).is_file()


def test_a_bad_wait_setting_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHUHAI_LOCK_WAIT", "soon")
    with pytest.raises(WarehouseError, match="not a number"):
        Warehouse(tmp_path / "wh").create()


def test_other_duckdb_errors_are_not_retried(tmp_path: Path) -> None:
    home = tmp_path / "wh"
    home.mkdir()
    (home / "chuhai.duckdb").write_bytes(b"not a database" * 100)
    t0 = time.monotonic()
    with pytest.raises(WarehouseError, match="cannot open"):
        Warehouse(home).create()
    assert time.monotonic() - t0 < 2
    assert duckdb  # the module under test translates duckdb.Error


def test_an_import_waits_for_another_process_holding_the_file(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh", notify=lambda _m: None)
    import_paths(wh, [_csv(tmp_path, 2020)])
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], "
         "read_only=True); print('held', flush=True); time.sleep(1.0)", str(wh.db_path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        t0 = time.monotonic()
        (out,) = import_paths(wh, [_csv(tmp_path, 2021)])
        waited = time.monotonic() - t0
    finally:
        holder.wait(10)
    assert out.status == "imported"
    assert waited > 0.3  # it did wait for the other process


def test_two_concurrent_imports_both_succeed(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh", notify=lambda _m: None)
    wh.create()
    out: dict[int, str] = {}
    errors: list[BaseException] = []

    def run(year: int) -> None:
        try:
            out[year] = import_paths(Warehouse(wh.home, notify=lambda _m: None),
                                     [_csv(tmp_path, year)])[0].status
        except BaseException as exc:  # noqa: BLE001 - recorded
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(y,)) for y in (2020, 2021)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and out == {2020: "imported", 2021: "imported"}
    with wh.connect() as con:
        assert con.execute("SELECT count(*) FROM trade").fetchone() == (4,)
