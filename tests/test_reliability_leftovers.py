"""Issue 15 §6: what a SIGKILLed process leaves behind is swept at the next import or save:
staging directories in $TMPDIR, orphan Parquet files (even when the re-import is
"unchanged"), and plan .tmp files. A live process's temporaries are never touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from chuhai.data.importer import import_paths
from chuhai.data.staging import STAGE_PREFIX, staging_dir, sweep_staging
from chuhai.data.warehouse import Warehouse
from chuhai.web.plans import PlanStore

CSV = "t,i,j,k,v,q\n{y},156,398,902820,1.5,NA\n"
SRC = str(Path(__file__).resolve().parents[1] / "src")


def _killed(script: str, env: dict[str, str] | None = None) -> None:
    """Run ``script`` until it prints 'ready', then SIGKILL it (and reap it)."""
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)],
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": SRC, **(env or {})})
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready", "the child did not get ready"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(10) == -signal.SIGKILL


def test_staging_dirs_of_a_killed_import_are_swept(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    _killed("""
        from chuhai.data.staging import staging_dir
        import time
        with staging_dir() as d:
            (d / "big.parquet").write_bytes(b"x" * 100_000)
            print("ready", flush=True)
            time.sleep(60)
    """, env={"TMPDIR": str(tmp)})
    left = list(tmp.glob(f"{STAGE_PREFIX}*"))
    assert len(left) == 1 and (left[0] / "big.parquet").is_file()
    legacy = tmp / f"{STAGE_PREFIX}abc123"  # an older version's name: kept while young
    legacy.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(tmp))
    with staging_dir() as mine:  # the next import sweeps; its own directory is live
        assert mine.is_dir()
        assert sweep_staging(tmp) == []
        assert sorted(tmp.iterdir()) == sorted([legacy, mine])
    assert list(tmp.iterdir()) == [legacy]


def test_orphan_parquet_of_a_killed_import_is_swept_by_an_unchanged_reimport(
        tmp_path: Path) -> None:
    home = tmp_path / "wh"
    a = tmp_path / "BACI_HS22_Y2020_V202501.csv"
    a.write_text(CSV.format(y=2020))
    b = tmp_path / "BACI_HS17_Y2021_V202501.csv"
    b.write_text(CSV.format(y=2021))
    wh = Warehouse(home)
    import_paths(wh, [a])
    _killed(f"""
        import time
        import chuhai.data.warehouse as w
        from chuhai.data.importer import import_paths
        def stuck(con, batch, files):
            print("ready", flush=True)
            time.sleep(60)
        w.write_batch = stuck
        import_paths(w.Warehouse({str(home)!r}), [__import__("pathlib").Path({str(b)!r})])
    """)
    trade = sorted(p.relative_to(home).as_posix() for p in (home / "trade").rglob("*.parquet"))
    assert len(trade) == 2  # the live file and the killed import's orphan
    (again,) = import_paths(wh, [a])
    assert again.status == "unchanged"
    left = sorted(p.relative_to(home).as_posix() for p in (home / "trade").rglob("*.parquet"))
    assert len(left) == 1 and left[0].startswith(f"trade/{again.import_id}/")
    with wh.connect() as con:
        assert con.execute("SELECT count(*) FROM trade").fetchone() == (1,)


def test_plan_tmp_files_of_a_killed_save_are_swept(tmp_path: Path) -> None:
    root = tmp_path / "plans"
    _killed(f"""
        import os, time
        from pathlib import Path
        from chuhai.web.plans import PlanStore
        def stuck(fd):
            print("ready", flush=True)
            time.sleep(60)
        os.fsync = stuck
        PlanStore(Path({str(root)!r})).save("scenario", "a", "x = 1\\n")
    """)
    assert len(list((root / "scenario").glob(".*.tmp"))) == 1
    PlanStore(root).save("scenario", "b", "y = 2\n")
    assert sorted(p.name for p in (root / "scenario").iterdir()) == ["b.toml"]
