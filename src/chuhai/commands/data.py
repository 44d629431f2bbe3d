"""``chuhai data``: import, download, demo, info, list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from chuhai.commands.common import (
    JSON_OPT,
    WAREHOUSE_OPT,
    console,
    demo_banner,
    emit_json,
    err_console,
    open_warehouse,
)
from chuhai.commands.lang import label, msg, t
from chuhai.commands.tables import Col, show
from chuhai.data.codes import HS_REVISIONS

if TYPE_CHECKING:
    from chuhai.data.download import DownloadResult
    from chuhai.data.warehouse import ImportOutcome

data_app = typer.Typer(help="Import, download and inspect warehouse data.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")


@data_app.command("info")
def info_cmd(warehouse: Path | None = WAREHOUSE_OPT, json_out: bool = JSON_OPT) -> None:
    """What the warehouse holds, and where each part came from."""
    from chuhai.data.info import warehouse_info  # lazy: start-up speed

    info = warehouse_info(open_warehouse(warehouse))
    if json_out:
        emit_json(info)
        return
    demo_banner(info["demo"])
    tr = info["trade"]
    console.print(t("warehouse: {home}").format(home=info["home"]), markup=False, highlight=False)
    console.print(t("trade: {rows:,} rows, US$ {value:,.0f}, years {years}, {exporters} exporters, "
                    "{importers} importers, {products} products").format(
        rows=tr["rows"], value=tr["value_usd"], years=tr["years"], exporters=tr["exporters"],
        importers=tr["importers"], products=tr["products"]), markup=False, highlight=False)
    cols = [Col(t("table")), Col(t("rows"), "right"), Col(t("origin")),
            Col(t("rows per source"), drop=1, wrap=True)]
    rows = []
    for name, n in info["tables"].items():
        origin = info["table_origins"][name]
        rows.append([label("tables", name), f"{n:,}", t(origin["origin"]),
                     ", ".join(f"{label('sources', s)} {k:,}" for s, k in origin["sources"].items())])
    show(console, cols, rows)


@data_app.command("list")
def list_cmd(warehouse: Path | None = WAREHOUSE_OPT, json_out: bool = JSON_OPT) -> None:
    """List every import (provenance): source, file, sha256, release, rows, value."""
    wh = open_warehouse(warehouse)
    rows = wh.provenance()
    if json_out:
        emit_json({"demo": wh.is_demo(), "imports": rows})
        return
    demo_banner(wh.is_demo())
    cols = [Col(t("import"), drop=3), Col(t("source")), Col(t("file"), wrap=True), Col(t("release"), drop=4),
            Col(t("rows"), "right"), Col(t("value USD"), "right", drop=2), Col(t("status")),
            Col(t("imported at"), drop=1)]
    body = []
    for r in rows:
        value = "" if r["value_usd"] is None else f"{r['value_usd']:,.0f}"
        body.append([r["import_id"], label("sources", r["source"]), r["file"], r["release"] or "",
                     f"{r['rows']:,}", value, t(r["status"]), str(r["imported_at"])[:19].replace("T", " ")])
    show(console, cols, body)


@data_app.command("import")
def import_cmd(
    paths: list[Path] = typer.Argument(..., help="Files to import (CSV, zip, JSON, xlsx, ...)."),
    source: str | None = typer.Option(
        None, "--source", "-s",
        help="baci|comtrade|wdi|wgi|geodist|gravity|tariffs|bri|agreements|unsd-hs (detected when omitted).",
    ),
    hs_revision: str | None = typer.Option(
        None, "--hs-revision", help=f"{'|'.join(HS_REVISIONS)} when the file does not say."
    ),
    release: str | None = typer.Option(None, "--release", help="Release / vintage, e.g. 202501."),
    allow_older: bool = typer.Option(False, "--allow-older", help="Replace a newer release."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Import real data files into the warehouse (atomic, idempotent, with provenance)."""
    from chuhai.data.importer import import_paths  # lazy: start-up speed

    outcomes = import_paths(
        open_warehouse(warehouse), paths, source=source, hs_revision=hs_revision,
        release=release, allow_older=allow_older, show_progress=not json_out,
    )
    if json_out:
        emit_json({"imported": [o.to_dict() for o in outcomes]})
        return
    for o in outcomes:
        _outcome(o)
        for note in o.notes or ((o.note,) if o.note else ()):
            err_console.print(f"  {note if isinstance(note, str) else msg(note)}", markup=False)


