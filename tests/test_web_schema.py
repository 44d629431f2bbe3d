"""Schemathesis against the OpenAPI schema, every default check: no 5xx, every response
matches the schema, data the schema calls valid is accepted, invalid data is refused,
405s list every allowed method.

One exception, stated: operations whose body carries a document (a scenario or tender
TOML text, a data file or portfolio upload, a saved plan's text) can be well formed for the schema and
still be a bad document; those may answer 400/404 with the error shape naming what is
wrong, so positive-data acceptance is not asked of them.

Bounded: a few examples per operation, no shrinking, a small in-process warehouse.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from chuhai.web import Settings, create_app
from test_web_helpers import small_warehouse

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # starlette TestClient deprecation

_HOME = Path(__import__("tempfile").mkdtemp(prefix="chuhai-schemathesis-"))
small_warehouse(_HOME)
APP = create_app(Settings(warehouse=_HOME))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.hook
def filter_query(ctx: object, query: dict[str, object] | None) -> bool:
    """``years=A-B`` has value rules a pattern cannot state (A <= B, at most 40 years; the
    parameter's description says so): generate only windows that keep them. Every other
    query parameter is generated freely."""
    years = (query or {}).get("years")
    if not isinstance(years, str):
        return True
    parts = years.split("-")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts):
        return True  # not a window at all (negative cases: "-", "12-", "x-y"): the API refuses it
    first, last = int(parts[0]), int(parts[1])
    return first <= last and last - first < 40


#: Operations whose body is a document the schema cannot validate (see the module doc).
DOCUMENT_BODIES = {
    ("POST", "/api/v1/plan"), ("POST", "/api/v1/tenders/evaluate"),
    ("POST", "/api/v1/tenders/simulate"), ("POST", "/api/v1/tenders/optimise"),
    ("POST", "/api/v1/data/import"), ("PUT", "/api/v1/plans/{kind}/{name}"),
    ("POST", "/api/v1/batch"),  # a portfolio file upload
}


@schema.parametrize()
@settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    document = (case.method.upper(), case.path) in DOCUMENT_BODIES
    response = case.call_and_validate(
        excluded_checks=[positive_data_acceptance] if document else None)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"
    if response.status_code >= 400:
        assert {"error", "message", "context"} <= set(response.json()) <= {"error", "message", "context", "code", "params"}
