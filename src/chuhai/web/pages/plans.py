"""Saved plans page: list, save, open and delete scenarios and tender files."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chuhai.errors import ChuhaiError
from chuhai.web.deps import get_plans
from chuhai.web.plans import KINDS
from chuhai.web.render import error_text, render

__all__ = ["router"]

router = APIRouter()


@router.get("/plans", response_class=HTMLResponse)
def plans_page(request: Request, kind: str = "scenario", name: str = "") -> HTMLResponse:
    store = get_plans(request)
    text = ""
    if name and kind in KINDS:
        text = store.load(kind, name)
    return render(request, "plans.html", plans=store.list(), kinds=KINDS, kind=kind, name=name,
                  text=text, error=None)


@router.post("/plans", response_class=HTMLResponse)
def save_plan(request: Request, kind: str = Form(...), name: str = Form(..., max_length=64),
              text: str = Form(..., max_length=1024 * 1024)) -> Response:
    store = get_plans(request)
    try:
        store.save(kind, name, text)
    except ChuhaiError as exc:
        return render(request, "plans.html", status=exc.http_status, plans=store.list(), kinds=KINDS,
                      kind=kind, name=name, text=text, error=error_text(request, exc))
    return RedirectResponse(f"/plans?kind={kind}&name={name}", status_code=303)


@router.post("/plans/{kind}/{name}/delete")
def delete_plan(request: Request, kind: str, name: str) -> RedirectResponse:
    get_plans(request).delete(kind, name)
    return RedirectResponse("/plans", status_code=303)
