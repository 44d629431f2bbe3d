"""``/guide``: a short user guide in the page's language — what each page answers, what the
numbers mean, where the data comes from and what demo data means (``/docs`` is the API)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from chuhai.web.render import render

__all__ = ["router"]

router = APIRouter()


@router.get("/guide", response_class=HTMLResponse)
def guide_page(request: Request) -> HTMLResponse:
    return render(request, "guide.html")
