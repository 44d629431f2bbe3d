"""Batch screening from the web: an uploaded portfolio becomes a job that runs
:func:`chuhai.batch.run.run_batch` in the background (one job at a time; the others wait),
writing its outputs to ``<warehouse>/batches/<id>/out/``; used by ``/api/v1/batch`` and the
``/batch`` page.

The portfolio is validated when it is uploaded (an error names the row and the column, in
the reader's language, and the file by its own name, never the server's path); a
``scenario`` cell may name only a shipped example. A job's state is in memory while the
server runs; a finished job is found again on disk (its ``batch.json``) after a restart.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyarrow.parquet as pq
from starlette.requests import Request

from chuhai.batch.portfolio import Portfolio, load_portfolio
from chuhai.batch.results import BatchResult
from chuhai.batch.run import DEFAULT_TOP, run_batch, to_dict
from chuhai.batch.views import build_views
from chuhai.data.warehouse import Warehouse
from chuhai.errors import ChuhaiError, InputError, NotFoundError, Translate
from chuhai.i18n.catalogs import message_text
from chuhai.web import messages as msg
from chuhai.web.services.report import write_batch_pages
from chuhai.web.uploads import hide_upload_path

__all__ = ["PORTFOLIO_SUFFIXES", "PREFIX", "SUMMARY_VIEWS", "BatchJobs", "Job", "JobStatus",
           "files_of", "jobs_of", "output_files", "summary"]

#: where the API serves a job (its status, its files)
PREFIX = "/api/v1/batch"

PORTFOLIO_SUFFIXES = (".csv", ".xlsx")
_JOB_ID = re.compile(r"^[0-9a-f]{16}$")
#: files of a job's output folder that may be downloaded (besides ``firms/NNNN.<lang>.html``)
_FILE = re.compile(r"^(?:[a-z]+\.parquet|batch\.xlsx|batch\.json|index(?:\.zh)?\.html|"
                   r"firms/\d{4}\.(?:en|zh)\.html)$")
JobStatus = Literal["queued", "running", "done", "failed"]
#: the views the page shows (their first rows), in this order
SUMMARY_VIEWS = ("markets", "clusters", "pressure", "entry")


@dataclass
class Job:
    """One upload's batch; ``done`` / ``total`` count rows; ``error`` when it failed."""

    id: str
    folder: Path
    file: str
    top: int
    entry_top: int
    total: int
    lang: str
    done: int = 0
    status: JobStatus = "queued"
    error: ChuhaiError | None = None
    result: dict[str, Any] | None = field(default=None, repr=False)
    batch: BatchResult | None = field(default=None, repr=False)

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def state(self, lang: str = "en", translate: Translate | None = None) -> dict[str, Any]:
        """The status endpoint's object (``result``: the ``chuhai batch --json`` object, in
        the language of the upload; ``error`` in ``lang``)."""
        return {"id": self.id, "status": self.status, "portfolio": self.file, "top": self.top,
                "entry_top": self.entry_top, "rows": self.total, "done": self.done,
                "error": None if self.error is None else self.error.to_dict(lang, translate, public=True),
                "files": output_files(self) if self.status == "done" else [],
                "result": self.result}


def output_files(job: Job) -> list[str]:
    """The downloadable outputs of a finished job, in the CLI's order, then the pages."""
    names = list((job.result or {}).get("outputs", []))
    return names + [n for n in ("index.html", "index.zh.html") if (job.out / n).is_file()]


def files_of(job: Job) -> dict[str, str]:
    """Output name → its download path."""
    return {name: f"{PREFIX}/{job.id}/files/{name}" for name in output_files(job)}


def jobs_of(request: Request) -> BatchJobs:
    """The app's batch jobs (``create_app`` makes them)."""
    jobs: BatchJobs = request.app.state.batch_jobs
    return jobs


def summary(job: Job, lang: str, limit: int = 10) -> dict[str, list[dict[str, Any]]]:
    """The first ``limit`` rows of each of :data:`SUMMARY_VIEWS` of a finished job, with
    their sentences in ``lang`` (rebuilt from the rows while the job is in memory; read
    from its Parquet files, in the upload's language, after a restart)."""
    if job.batch is not None:
        views = build_views(job.batch.rows, lambda m: message_text(m, lang))
        return {v: views[v].slice(0, limit).to_pylist() for v in SUMMARY_VIEWS}
    out = {}
    for v in SUMMARY_VIEWS:
        path = job.out / f"{v}.parquet"
        out[v] = pq.read_table(path).slice(0, limit).to_pylist() if path.is_file() else []
    return out


