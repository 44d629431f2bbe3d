"""``/api/v1/batch``: screen an uploaded portfolio (``chuhai batch`` over the web).

``POST /batch`` (multipart: ``file`` = the portfolio .csv or .xlsx; ``top``, ``entry_top``)
validates the portfolio at once (400 naming the row and column, in the request's language)
and answers ``202`` with the job's status object; with ``?wait=true`` it runs the batch in
the request and answers ``200`` with the ``chuhai batch --json`` object plus ``job`` (the
id) and ``files`` (download paths). ``GET /batch/{id}`` is the status (``result`` holds the
``--json`` object once ``status`` is ``done``); ``GET /batch/{id}/files/{name}`` downloads
an output (Parquet, the workbook, the JSON, the HTML index and firm pages).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from chuhai.i18n.catalogs import translations
from chuhai.web.deps import get_settings
from chuhai.web.errors import ERROR_RESPONSES
from chuhai.web.render import request_lang
from chuhai.web.services.batch import PREFIX, Job, files_of, jobs_of
from chuhai.web.settings import Settings
from chuhai.web.uploads import save_upload

__all__ = ["router"]

router = APIRouter(tags=["batch"], responses=ERROR_RESPONSES)
class BatchJobOut(BaseModel):
    """A batch job's status."""

    id: str
    status: str = Field(description="queued, running, done or failed")
    portfolio: str = Field(description="the uploaded file's name")
    top: int
    entry_top: int
    rows: int = Field(description="rows in the portfolio")
    done: int = Field(description="rows screened so far")
    error: dict[str, Any] | None = Field(description="the error shape when the job failed")
    files: list[str] = Field(description="the outputs, once done")
    result: dict[str, Any] | None = Field(description="the chuhai batch --json object, once done")
    status_url: str
    links: dict[str, str] = Field(description="output name -> download path")


_MEDIA = {".parquet": "application/vnd.apache.parquet", ".json": "application/json",
          ".html": "text/html; charset=utf-8",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _state(request: Request, job: Job) -> dict[str, Any]:
    lang = request_lang(request)
    out = job.state(lang, None if lang == "en" else translations(lang).gettext)
    out["status_url"] = f"{PREFIX}/{job.id}"
    out["links"] = files_of(job)
    return out


@router.post("/batch", status_code=202, response_model=BatchJobOut, responses={
    200: {"description": "with wait=true: the chuhai batch --json object plus job (the id) "
                         "and files (output name -> download path)"}})
async def batch(
    request: Request,
    file: UploadFile = File(description="the portfolio: .csv (UTF-8 or GBK) or .xlsx; "
                            "firm,home,products[,regions,agreements,exclude,scenario]"),
    top: int = Form(default=10, ge=1, le=50, description="markets kept per row"),
    entry_top: int = Form(default=1, ge=1, le=50,
                          description="top markets per row the entry planner runs for"),
    wait: bool = Query(default=False, description="run in the request; answer with the result"),
    settings: Settings = Depends(get_settings),
) -> Any:
    """Screen a portfolio of firms: ranked markets per row (with the domestic-winner share
    where award data covers the market, and the entry mode where the row names a shipped
    example scenario), and the portfolio's views. The result is the ``chuhai batch --json``
    object (docs/batch.md)."""
    jobs = jobs_of(request)
    path = await save_upload(file, settings.uploads_dir, max_bytes=settings.max_upload_bytes)
    job, portfolio = await run_in_threadpool(jobs.create, path, top=top, entry_top=entry_top,
                                             lang=request_lang(request))
    if not wait:
        jobs.start(job, portfolio)
        return JSONResponse(_state(request, job), status_code=202)
    await run_in_threadpool(jobs.run, job, portfolio)
    if job.error is not None:
        raise job.error  # the one error shape, with its status
    return JSONResponse({**(job.result or {}), "job": job.id, "files": files_of(job)},
                        status_code=200)


@router.get("/batch/{job_id}", response_model=BatchJobOut)
def batch_status(request: Request, job_id: str) -> Any:
    """A batch job's status: ``queued``, ``running`` (``done`` of ``rows``), ``done`` (with
    ``result`` and the download ``links``) or ``failed`` (with ``error``)."""
    return _state(request, jobs_of(request).get(job_id))


@router.get("/batch/{job_id}/files/{name:path}", response_class=FileResponse)
def batch_file(request: Request, job_id: str, name: str) -> FileResponse:
    """Download one output of a finished job."""
    path = jobs_of(request).file(job_id, name)
    media = _MEDIA.get(path.suffix, "application/octet-stream")
    inline = path.suffix == ".html"
    return FileResponse(path, media_type=media, filename=None if inline else path.name)
