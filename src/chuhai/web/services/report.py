"""The report service of the web app: gather the engines' results and render the plan
report as HTML or PDF; used by ``/api/v1/report`` and the ``/report`` page link; and the
batch's offline pages (``/api/v1/batch``, the ``/batch`` page)."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import Response

from chuhai.batch.results import BatchResult
from chuhai.data.reference import resolve_country
from chuhai.data.warehouse import Warehouse

__all__ = ["build", "write_batch_pages"]


def build(wh: Warehouse, *, product: str, exporter: str, market: str | None, lang: str,
          fmt: str, scenario: Path | str | None = None, tender: Path | str | None = None) -> Response:
    """Gather and render; returns the HTML page or the PDF as a download."""
    from chuhai.report.plan_report import (  # lazy: start-up (matplotlib, xhtml2pdf)
        gather,
        render_html,
        render_pdf,
    )

    exporter = resolve_country(exporter)  # an unknown country is refused, never reported on
    market = resolve_country(market) if market else None
    data = gather(wh, product=product, exporter=exporter, lang=lang,
                  market=market, scenario=scenario, tender=tender)
    name = f"chuhai-plan-{product}-{exporter}{'-' + market if market else ''}-{lang}"
    if fmt == "pdf":
        return Response(render_pdf(data), media_type="application/pdf",
                        headers={"content-disposition": f'attachment; filename="{name}.pdf"'})
    return Response(render_html(data), media_type="text/html; charset=utf-8")


def write_batch_pages(result: BatchResult, out: Path) -> None:
    """The batch's offline HTML index and firm pages (:mod:`chuhai.report.batch_pages`)."""
    from chuhai.report.batch_pages import write_pages  # lazy: start-up

    write_pages(result, out)
