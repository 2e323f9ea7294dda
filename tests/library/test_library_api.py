"""The /api/library router on a bare FastAPI app: the CLI's JSON over HTTP, problems for bad input."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from policyhub import problems
from policyhub.library.api import router


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    problems.install(app)
    app.include_router(router)
    return TestClient(app)


def test_documents_lists_all_30(client: TestClient) -> None:
    rows = client.get("/api/library/documents").json()
    assert len(rows) == 30 and rows[23]["id"] == "d24"
    assert [r["id"] for r in client.get("/api/library/documents", params={"kind": "rules"}).json()] == ["d24"]


def test_document_with_units_and_one_unit(client: TestClient) -> None:
    doc = client.get("/api/library/documents/d24").json()
    assert "d24.第二十四条" in [u["id"] for u in doc["units"]]
    one = client.get("/api/library/documents/d24", params={"unit": "d24.第二十四条"}).json()
    assert one["unit"]["label"] == "第二十四条"


def test_search_with_filters(client: TestClient) -> None:
    hits = client.get("/api/library/search", params={"q": "绿证 有效期"}).json()
    assert hits[0]["citation"] == "d24.第二十四条"
    dated = client.get("/api/library/search", params={"q": "绿证", "from": "2024-08-27", "issuer": "国家能源局"}).json()
    assert dated == []  # d24 is dated 2024-08-26, d25 has no date


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/library/documents/d99", 404),
        ("/api/library/documents/d24?unit=第九十九条", 404),
        ("/api/library/search?q=", 400),
        ("/api/library/search?q=绿证&kind=memo", 400),
        ("/api/library/documents?from=not-a-date", 400),
    ],
)
def test_bad_input_is_a_problem_response(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["detail"]
