"""``/docs``: the API reference rendered on the server from the OpenAPI schema (no CDN)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from chuhai.web.render import render

__all__ = ["router"]

router = APIRouter()
_METHODS = ("get", "post", "put", "delete", "patch")


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    ops = []
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {})
            ops.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "tag": (op.get("tags") or ["other"])[0],
                "params": [
                    {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                     "description": p.get("description", ""),
                     "type": p.get("schema", {}).get("type", "")}
                    for p in op.get("parameters", [])
                ],
                "body": ", ".join(body),
                "responses": sorted(op.get("responses", {})),
            })
    return ops


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    return render(request, "docs.html", ops=_operations(schema), schema_title=schema["info"]["title"],
                  description=schema["info"].get("description", ""))
