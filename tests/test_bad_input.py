"""Bad input (issue 2 §7): a clear InputError naming file, line and field; exit code 1;
the warehouse byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chuhai.cli import app
from chuhai.data.importer import import_paths
from chuhai.data.warehouse import Warehouse
from chuhai.errors import InputError

GOOD = "t,i,j,k,v,q\n2023,156,398,902820,1.5,NA\n2023,156,417,848180,2.250,0.5\n"


def _digest(home: Path) -> dict[str, str]:
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file()}


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    """A warehouse that already holds one good import."""
    good = tmp_path / "BACI_HS22_Y2023_V202501.csv"
    good.write_text(GOOD)
    w = Warehouse(tmp_path / "wh")
    import_paths(w, [good])
    return w


def _write(tmp: Path, text: str | bytes, name: str = "BACI_HS22_Y2022_V202501.csv") -> Path:
    p = tmp / "in" / name
    p.parent.mkdir(exist_ok=True)
    p.write_bytes(text.encode() if isinstance(text, str) else text)
    return p


CASES = [
    # (content, line, field, message fragment)
    ("t,i,j,k,v\n2022,156,398,902820,1.5\n", 1, "q", "missing column"),
    ("t,i,j,k,value,q\n2022,156,398,902820,1.5,1\n", 1, "v", "missing column"),
    ("t,i,j,k,v,q\n2022,156,398,902820,1.5,1\n2022,156,417,902820,abc,1\n", 3, "v", "not a number"),
    ("t,i,j,k,v,q\n2022,156,398,902820,-1.5,1\n", 2, "v", "negative"),
    ("t,i,j,k,v,q\n2022,156,398,902820,1.5,-2\n", 2, "q", "negative"),
    ("t,i,j,k,v,q\n2022,156,398,902820,1.5,x\n", 2, "q", "not a number"),
    ("t,i,j,k,v,q\n2022,156,398,9028201,1.5,1\n", 2, "k", "HS6"),
    ("t,i,j,k,v,q\n20x2,156,398,902820,1.5,1\n", 2, "t", "year"),
    ("t,i,j,k,v,q\n2022,156,398,902820,1.5,1\n2022,999,398,902820,1.5,1\n", 3, "i", "unknown country"),
    ("t,i,j,k,v,q\n2022,156,1,902820,1.5,1\n", 2, "j", "unknown country"),
    ("t,i,j,k,v,q\n2022,156,398,902820,1.5,1\n2022,156,417,1,1,1\n2022,156,398,902820,2,1\n",
     4, "k", "duplicate key"),
    ("t,i,j,k,v,q\n2022,156,398,902820,1.5,1\n2022,156,398\n", 3, None, "fields"),
]


@pytest.mark.parametrize(("content", "line", "field", "fragment"), CASES)
def test_bad_baci_rows(wh: Warehouse, tmp_path: Path, content: str, line: int,
                       field: str | None, fragment: str) -> None:
    path = _write(tmp_path, content)
    before = _digest(wh.home)
    with pytest.raises(InputError, match=fragment) as err:
        import_paths(wh, [path])
    assert err.value.file is not None and path.name in err.value.file
    assert err.value.line == line
    assert err.value.field == field
    assert _digest(wh.home) == before


def test_empty_and_header_only(wh: Warehouse, tmp_path: Path) -> None:
    before = _digest(wh.home)
    with pytest.raises(InputError, match="empty"):
        import_paths(wh, [_write(tmp_path, "")])
    with pytest.raises(InputError, match="empty"):
        import_paths(wh, [_write(tmp_path, "", "x.csv")], source="baci", hs_revision="HS22")
    with pytest.raises(InputError, match="no data rows"):
        import_paths(wh, [_write(tmp_path, "t,i,j,k,v,q\n")])
    assert _digest(wh.home) == before


def test_wrong_encodings(wh: Warehouse, tmp_path: Path) -> None:
    before = _digest(wh.home)
    with pytest.raises(InputError, match="UTF-16") as err:
        import_paths(wh, [_write(tmp_path, GOOD.encode("utf-16"))], source="baci")
    assert err.value.line == 1
    # a cp1252 byte deep in a UTF-8 file: found by line
    body = GOOD + "".join(f"2023,4,{c},1{n:05d},1,1\n" for n, c in enumerate((8, 12, 16)))
    bad = body.encode() + b"2023,4,20,123456,1\xe9,1\n"
    with pytest.raises(InputError, match="encoding") as err:
        import_paths(wh, [_write(tmp_path, bad)])
    assert err.value.line == 7
    assert _digest(wh.home) == before


def _zip(tmp: Path, name: str = "BACI_HS22_V202501.zip") -> Path:
    p = tmp / "z" / name
    p.parent.mkdir(exist_ok=True)
    return p


def test_truncated_zip(wh: Warehouse, tmp_path: Path) -> None:
    z = _zip(tmp_path)
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("BACI_HS22_Y2022_V202501.csv", GOOD.replace("2023", "2022") * 1)
    data = z.read_bytes()
    z.write_bytes(data[: len(data) // 2])
    before = _digest(wh.home)
    with pytest.raises(InputError, match="truncated|corrupt"):
        import_paths(wh, [z], source="baci")
    assert _digest(wh.home) == before


def test_zip_path_traversal(wh: Warehouse, tmp_path: Path) -> None:
    z = _zip(tmp_path)
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("BACI_HS22_Y2022_V202501.csv", GOOD.replace("2023", "2022"))
        zf.writestr("../../evil.csv", "x")
    before = _digest(wh.home)
    with pytest.raises(InputError, match="unsafe path") as err:
        import_paths(wh, [z])
    assert "evil.csv" in str(err.value.file)
    assert not (tmp_path / "evil.csv").exists()
    assert _digest(wh.home) == before


def test_zip_bomb(wh: Warehouse, tmp_path: Path) -> None:
    z = _zip(tmp_path)
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("BACI_HS22_Y2022_V202501.csv", "t,i,j,k,v,q\n" + "0" * (20 << 20))
    before = _digest(wh.home)
    with pytest.raises(InputError, match="zip bomb"):
        import_paths(wh, [z])
    assert _digest(wh.home) == before


def test_cli_exit_code_and_message(wh: Warehouse, tmp_path: Path) -> None:
    path = _write(tmp_path, CASES[2][0])
    before = _digest(wh.home)
    res = CliRunner().invoke(app, ["data", "import", str(path), "--warehouse", str(wh.home)])
    assert res.exit_code == 1
    assert isinstance(res.exception, InputError)
    assert "line 3" in str(res.exception) and "'v'" in str(res.exception)
    assert _digest(wh.home) == before


def test_bad_member_of_release_zip_is_named(wh: Warehouse, tmp_path: Path) -> None:
    z = _zip(tmp_path)
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("BACI_HS22_Y2022_V202501.csv", "t,i,j,k,v,q\n2022,156,398,902820,1.5,1\n")
        zf.writestr("BACI_HS22_Y2021_V202501.csv", "t,i,j,k,v,q\n2021,156,398,902820,1.5,-1\n")
    before = _digest(wh.home)
    with pytest.raises(InputError) as err:
        import_paths(wh, [z])
    assert err.value.file == f"{z}!BACI_HS22_Y2021_V202501.csv"
    assert err.value.line == 2 and err.value.field == "q"
    assert str(err.value).startswith(f"{z}!BACI_HS22_Y2021_V202501.csv, line 2, field 'q': negative")
    assert _digest(wh.home) == before
