"""The data page: what is loaded, demo or real, provenance; import a file."""

from __future__ import annotations

import shutil
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from chuhai.data.codes import HS_REVISION_INPUT
from chuhai.data.importer import import_paths
from chuhai.data.info import warehouse_info
from chuhai.data.reference.names import by_label
from chuhai.data.sources import SOURCES
from chuhai.errors import ChuhaiError
from chuhai.i18n.catalogs import message_text
from chuhai.web.deps import get_settings, get_warehouse
from chuhai.web.jsonable import jsonable
from chuhai.web.render import error_text, render, request_lang
from chuhai.web.uploads import hide_upload_path, save_upload

__all__ = ["router"]

router = APIRouter()


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request) -> HTMLResponse:
    wh = get_warehouse(request)
    info: dict[str, Any] | None = jsonable(warehouse_info(wh)) if wh.exists() else None
    max_mb = get_settings(request).max_upload_bytes / 1024 / 1024
    return render(request, "data.html", info=info, home=str(wh.home), max_mb=max_mb,
                  sources=by_label("sources", SOURCES, request_lang(request)))


@router.post("/data/import", response_class=HTMLResponse)
async def data_import(request: Request, file: UploadFile = File(...),
                      source: str = Form(default="", max_length=40),
                      hs_revision: str = Form(default="", pattern=HS_REVISION_INPUT),
                      release: str = Form(default="", max_length=20,
                                          pattern="^[A-Za-z0-9._-]*$")) -> HTMLResponse:
    """HTMX form target: import one file, answer with a result fragment (errors shown inline)."""
    settings = get_settings(request)
    try:
        path = await save_upload(file, settings.uploads_dir, max_bytes=settings.max_upload_bytes)
        try:
            outcomes = await run_in_threadpool(
                import_paths, get_warehouse(request), [path], source=source.strip() or None,
                hs_revision=hs_revision or None, release=release or None,
            )
        except ChuhaiError as exc:
            raise hide_upload_path(exc, path) from None
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
    except ChuhaiError as exc:
        return render(request, "_import_result.html", status=exc.http_status, error=error_text(request, exc))
    lang = request_lang(request)
    sep = "；" if lang == "zh" else "; "
    return render(request, "_import_result.html", outcomes=[
        {**o.to_dict(), "note_text": sep.join(message_text(m, lang) for m in o.notes) or o.note}
        for o in outcomes])
