"""批量筛选 / Batch screening: upload a portfolio of firms, follow the job, read the
summary views and download the outputs (the same as ``chuhai batch``; docs/batch.md)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from chuhai.batch.portfolio import COLUMNS
from chuhai.batch.scenarios import examples
from chuhai.data.reference import get_country
from chuhai.errors import ChuhaiError
from chuhai.web.deps import get_settings
from chuhai.web.render import error_text, render, request_lang
from chuhai.web.services.batch import files_of, jobs_of, summary
from chuhai.web.uploads import save_upload

__all__ = ["router"]

router = APIRouter()


def _namer(lang: str) -> Callable[[str, str | None], str]:
    """A market's name in ``lang`` (the view's English name, else the code, as fall-backs)."""
    def name(iso3: str, fallback: str | None) -> str:
        c = get_country(iso3)
        if c is None:
            return fallback or iso3
        return (c.name_zh if lang == "zh" and c.name_zh else c.name_en) or fallback or iso3
    return name


def _form(request: Request, status: int = 200, error: str | None = None, top: int = 10,
          entry_top: int = 1) -> HTMLResponse:
    max_mb = get_settings(request).max_upload_bytes / 1024 / 1024
    return render(request, "batch.html", status=status, error=error, columns=COLUMNS,
                  examples=tuple(examples()), top=top, entry_top=entry_top, max_mb=max_mb)


@router.get("/batch", response_class=HTMLResponse)
def batch_page(request: Request) -> HTMLResponse:
    return _form(request)


@router.post("/batch", response_class=HTMLResponse)
async def batch_upload(request: Request, file: UploadFile = File(...),
                       top: int = Form(default=10, ge=1, le=50),
                       entry_top: int = Form(default=1, ge=1, le=50)) -> Response:
    """Validate the upload (errors shown in the form, in the page's language), start the job
    and go to its page."""
    settings = get_settings(request)
    jobs = jobs_of(request)
    try:
        path = await save_upload(file, settings.uploads_dir, max_bytes=settings.max_upload_bytes)
        job, portfolio = await run_in_threadpool(jobs.create, path, top=top, entry_top=entry_top,
                                                 lang=request_lang(request))
    except ChuhaiError as exc:
        return _form(request, status=exc.http_status, error=error_text(request, exc), top=top,
                     entry_top=entry_top)
    jobs.start(job, portfolio)
    return RedirectResponse(f"/batch/{job.id}", status_code=303)


@router.get("/batch/{job_id}", response_class=HTMLResponse)
def batch_job(request: Request, job_id: str) -> HTMLResponse:
    """A job: its progress (the page reloads itself while it runs), then the views."""
    job = jobs_of(request).get(job_id)
    lang = request_lang(request)
    views = summary(job, lang) if job.status == "done" else {}
    failed = [r for r in (job.result or {}).get("rows", []) if r.get("error")]
    error = None if job.error is None else error_text(request, job.error)
    return render(request, "batch_job.html", job=job, views=views, files=files_of(job),
                  failed=failed, error=error, country=_namer(lang))
