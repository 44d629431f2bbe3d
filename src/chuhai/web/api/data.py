"""``/api/v1/health``, ``/data``, ``/data/provenance``, ``/data/import``."""

from __future__ import annotations

import shutil
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from chuhai import __version__
from chuhai.data.codes import HS_REVISION_INPUT, HS_REVISIONS
from chuhai.data.importer import import_paths
from chuhai.data.info import warehouse_info
from chuhai.data.warehouse import Warehouse
from chuhai.errors import ChuhaiError
from chuhai.i18n.catalogs import translations
from chuhai.web.api.models import DataStatus, Health, ImportResult, ProvenanceRow
from chuhai.web.deps import get_settings, get_warehouse, is_demo
from chuhai.web.errors import ERROR_RESPONSES
from chuhai.web.jsonable import jsonable
from chuhai.web.render import request_lang
from chuhai.web.settings import Settings
from chuhai.web.uploads import hide_upload_path, save_upload

__all__ = ["router"]

router = APIRouter(tags=["data"], responses=ERROR_RESPONSES)


@router.get("/health", response_model=Health)
async def health(wh: Warehouse = Depends(get_warehouse)) -> dict[str, Any]:
    """Liveness: the server answers; says whether a warehouse exists and is demo."""
    exists = wh.exists()
    try:
        demo = is_demo(wh)
    except ChuhaiError:
        demo = False
    return {"status": "ok", "version": __version__, "warehouse": exists, "demo": demo}


@router.get("/data", response_model=DataStatus)
def data_status(wh: Warehouse = Depends(get_warehouse)) -> Any:
    """What the warehouse holds: demo flag, trade coverage, table counts, imports."""
    return jsonable(warehouse_info(wh))


@router.get("/data/provenance", response_model=list[ProvenanceRow])
def provenance(wh: Warehouse = Depends(get_warehouse)) -> Any:
    """Every import with its source file, sha256, release, rows and status."""
    return jsonable(wh.provenance())


@router.post("/data/import", response_model=list[ImportResult])
async def import_file(
    request: Request,
    file: UploadFile = File(description="a data file: csv, tsv, txt, zip, xlsx, parquet, gz, json"),
    source: str | None = Form(default=None, max_length=40, description="source name; detected if omitted"),
    hs_revision: str | None = Form(default=None, pattern=HS_REVISION_INPUT,
                                   description=f"{'|'.join(HS_REVISIONS)} when the file name does not say"),
    release: str | None = Form(default=None, max_length=20, pattern="^[A-Za-z0-9._-]*$",
                               description="release / vintage, e.g. 202501"),
    wh: Warehouse = Depends(get_warehouse),
    settings: Settings = Depends(get_settings),
) -> Any:
    """Upload one file and import it atomically (size-limited, type-checked; the
    file is written only inside the warehouse directory and removed afterwards)."""
    path = await save_upload(file, settings.uploads_dir, max_bytes=settings.max_upload_bytes)
    try:
        outcomes = await run_in_threadpool(import_paths, wh, [path], source=source or None,
                                           hs_revision=hs_revision or None, release=release or None)
    except ChuhaiError as exc:
        raise hide_upload_path(exc, path) from None
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    lang = request_lang(request)
    translate = None if lang == "en" else translations(lang).gettext
    return [jsonable(o.to_dict(lang, translate)) for o in outcomes]
