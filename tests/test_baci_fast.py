"""The BACI fast path against an independent reference: DuckDB SQL over the same CSV gives
the same sorted, mapped rows; the packed-key sort and its lexicographic fallback agree;
the hash taken while parsing is the file's sha256; no pandas is imported on the way."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest

from chuhai.data.batch import HashingReader, file_sha256
from chuhai.data.sources import _baci_columns
from chuhai.data.sources._baci_dict import builtin_country_codes
from chuhai.data.sources._baci_trade import stage_trade_csv
from chuhai.errors import InputError

CODES = builtin_country_codes()
ROOT = Path(__file__).resolve().parents[1]


def _generated(path: Path, rows: int, seed: int = 7) -> None:
    """A BACI-shaped file over three years, unsorted, q padded / NA / blank, k unpadded."""
    rng = np.random.default_rng(seed)
    one_each = {iso: code for code, iso in sorted(CODES.items(), reverse=True)}  # one code per ISO3
    codes = np.array(sorted(one_each.values())[:60])
    hs = np.unique(rng.integers(10_000, 970_000, size=900))
    seen: set[tuple[int, int, int, int]] = set()
    lines = ['"t","i","j","k","v","q"']
    while len(seen) < rows:
        key = (int(rng.choice([2021, 2022, 2023])), int(rng.choice(codes)), int(rng.choice(codes)),
               int(rng.choice(hs)))
        if key in seen:
            continue
        seen.add(key)
        v = f"{rng.lognormal(1, 2):.3f}"
        q = rng.choice(["NA", "", f"{rng.uniform(0, 500):13.3f}", f"{rng.uniform(0, 9):.3f}"])
        lines.append(f'{key[0]},{key[1]},{key[2]},{key[3]},{v},"{q}"')
    path.write_text("\n".join(lines) + "\n")


def _reference(path: Path) -> list[tuple]:
    """What the file should become, computed by DuckDB from the text itself."""
    con = duckdb.connect()
    con.execute("CREATE TABLE codes (code INTEGER, iso TEXT)")
    con.executemany("INSERT INTO codes VALUES (?, ?)", list(CODES.items()))
    return con.execute(f"""
        SELECT t::SMALLINT, e.iso, m.iso, lpad(k, 6, '0'),
               round(v::DECIMAL(18, 3) * 1000)::DOUBLE,
               CASE WHEN trim(q) IN ('', 'NA') THEN NULL ELSE trim(q)::DOUBLE END
        FROM read_csv('{path}', header = true, all_varchar = true) r
        JOIN codes e ON e.code = r.i::INTEGER JOIN codes m ON m.code = r.j::INTEGER
        ORDER BY t, lpad(k, 6, '0'), m.iso, e.iso""").fetchall()


def _staged(tmp: Path, path: Path) -> list[tuple]:
    out = tmp / "out"
    out.mkdir(exist_ok=True)
    stats, loads = stage_trade_csv(path, out, hs_revision="HS22", codes=CODES)
    files = ", ".join(f"'{ld.parquet}'" for ld in sorted(loads, key=lambda ld: (ld.year, ld.parquet.name)))
    rows = duckdb.sql(
        "SELECT year, exporter, importer, hs6, value_usd, quantity_t "
        f"FROM read_parquet([{files}])").fetchall()
    assert stats.rows == len(rows) and stats.sha256 == file_sha256(path)
    assert stats.value_usd == sum(r[4] for r in rows)
    return rows


def test_staged_rows_equal_an_independent_sql_reference(tmp_path: Path) -> None:
    path = tmp_path / "gen.csv"
    _generated(path, 3_000)
    assert _staged(tmp_path, path) == _reference(path)  # same rows, same order, exact values


def test_lexicographic_fallback_gives_the_same_rows(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "gen.csv"
    _generated(path, 800, seed=11)
    packed = _staged(tmp_path, path)
    monkeypatch.setattr(_baci_columns, "_KEY_BITS", 0)  # as if the ranks did not fit 64 bits
    assert _staged(tmp_path, path) == packed == _reference(path)


@pytest.mark.parametrize("key_bits", [64, 0])
def test_duplicate_found_by_either_sort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        key_bits: int) -> None:
    monkeypatch.setattr(_baci_columns, "_KEY_BITS", key_bits)
    path = tmp_path / "dup.csv"
    path.write_text("t,i,j,k,v,q\n2023,156,398,902820,1.5,NA\n2023,4,398,10111,1,\n"
                    "2022,156,398,902820,3,1\n2023,156,398,902820,2,\n")
    with pytest.raises(InputError) as err:
        stage_trade_csv(path, tmp_path, hs_revision="HS22", codes=CODES)
    assert err.value.line == 5 and err.value.field == "k" and "first on line 2" in str(err.value)


def test_hashing_reader_digests_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "bytes.bin"
    path.write_bytes(os.urandom(3 << 20) + b"tail")
    with HashingReader(path) as fh:
        assert fh.read(10) == path.read_bytes()[:10]
        buf = bytearray(1000)
        assert fh.readinto(buf) == 1000
        digest = fh.hexdigest()  # the rest is hashed even though nobody read it
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest() == file_sha256(path)


def test_staging_a_trade_csv_does_not_import_pandas(tmp_path: Path) -> None:
    path = tmp_path / "gen.csv"
    _generated(path, 200)
    code = ("import sys; from pathlib import Path; "
            "from chuhai.data.sources._baci_trade import stage_trade_csv; "
            "from chuhai.data.sources._baci_dict import builtin_country_codes; "
            f"stage_trade_csv(Path({str(path)!r}), Path({str(tmp_path)!r}), hs_revision='HS22', "
            "codes=builtin_country_codes()); print('pandas' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"  # pyarrow's pandas probe (0.3-0.9 s) is avoided


def test_q_read_as_numbers_or_as_text_gives_the_same_rows(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from chuhai.data.sources import _baci_trade

    path = tmp_path / "gen.csv"
    _generated(path, 5_000, seed=5)
    lines = path.read_text().replace('"NA"', '"           NA"').splitlines()
    head = [",".join(c.strip('" ') for c in ln.split(",")) for ln in lines[:4000]]
    path.write_text("\n".join([*head, *lines[4000:]]) + "\n")  # padding only past the head
    assert not _baci_trade._padded(path, {"q": 5}) and '"           NA"' in path.read_text()
    as_numbers = _staged(tmp_path, path)  # the number reader fails on "   NA": read again
    monkeypatch.setattr(_baci_trade, "_padded", lambda *a: True)
    assert _staged(tmp_path, path) == as_numbers == _reference(path)
