"""Two OCDS imports at once, in two processes, of two files holding one contracting process
(a tender release and its award release): the import gate makes the second wait until the
first has committed and merge what it stored, so nothing is lost or stored twice. The same
race with the gate taken out loses one file's releases, so the test can fail."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from chuhai.data.importer import import_paths
from chuhai.data.lock import import_gate
from chuhai.data.warehouse import Warehouse
from chuhai.errors import WarehouseError

ROOT = Path(__file__).resolve().parents[1]
PARAGUAY = "ocds-sample-paraguay-dncp/releases"
STEM = "ocds-03ad3f-277004-277004-adquisicion-equipos-e-insumos-informaticos"
#: how long the first import waits, after reading the stored releases, for the second to read
#: them too (it cannot while the gate holds it back)
HOLD = 4.0

DRIVER = '''
import pathlib, sys, time
from contextlib import nullcontext
import chuhai.data.importer as importer
import chuhai.data.sources.ocds as ocds
from chuhai.data.warehouse import Warehouse

home, path, mine, other, guard, hold = sys.argv[1:7]
original = ocds.stored_releases

def patched(wh):
    prior = original(wh)
    def read(ocids):
        out = prior(ocids)
        pathlib.Path(mine).write_text("read")
        end = time.monotonic() + float(hold)
        while other != "-" and not pathlib.Path(other).exists() and time.monotonic() < end:
            time.sleep(0.02)
        return out
    return read

ocds.stored_releases = patched
if guard == "off":
    importer.import_gate = lambda home, notify=None: nullcontext()
print(importer.import_paths(Warehouse(home), [pathlib.Path(path)])[0].status)
'''


def _rows(wh: Warehouse, sql: str) -> list[tuple[Any, ...]]:
    with wh.connect() as con:
        return con.execute(sql).fetchall()


def _race(tmp: Path, first: Path, second: Path, guard: str) -> Warehouse:
    home = tmp / f"wh-{guard}"
    driver = tmp / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CHUHAI_LOCK_WAIT": "60"}
    a_read, b_read = tmp / f"a-{guard}.read", tmp / f"b-{guard}.read"
    a = subprocess.Popen([sys.executable, str(driver), str(home), str(first), str(a_read), str(b_read),
                          guard, str(HOLD)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    end = time.monotonic() + 60
    while not a_read.exists() and time.monotonic() < end and a.poll() is None:
        time.sleep(0.02)
    assert a_read.exists(), a.communicate()[1].decode()
    b = subprocess.Popen([sys.executable, str(driver), str(home), str(second), str(b_read), "-",
                          guard, "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for p in (a, b):
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        assert out.decode().strip() in ("imported", "replaced")
    return Warehouse(home)


TABLES = {
    "tenders": "SELECT * EXCLUDE (import_id) FROM tenders ORDER BY ALL",
    "contract_awards": "SELECT * EXCLUDE (import_id) FROM contract_awards ORDER BY ALL",
    "ocds_releases": "SELECT ocid, release_id, tag FROM ocds_releases ORDER BY ALL",
    "award_items": "SELECT * EXCLUDE (import_id) FROM award_items ORDER BY ALL",
    "contract_products": "SELECT * EXCLUDE (import_id) FROM contract_products ORDER BY ALL",
}


def test_two_imports_at_once_store_the_process_once_and_whole(shared_data: Path, tmp_path: Path) -> None:
    rel = shared_data / PARAGUAY
    tender, award = rel / f"{STEM}-tender.json", rel / f"{STEM}-1-award.json"
    ref = Warehouse(tmp_path / "sequential")
    import_paths(ref, [tender])
    import_paths(ref, [award])
    assert _rows(ref, "SELECT count(*) FROM ocds_releases") == [(2,)]

    wh = _race(tmp_path, tender, award, guard="on")
    for table, sql in TABLES.items():
        assert _rows(wh, sql) == _rows(ref, sql), table
    awards = _rows(wh, "SELECT count(*), count(DISTINCT (contract_id, supplier_id)) FROM contract_awards")
    assert awards[0][0] == awards[0][1] > 0  # no row stored twice
    status = sorted(s for (s,) in _rows(wh, "SELECT status FROM provenance WHERE source = 'ocds'"))
    assert status[0] == "active" and status[1].startswith("replaced-by:")


def test_without_the_gate_the_race_loses_a_file(shared_data: Path, tmp_path: Path) -> None:
    """The control: the same two processes with the import gate patched out."""
    rel = shared_data / PARAGUAY
    wh = _race(tmp_path, rel / f"{STEM}-tender.json", rel / f"{STEM}-1-award.json", guard="off")
    assert _rows(wh, "SELECT count(*) FROM ocds_releases") == [(1,)]


def test_a_held_import_gate_times_out_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "wh"
    home.mkdir()
    monkeypatch.setenv("CHUHAI_LOCK_WAIT", "0.2")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, fcntl, os; fd = os.open(sys.argv[1], os.O_RDONLY | os.O_CREAT);"
         " fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(30)",
         str(home / ".chuhai.import")], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        with pytest.raises(WarehouseError, match="another import"), import_gate(home):
            pass
    finally:
        holder.kill()
        holder.wait()
