"""Shared fixtures. Tests never touch the network and never read the user's warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("CHUHAI_SHARED", ROOT.parent / "shared")) / "data"


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test depends on the developer's shell or touches their data directory."""
    for var in ("CHUHAI_HOME", "CHUHAI_TOKEN", "COMTRADE_API_KEY", "CHUHAI_LANG", "LANGUAGE", "LC_ALL",
                "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # the CLI speaks English unless a test asks otherwise
    monkeypatch.setenv("CHUHAI_HOME", str(tmp_path_factory.mktemp("default-home")))
    monkeypatch.setenv("CHUHAI_CACHE", str(tmp_path_factory.getbasetemp() / "chuhai-cache"))


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``; skips the test with a reason when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"real data samples not found at {SHARED} (clone with ../shared beside it)")
    return SHARED
