"""Generated requests from the OpenAPI schema: bad input is never a 5xx (bounded, a few examples each)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

from policyhub.web.app import create_app

PG_ADMIN_URL = os.environ.get("POLICYHUB_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

TOKEN: dict[str, str] = {}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api_schema(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app on SQLite and on PostgreSQL: PostgreSQL refuses some bytes SQLite stores (NUL), so both are fuzzed."""
    admin, name = None, ""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('schemathesis') / 'fuzz.sqlite'}"
    else:
        name = f"ph_fuzz_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    app = create_app(url)
    TOKEN["operator"] = app.state.services.tokens.create("operator").secret
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.services.registry.close()  # release the pool before the database is dropped
    if admin is not None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_the_schema_allows_gets_a_server_error(case: Any) -> None:
    headers = {"Authorization": f"Bearer {TOKEN['operator']}"}
    response = case.call(headers=headers)
    assert response.status_code < 500, (case.method, case.path, case.body, response.text[:300])
