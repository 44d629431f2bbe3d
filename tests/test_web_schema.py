"""Schemathesis against the OpenAPI schema: no 5xx, every response matches the schema.

Bounded: a few examples per operation, no shrinking, a small in-process warehouse.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from chuhai.web import Settings, create_app
from test_web_helpers import small_warehouse

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # starlette TestClient deprecation

_HOME = Path(__import__("tempfile").mkdtemp(prefix="chuhai-schemathesis-"))
small_warehouse(_HOME)
APP = create_app(Settings(warehouse=_HOME))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"
    case.validate_response(response, checks=[response_schema_conformance])
    if response.status_code >= 400:
        assert set(response.json()) == {"error", "message", "context"}
