"""Pydantic models of the API's requests and responses (the OpenAPI schema)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "DataStatus",
    "Health",
    "ImportResult",
    "Open",
    "PlanIn",
    "PlanInfo",
    "PlanText",
    "ProvenanceRow",
]


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


class PlanInfo(BaseModel):
    kind: str
    name: str
    size: int = Field(description="bytes")
    modified: str = Field(description="ISO 8601 UTC")


class PlanIn(BaseModel):
    text: str = Field(description="the scenario or tender file, TOML", max_length=1024 * 1024)


class PlanText(PlanInfo):
    text: str
