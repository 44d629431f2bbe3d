"""Frozen settings of the web app: where the warehouse is, where to listen, who may enter."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from chuhai.data.warehouse import resolve_home
from chuhai.errors import ChuhaiError
from chuhai.i18n import DEFAULT_LANGUAGE, check_language

__all__ = ["Settings", "is_loopback"]

ENV_TOKEN = "CHUHAI_TOKEN"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; anything else is a public bind."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything :func:`chuhai.web.create_app` needs; build with :meth:`from_env`.

    ``max_upload_bytes`` caps one uploaded file (bytes); ``token`` is required when
    ``host`` is not a loopback address and is then checked on every request.
    """

    warehouse: Path
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    language: str = DEFAULT_LANGUAGE
    max_upload_bytes: int = 200 * 1024 * 1024
    require_token: bool = field(default=False)

    def __post_init__(self) -> None:
        check_language(self.language)
        if not 0 < self.port < 65536:
            raise ChuhaiError(f"port {self.port} is out of range 1-65535")
        if self.token is not None and len(self.token) < 8:
            raise ChuhaiError(f"{ENV_TOKEN} must be at least 8 characters long")
        if not is_loopback(self.host) and not self.token:
            raise ChuhaiError(
                f"refusing to listen on {self.host}: binding a non-loopback address needs a token; "
                f"set {ENV_TOKEN} (e.g. `export {ENV_TOKEN}={secrets.token_urlsafe(16)}`)",
                host=self.host,
            )
        object.__setattr__(self, "require_token", bool(self.token))

    @classmethod
    def from_env(
        cls,
        *,
        warehouse: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 8000,
        language: str | None = None,
    ) -> Settings:
        """Settings from arguments plus ``$CHUHAI_HOME``, ``$CHUHAI_TOKEN`` and ``$CHUHAI_LANG``."""
        return cls(
            warehouse=resolve_home(warehouse),
            host=host,
            port=port,
            token=os.environ.get(ENV_TOKEN) or None,
            language=language or os.environ.get("CHUHAI_LANG", DEFAULT_LANGUAGE),
        )

    @property
    def plans_dir(self) -> Path:
        """Saved scenarios and tender files: ``<warehouse>/plans``."""
        return self.warehouse / "plans"

    @property
    def batches_dir(self) -> Path:
        """Batch screenings run from the web (one folder per job): ``<warehouse>/batches``."""
        return self.warehouse / "batches"

    @property
    def uploads_dir(self) -> Path:
        """Uploaded files awaiting import: ``<warehouse>/uploads``."""
        return self.warehouse / "uploads"
