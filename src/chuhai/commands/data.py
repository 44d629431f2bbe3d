"""``chuhai data``: import, download, demo, info, list."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from chuhai.commands.common import (
    JSON_OPT,
    WAREHOUSE_OPT,
    console,
    demo_banner,
    emit_json,
    err_console,
    open_warehouse,
)

data_app = typer.Typer(help="Import, download and inspect warehouse data.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")


@data_app.command("info")
def info_cmd(warehouse: Path | None = WAREHOUSE_OPT, json_out: bool = JSON_OPT) -> None:
    """What the warehouse holds, and where each part came from."""
    from chuhai.data.info import warehouse_info

    info = warehouse_info(open_warehouse(warehouse))
    if json_out:
        emit_json(info)
        return
    demo_banner(info["demo"])
    t = info["trade"]
    console.print(f"warehouse: {info['home']}")
    console.print(
        f"trade: {t['rows']:,} rows, US$ {t['value_usd']:,.0f}, years {t['years']}, "
        f"{t['exporters']} exporters, {t['importers']} importers, {t['products']} products"
    )
    tab = Table("table", "rows")
    for name, n in info["tables"].items():
        tab.add_row(name, f"{n:,}")
    console.print(tab)


@data_app.command("list")
def list_cmd(warehouse: Path | None = WAREHOUSE_OPT, json_out: bool = JSON_OPT) -> None:
    """List every import (provenance): source, file, sha256, release, rows, value."""
    wh = open_warehouse(warehouse)
    rows = wh.provenance()
    if json_out:
        emit_json({"demo": wh.is_demo(), "imports": rows})
        return
    demo_banner(wh.is_demo())
    tab = Table("import_id", "source", "file", "release", "rows", "value_usd", "status", "imported_at")
    for r in rows:
        value = "" if r["value_usd"] is None else f"{r['value_usd']:,.0f}"
        tab.add_row(r["import_id"], r["source"], r["file"], r["release"] or "", f"{r['rows']:,}",
                    value, r["status"], str(r["imported_at"]))
    console.print(tab)


@data_app.command("import")
def import_cmd(
    paths: list[Path] = typer.Argument(..., help="Files to import (CSV, zip, JSON, xlsx, ...)."),
    source: str | None = typer.Option(
        None, "--source", "-s",
        help="baci|comtrade|wdi|wgi|geodist|gravity|tariffs|agreements (detected when omitted).",
    ),
    hs_revision: str | None = typer.Option(
        None, "--hs-revision", help="HS92|HS96|HS02|HS07|HS12|HS17|HS22 when the file does not say."
    ),
    release: str | None = typer.Option(None, "--release", help="Release / vintage, e.g. 202501."),
    allow_older: bool = typer.Option(False, "--allow-older", help="Replace a newer release."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Import real data files into the warehouse (atomic, idempotent, with provenance)."""
    from chuhai.data.importer import import_paths

    outcomes = import_paths(
        open_warehouse(warehouse), paths, source=source, hs_revision=hs_revision,
        release=release, allow_older=allow_older, show_progress=not json_out,
    )
    if json_out:
        emit_json({"imported": [o.to_dict() for o in outcomes]})
        return
    for o in outcomes:
        value = "" if o.value_usd is None else f", US$ {o.value_usd:,.0f}"
        console.print(f"[green]{o.status}[/] {o.file} ({o.source}): {o.rows:,} rows{value}")
        if o.note:
            err_console.print(f"  {o.note}")


@data_app.command("demo")
def demo_cmd(
    if_missing: bool = typer.Option(False, "--if-missing", help="Do nothing if a warehouse exists."),
    seed: int = typer.Option(20250101, "--seed", help="Seed of the generator (deterministic)."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Generate the demo warehouse (real countries, agreements, distances; synthetic flows)."""
    from chuhai.data.demo import build_demo

    wh = open_warehouse(warehouse)
    if if_missing and wh.exists():
        if not json_out:
            console.print(f"warehouse exists at {wh.home}; kept as it is")
        else:
            emit_json({"created": False, "home": str(wh.home), "demo": wh.is_demo()})
        return
    summary = build_demo(wh, seed=seed, show_progress=not json_out)
    if json_out:
        emit_json({"created": True, "home": str(wh.home), "demo": True, **summary})
        return
    demo_banner(True)
    console.print(f"demo warehouse written to {wh.home}: {summary}")