class BatchJobs:
    """The jobs of one app (``app.state.batch_jobs``)."""

    def __init__(self, root: Path, warehouse: Warehouse) -> None:
        self.root = root
        self.warehouse = warehouse
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._one_at_a_time = threading.Lock()

    def create(self, upload: Path, *, top: int = DEFAULT_TOP, entry_top: int = 1,
               lang: str = "en") -> tuple[Job, Portfolio]:
        """Validate the uploaded portfolio and make its job (the upload's folder removed)."""
        try:
            if not upload.name.lower().endswith(PORTFOLIO_SUFFIXES):
                raise InputError(msg.BATCH_FILE_TYPE(), file=upload.name, field="file")
            if not 1 <= entry_top <= top:
                raise InputError(msg.BATCH_ENTRY_TOP(top=top), field="entry_top")
            try:
                portfolio = load_portfolio(upload, examples_only=True)
            except ChuhaiError as exc:
                raise hide_upload_path(exc, upload) from None
            job_id = secrets.token_hex(8)
            folder = self.root / job_id
            (folder / "input").mkdir(parents=True)
            kept = folder / "input" / upload.name
            shutil.move(upload, kept)
        finally:
            shutil.rmtree(upload.parent, ignore_errors=True)
        portfolio = Portfolio(file=str(kept), sha256=portfolio.sha256, rows=portfolio.rows)
        job = Job(id=job_id, folder=folder, file=upload.name, top=top, entry_top=entry_top,
                  total=len(portfolio.rows), lang=lang)
        (folder / "job.json").write_text(json.dumps(
            {"file": job.file, "top": top, "entry_top": entry_top, "rows": job.total,
             "lang": lang}), encoding="utf-8")
        with self._lock:
            self._jobs[job_id] = job
        return job, portfolio

    def run(self, job: Job, portfolio: Portfolio) -> Job:
        """Run ``job`` now (waiting for a running one to finish); never raises a ChuhaiError."""
        def tick(done: int, total: int) -> None:
            job.done, job.total = done, total

        with self._one_at_a_time:
            job.status = "running"
            try:
                result = run_batch(self.warehouse, portfolio, out=job.out, top=job.top,
                                   lang=job.lang, progress=tick, entry_top=job.entry_top)
                write_batch_pages(result, job.out)
                job.result, job.batch = to_dict(result, job.lang), result
                job.status = "done"
            except ChuhaiError as exc:
                job.error = exc
                job.status = "failed"
        return job

    def start(self, job: Job, portfolio: Portfolio) -> None:
        """Run ``job`` in a background thread."""
        threading.Thread(target=self.run, args=(job, portfolio), name=f"chuhai-batch-{job.id}",
                         daemon=True).start()

    def get(self, job_id: str) -> Job:
        """The job ``job_id`` (from memory, else a finished one from disk)."""
        if not _JOB_ID.match(job_id):
            raise NotFoundError(msg.BATCH_NO_JOB(job=job_id[:40]), job=job_id[:40])
        with self._lock:
            job = self._jobs.get(job_id)
        if job is not None:
            return job
        folder = self.root / job_id
        try:
            meta = json.loads((folder / "job.json").read_text(encoding="utf-8"))
            result = json.loads((folder / "out" / "batch.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise NotFoundError(msg.BATCH_NO_JOB(job=job_id), job=job_id) from None
        return Job(id=job_id, folder=folder, file=meta["file"], top=meta["top"],
                   entry_top=meta["entry_top"], total=meta["rows"], lang=meta["lang"],
                   done=meta["rows"], status="done", result=result)

    def file(self, job_id: str, name: str) -> Path:
        """The path of output ``name`` of a finished job (only the outputs and pages)."""
        job = self.get(job_id)
        path = job.out / name
        if job.status != "done" or not _FILE.match(name) or not path.is_file():
            raise NotFoundError(msg.BATCH_NO_FILE(name=name[:80], job=job_id), job=job_id,
                                file=name[:80])
        return path
