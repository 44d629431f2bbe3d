"""Pydantic models of the API's requests and responses (the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "one_of",
    "DataStatus",
    "Health",
    "ImportResult",
    "Open",
    "PlanIn",
    "PlanInfo",
    "PlanText",
    "ProvenanceRow",
]


def one_of(first: str, second: str) -> dict[str, Any]:
    """JSON-schema extra saying a body gives exactly one of two string fields (the other
    absent or null), so the OpenAPI schema states what the model's validator checks."""
    def only(given: str, absent: str) -> dict[str, Any]:
        return {"required": [given],
                "properties": {given: {"type": "string"}, absent: {"type": "null"}}}
    return {"oneOf": [only(first, second), only(second, first)]}


class Open(BaseModel):
    """A response with documented fields that may carry more."""

    model_config = ConfigDict(extra="allow")


class Health(BaseModel):
    status: str = Field(description="'ok' when the server answers")
    version: str
    warehouse: bool = Field(description="a warehouse exists at the configured directory")
    demo: bool


class TradeSummary(Open):
    rows: int
    value_usd: float
    years: list[int]
    exporters: int
    importers: int
    products: int
    sources: list[str]
    hs_revisions: list[str]


class ProvenanceRow(Open):
    import_id: str
    source: str
    file: str
    sha256: str
    release: str | None = None
    scope: str
    tables: str
    years: str | None = None
    rows: int
    value_usd: float | None = None
    imported_at: str
    status: str
    note: str | None = None


class DataStatus(Open):
    demo: bool
    home: str
    trade: TradeSummary
    tables: dict[str, int]
    imports: list[ProvenanceRow]


class ImportResult(Open):
    source: str
    file: str
    sha256: str
    rows: int
    value_usd: float | None = None
    import_id: str
    status: str
    replaced: list[str]
    note: str
    #: ``note`` as messages: ``code``, ``params`` and ``text`` in the request's language
    notes: list[dict[str, Any]] = []


class PlanInfo(BaseModel):
    kind: str
    name: str
    size: int = Field(description="bytes")
    modified: str = Field(description="ISO 8601 UTC")


class PlanIn(BaseModel):
    text: str = Field(description="the scenario or tender file, TOML", max_length=1024 * 1024)


class PlanText(PlanInfo):
    text: str
