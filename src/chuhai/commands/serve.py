"""``chuhai serve``: run the web app with uvicorn (loopback by default)."""

from __future__ import annotations

from pathlib import Path

import typer

from chuhai.commands.common import WAREHOUSE_OPT, console, demo_banner

__all__ = ["register", "serve_cmd"]


def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; non-loopback needs $CHUHAI_TOKEN."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    warehouse: Path | None = WAREHOUSE_OPT,
    lang: str | None = typer.Option(None, "--lang", help="Default UI language: zh or en."),
) -> None:
    """Open the planner in a browser: http://HOST:PORT/ (API at /api/v1, docs at /docs)."""
    import uvicorn  # lazy: start-up speed

    from chuhai.web import Settings, create_app  # lazy: start-up speed

    settings = Settings.from_env(warehouse=warehouse, host=host, port=port, language=lang)
    app = create_app(settings)
    wh = app.state.warehouse
    demo_banner(wh.exists() and wh.is_demo())
    shown = f"[{host}]" if ":" in host else host
    console.print(f"chuhai web app on http://{shown}:{port}/  (warehouse {settings.warehouse})")
    if settings.token:
        console.print("access token required (CHUHAI_TOKEN): open the page once with ?token=…")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