@data_app.command("demo")
def demo_cmd(
    if_missing: bool = typer.Option(False, "--if-missing", help="Do nothing if a warehouse exists."),
    seed: int = typer.Option(20250101, "--seed", help="Seed of the generator (deterministic)."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Generate the demo warehouse (real countries, agreements, distances; synthetic flows)."""
    from chuhai.data.demo import build_demo  # lazy: start-up speed

    wh = open_warehouse(warehouse)
    if if_missing and wh.exists():
        if not json_out:
            console.print(t("warehouse exists at {home}; kept as it is").format(home=wh.home),
                          markup=False, highlight=False)
        else:
            emit_json({"created": False, "home": str(wh.home), "demo": wh.is_demo()})
        return
    summary = build_demo(wh, seed=seed, show_progress=not json_out)
    if json_out:
        emit_json({"created": True, "home": str(wh.home), "demo": True, **summary})
        return
    demo_banner(True)
    console.print(t("demo warehouse written to {home}").format(home=wh.home), markup=False,
                  highlight=False)
    show(console, [Col(t("table")), Col(t("rows"), "right")],
         [[t(k), f"{v:,}" if isinstance(v, int) else str(v)] for k, v in summary.items()])


download_app = typer.Typer(help="Download real data (BACI from CEPII, UN Comtrade API).",
                           no_args_is_help=True)
data_app.add_typer(download_app, name="download")


def _outcome(o: ImportOutcome) -> None:
    value = "" if o.value_usd is None else t(", US$ {value:,.0f}").format(value=o.value_usd)
    console.print(t("{status} {file} ({source}): {rows:,} rows{value}").format(
        status=t(o.status), file=o.file, source=label("sources", o.source), rows=o.rows, value=value),
        markup=False, highlight=False)


def _downloads_dir(dest: Path | None, warehouse: Path | None) -> Path:
    from chuhai.data.warehouse import resolve_home  # lazy: start-up speed

    return dest if dest is not None else resolve_home(warehouse) / "downloads"


def _after_download(results: list[DownloadResult], do_import: bool, warehouse: Path | None,
                    json_out: bool, *, source: str) -> None:
    """Print the downloads (and import them when asked)."""
    imported = []
    if do_import:
        from chuhai.data.importer import import_paths  # lazy: start-up speed

        imported = import_paths(open_warehouse(warehouse), [r.path for r in results],
                                source=source, show_progress=not json_out)
    if json_out:
        emit_json({"downloaded": [r.to_dict() for r in results],
                   "imported": [o.to_dict() for o in imported]})
        return
    for r in results:
        state = t("already present") if r.skipped else (t("resumed") if r.resumed else t("downloaded"))
        console.print(t("{state} {path} ({size:,} bytes)").format(state=state, path=r.path, size=r.bytes)
                      + f"\n  sha256 {r.sha256}", markup=False, highlight=False)
    for o in imported:
        _outcome(o)


@download_app.command("baci")
def download_baci_cmd(
    release: str = typer.Option(..., "--release", help="BACI release, e.g. 202501."),
    hs: str = typer.Option("HS22", "--hs", help=f"HS revision: {'|'.join(HS_REVISIONS)}."),
    dest: Path | None = typer.Option(None, "--dest", help="Directory (default: <warehouse>/downloads)."),
    do_import: bool = typer.Option(False, "--import", help="Import the zip once downloaded."),
    url: str | None = typer.Option(None, "--url", help="Other URL or local file (mirror, tests)."),
    force: bool = typer.Option(False, "--force", help="Download again even if the file exists."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Download a BACI release zip from CEPII (resumable; sha256 printed)."""
    from chuhai.data import download as dl  # lazy: start-up speed

    source_url = url or dl.baci_url(release=release, hs=hs)
    target = _downloads_dir(dest, warehouse) / f"BACI_{hs.upper()}_V{release.removeprefix('V')}.zip"
    result = dl.download(source_url, target, transport=dl.default_transport(), force=force,
                         show_progress=not json_out)
    _after_download([result], do_import, warehouse, json_out, source="baci")


@download_app.command("comtrade")
def download_comtrade_cmd(
    reporter: str = typer.Option(..., "--reporter", help="Reporter: ISO3 or Comtrade code."),
    years: list[int] = typer.Option(..., "--year", help="Year (repeat for several)."),
    flow: str = typer.Option("X", "--flow", help="X (exports) or M (imports)."),
    partner: str | None = typer.Option(None, "--partner", help="One partner (default: all)."),
    cmd: str = typer.Option("AG6", "--cmd", help="AG6 (all HS6) or comma-separated HS codes."),
    api_key: str | None = typer.Option(
        None, "--key", envvar="COMTRADE_API_KEY",
        help="Subscription key (keyed endpoint); without it the public preview (<= 500 rows)."),
    dest: Path | None = typer.Option(None, "--dest", help="Directory (default: <warehouse>/downloads)."),
    do_import: bool = typer.Option(False, "--import", help="Import the answer once saved."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Fetch one Comtrade API answer (HS, annual) and save it as importable JSON."""
    from chuhai.data import download as dl  # lazy: start-up speed
    from chuhai.data.sources.comtrade_api import (  # lazy: start-up speed
        ComtradeClient,
        ComtradeQuery,
    )

    if flow.upper() not in ("X", "M"):
        raise typer.BadParameter(t("--flow must be X or M"))
    query = ComtradeQuery(reporter=reporter, years=tuple(years), flow=flow.upper(),
                          partner=partner, cmd=cmd)
    target = _downloads_dir(dest, warehouse) / query.file_name()
    target.parent.mkdir(parents=True, exist_ok=True)
    with ComtradeClient(api_key=api_key, transport=dl.default_transport()) as client:
        client.save(query, target)
    from chuhai.data.warehouse import file_sha256  # lazy: start-up speed

    result = dl.DownloadResult(client.url, target, file_sha256(target), target.stat().st_size)
    _after_download([result], do_import, warehouse, json_out, source="comtrade")


@download_app.command("wdi")
def download_wdi_cmd(
    indicator: str = typer.Option(..., "--indicator", help="WDI code, e.g. NY.GDP.MKTP.CD."),
    years: str = typer.Option("2000-2023", "--years", help="Years A-B."),
    dest: Path | None = typer.Option(None, "--dest", help="Directory (default: <warehouse>/downloads)."),
    do_import: bool = typer.Option(False, "--import", help="Import the answer once saved."),
    warehouse: Path | None = WAREHOUSE_OPT,
    json_out: bool = JSON_OPT,
) -> None:
    """Fetch one World Bank WDI indicator for all economies (API, paged) as importable JSON."""
    from chuhai.data import download as dl  # lazy: start-up speed
    from chuhai.data.sources.wdi_api import API_URL, download_wdi  # lazy: start-up speed
    from chuhai.data.warehouse import file_sha256  # lazy: start-up speed

    path = download_wdi(indicator, years=years, directory=_downloads_dir(dest, warehouse),
                        transport=dl.default_transport())
    result = dl.DownloadResult(f"{API_URL}/country/all/indicator/{indicator.strip().upper()}",
                               path, file_sha256(path), path.stat().st_size)
    _after_download([result], do_import, warehouse, json_out, source="wdi")
