"""Generated requests from the OpenAPI schema: bad input is never a 5xx (bounded, a few examples each)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from policyhub.web.app import create_app

TOKEN: dict[str, str] = {}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = tmp_path_factory.mktemp("schemathesis") / "fuzz.sqlite"
    app = create_app(f"sqlite:///{db}")
    TOKEN["operator"] = app.state.services.tokens.create("operator").secret
    yield schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_the_schema_allows_gets_a_server_error(case: Any) -> None:
    headers = {"Authorization": f"Bearer {TOKEN['operator']}"}
    response = case.call(headers=headers)
    assert response.status_code < 500, (case.method, case.path, case.body, response.text[:300])
