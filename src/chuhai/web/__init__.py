"""The web app: FastAPI + Jinja2 + HTMX over the same library calls as the CLI.

``create_app(Settings.from_env())`` builds it; ``chuhai serve`` runs it with uvicorn.
"""

from __future__ import annotations

from chuhai.web.app import create_app
from chuhai.web.settings import Settings

__all__ = ["Settings", "create_app"]
