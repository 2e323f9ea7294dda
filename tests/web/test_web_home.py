"""The front page, the API docs and error pages."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_front_page_links_every_system(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    for href in ("/digital", "/gec", "/firstset", "/library"):
        assert f'href="{href}"' in r.text


def test_openapi_ui_is_published(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "policyhub"


def test_unknown_page_is_a_404_page_and_unknown_api_path_is_problem_json(client: TestClient) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "<html" in page.text
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/problem+json")
