"""``chuhai serve``: run the web app with uvicorn (loopback by default)."""

from __future__ import annotations

from pathlib import Path

import typer

from chuhai.commands.common import WAREHOUSE_OPT, console, demo_banner
from chuhai.commands.lang import current, parse_lang, t
from chuhai.errors import ChuhaiError

__all__ = ["PortInUseError", "register", "serve_cmd"]


class PortInUseError(ChuhaiError):
    """``chuhai serve``: the address is taken (another server, or a second ``chuhai serve``)."""

    exit_code = 3
    kind = "port_in_use"


def check_port(host: str, port: int) -> None:
    """Bind ``host:port`` once and let go, so that a busy port is a one-line error (exit 3)
    before the app loads, not uvicorn's log and traceback."""
    import errno  # lazy: start-up speed
    import socket  # lazy: start-up speed

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise PortInUseError(t("cannot listen on {host}:{port}: {reason}; stop the other server "
                                       "or choose another --port").format(
                    host=host, port=port, reason=exc.strerror), host=host, port=port) from exc
            raise ChuhaiError(t("cannot listen on {host}:{port}: {reason}").format(
                host=host, port=port, reason=exc.strerror), host=host, port=port) from exc


def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; non-loopback needs $CHUHAI_TOKEN."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    warehouse: Path | None = WAREHOUSE_OPT,
    lang: str | None = typer.Option(None, "--lang", metavar="zh-CN|en",
                                    help="Default UI language of the web pages: zh-CN or en."),
) -> None:
    """Open the planner in a browser: http://HOST:PORT/ (API at /api/v1, docs at /docs)."""
    check_port(host, port)
    import os  # lazy: start-up speed

    import uvicorn  # lazy: start-up speed

    from chuhai.web import Settings, create_app  # lazy: start-up speed

    # zh-CN / zh_CN / zh all mean zh for the web app too; $CHUHAI_LANG was read by the CLI already
    language = parse_lang(lang) if lang else (current() if os.environ.get("CHUHAI_LANG") else None)
    settings = Settings.from_env(warehouse=warehouse, host=host, port=port, language=language)
    app = create_app(settings)
    wh = app.state.warehouse
    demo_banner(wh.exists() and wh.is_demo())
    shown = f"[{host}]" if ":" in host else host
    console.print(t("chuhai web app on http://{host}:{port}/  (warehouse {warehouse})").format(
        host=shown, port=port, warehouse=settings.warehouse), markup=False, highlight=False)
    if settings.token:
        console.print(t("access token required (CHUHAI_TOKEN): open the page once with ?token=…"),
                      markup=False, highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
