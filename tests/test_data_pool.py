"""Issue 14: read-only connections are reused within a process, never shared by two threads
at once, and never keep a writer (this process's or another's) out of the warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from chuhai.data import pool
from chuhai.data.importer import import_paths
from chuhai.data.warehouse import Warehouse
from chuhai.errors import WarehouseError

CSV = "t,i,j,k,v,q\n{y},156,398,902820,1.5,NA\n{y},156,417,848180,2.250,0.5\n"
QUERY = "SELECT * FROM trade ORDER BY ALL"


def _warehouse(tmp: Path) -> Warehouse:
    csv = tmp / "BACI_HS22_Y2020_V202501.csv"
    csv.write_text(CSV.format(y=2020))
    wh = Warehouse(tmp / "wh", notify=lambda _m: None)
    import_paths(wh, [csv])
    return wh


def _rows(wh: Warehouse) -> list[tuple[object, ...]]:
    with wh.connect() as con:
        return con.execute(QUERY).fetchall()


def test_a_connection_is_reused_and_answers_like_a_fresh_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wh = _warehouse(tmp_path)
    monkeypatch.setenv(pool.ENV_IDLE, "0")
    fresh = _rows(wh)
    assert pool.idle_count(wh.db_path) == 0  # pool off: nothing kept
    monkeypatch.setenv(pool.ENV_IDLE, "30")
    with wh.connect() as first:
        first_id = id(first)
    with wh.connect() as second:
        assert id(second) == first_id
    assert _rows(wh) == _rows(wh) == fresh
    assert len(fresh) == 2


def test_two_threads_never_hold_the_same_connection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wh = _warehouse(tmp_path)
    monkeypatch.setenv(pool.ENV_IDLE, "30")
    in_use: set[int] = set()
    guard = threading.Lock()
    clashes: list[int] = []
    seen: set[int] = set()
    expected = _rows(wh)
    wrong: list[object] = []

    def client() -> None:
        for _ in range(25):
            with wh.connect() as con:
                with guard:
                    if id(con) in in_use:
                        clashes.append(id(con))
                    in_use.add(id(con))
                    seen.add(id(con))
                rows = con.execute(QUERY).fetchall()
                if rows != expected:
                    wrong.append(rows)
                with guard:
                    in_use.discard(id(con))

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert clashes == [] and wrong == []
    assert len(seen) < 8 * 25  # connections were reused


def test_an_in_process_write_drains_the_pool_and_is_seen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wh = _warehouse(tmp_path)
    monkeypatch.setenv(pool.ENV_IDLE, "30")
    _rows(wh)
    assert pool.idle_count(wh.db_path) == 1
    with wh.connect(read_only=False) as con:
        con.execute("INSERT INTO meta VALUES ('pool_test', 'yes')")
    with wh.connect() as con:
        got = con.execute("SELECT value FROM meta WHERE key = 'pool_test'").fetchone()
    assert got == ("yes",)


def test_idle_connections_close_after_the_idle_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wh = _warehouse(tmp_path)
    monkeypatch.setenv(pool.ENV_IDLE, "0.2")
    _rows(wh)
    assert pool.idle_count(wh.db_path) == 1
    deadline = time.monotonic() + 10
    while pool.idle_count(wh.db_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.idle_count(wh.db_path) == 0


WRITER = """
import sys
from chuhai.data.warehouse import Warehouse
with Warehouse(sys.argv[1], notify=lambda _m: None).connect(read_only=False) as con:
    con.execute("INSERT INTO meta VALUES ('other_process', 'wrote')")
"""


def test_another_process_writes_while_this_one_keeps_reading_from_the_pool(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wh = _warehouse(tmp_path)
    monkeypatch.setenv(pool.ENV_IDLE, "30")  # only the writer's gate may close them
    stop = threading.Event()
    errors: list[BaseException] = []

    def reader() -> None:
        while not stop.is_set():
            try:
                _rows(wh)
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

    readers = [threading.Thread(target=reader) for _ in range(4)]
    for t in readers:
        t.start()
    env = {**os.environ, "CHUHAI_LOCK_WAIT": "20",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    try:
        done = subprocess.run([sys.executable, "-c", WRITER, str(wh.home)], env=env,
                              capture_output=True, text=True, timeout=120)
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert done.returncode == 0, done.stderr
    assert errors == []
    with wh.connect() as con:
        got = con.execute("SELECT value FROM meta WHERE key = 'other_process'").fetchone()
    assert got == ("wrote",)


def test_a_bad_idle_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pool.ENV_IDLE, "soon")
    with pytest.raises(WarehouseError, match=pool.ENV_IDLE):
        pool.idle_seconds()
