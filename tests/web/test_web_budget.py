"""Every POST route's body budget (policyhub.web.budget): at the limit read, one byte more refused with 413."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.routing import Route

from policyhub import limits
from policyhub.web.app import create_app
from policyhub.web.budget import budget_for


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('budget') / 'app.sqlite'}")
    with TestClient(app) as c:
        yield c
    app.state.services.registry.close()


def _routes(routes: list[Any]) -> Iterator[Route]:
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI keeps an included router whole
            yield from _routes(route.original_router.routes)
        elif isinstance(route, Route):
            yield route


def post_paths(client: TestClient) -> list[str]:
    """Every POST route of the service, path parameters filled in."""
    app: Any = client.app
    posts = {r.path for r in _routes(app.routes) if "POST" in (r.methods or ())}
    return sorted(p.replace("{code}", "1.1.2") for p in posts)


SAMPLED = ("/api/gec/commands", "/api/renewal/check", "/renewal/results.csv")  # one route per large budget


def padded_json(size: int) -> bytes:
    """`{}` followed by blanks: valid JSON of exactly `size` bytes, cheap to parse."""
    return b"{}" + b" " * (size - 2)


def test_every_post_route_refuses_a_declared_body_one_byte_over_its_budget(client: TestClient) -> None:
    paths = post_paths(client)
    assert {"/api/gec/commands", "/api/renewal/check", "/renewal", "/manage", "/api/match"} <= set(paths)
    for path in paths:
        budget = budget_for(path).body
        r = client.post(path, content=padded_json(budget + 1), headers={"content-type": "application/json"})
        assert r.status_code == 413, path
        assert "请求体超过" in r.text, path
        # A program (no `Accept: text/html`) gets problem JSON from every route, a page's too.
        assert r.headers["content-type"] == "application/problem+json" and r.json()["code"] == "too_large"
        if not path.startswith("/api/"):  # a browser gets the page
            html = {"content-type": "application/json", "accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
            r = client.post(path, content=padded_json(budget + 1), headers=html)
            assert r.status_code == 413 and r.headers["content-type"].startswith("text/html"), path


def test_every_post_route_reads_a_body_at_its_budget(client: TestClient) -> None:
    for path in post_paths(client):
        budget = budget_for(path).body
        if budget > limits.BODY_BYTES and path not in SAMPLED:
            continue  # the other large budgets are the same figures on sibling routes
        r = client.post(path, content=padded_json(budget), headers={"content-type": "application/json"})
        assert r.status_code != 413, (path, r.text[:200])


def test_the_budgets_are_the_documented_figures() -> None:
    assert budget_for("/api/gec/commands").body == limits.COMMANDS_BODY_BYTES
    assert budget_for("/api/renewal/check").body == budget_for("/renewal").body == limits.UPLOAD_BODY_BYTES
    for page in ("/renewal/report.html", "/renewal/report.pdf", "/renewal/results.csv"):
        assert budget_for(page).body == limits.CARRIED_BODY_BYTES
    assert budget_for("/api/digital/batch").body == budget_for("/manage").body == limits.BODY_BYTES


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    yield b"{}"
    sent = 2
    while sent < total:
        piece = min(size, total - sent)
        sent += piece
        yield b" " * piece


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data; boundary=x"])
def test_a_streamed_body_without_a_length_is_counted_and_refused_once_over(
    client: TestClient, content_type: str
) -> None:
    for path in ("/api/match", "/manage"):
        over = client.post(path, content=_chunks(limits.BODY_BYTES + 1), headers={"content-type": content_type})
        assert over.status_code == 413 and "请求体超过" in over.text, (path, content_type)
    at = client.post("/api/match", content=_chunks(limits.BODY_BYTES), headers={"content-type": "application/json"})
    assert at.status_code != 413


def test_an_upload_streamed_past_its_budget_is_413_whatever_the_route_does_with_a_failed_read(
    client: TestClient,
) -> None:
    boundary = b'--x\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\n\r\n'

    def body() -> Iterator[bytes]:
        yield boundary
        yield from _chunks(limits.UPLOAD_BODY_BYTES)

    for path in ("/api/renewal/check", "/renewal"):
        r = client.post(path, content=body(), headers={"content-type": "multipart/form-data; boundary=x"})
        assert r.status_code == 413 and "请求体超过" in r.text, path


def nested(depth: int) -> Any:
    value: Any = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


def _post(client: TestClient, path: str, body: Any) -> httpx.Response:
    return client.post(path, content=json.dumps(body), headers={"content-type": "application/json"})


def test_json_nesting_at_the_limit_is_read_and_one_level_more_is_413_too_deep(client: TestClient) -> None:
    assert _post(client, "/api/match", nested(limits.JSON_DEPTH)).status_code != 413
    r = _post(client, "/api/match", nested(limits.JSON_DEPTH + 1))
    assert r.status_code == 413 and r.json()["code"] == "too_deep" and r.json()["detail"].startswith("JSON 嵌套")
    # deeper than Python's parser recurses: still a 413, never a 500
    r = client.post("/api/renewal/check", content="[" * 100_000 + "]" * 100_000)
    assert r.status_code == 413 and r.json()["code"] == "too_deep"


def test_arrays_and_objects_at_the_limit_are_read_and_one_item_more_is_413(client: TestClient) -> None:
    n = limits.JSON_ITEMS
    assert _post(client, "/api/match", [0] * n).status_code != 413
    assert _post(client, "/api/match", {f"k{i}": 0 for i in range(n)}).status_code != 413
    for body in ([0] * (n + 1), {f"k{i}": 0 for i in range(n + 1)}, {"entity": {"list": [0] * (n + 1)}}):
        r = _post(client, "/api/match", body)
        assert r.status_code == 413 and r.json()["code"] == "too_many_items"


def test_strings_at_the_limit_are_read_and_one_character_more_is_413(client: TestClient) -> None:
    n = limits.JSON_STRING_CHARS
    assert _post(client, "/api/match", {"entity": {"name": "名" * n}}).status_code != 413
    for body in ({"entity": {"name": "名" * (n + 1)}}, {"x" * (n + 1): 1}, ["y" * (n + 1)]):
        r = _post(client, "/api/match", body)
        assert r.status_code == 413 and r.json()["code"] == "string_too_long"


def test_the_command_route_takes_bulk_rows_up_to_its_own_item_budget(client: TestClient) -> None:
    n = limits.COMMANDS_JSON_ITEMS
    at = _post(client, "/api/gec/commands", {"op": "meter_batch", "month": "2024-08", "rows": [0] * n})
    assert at.status_code == 401  # within budget: the registry's own checks answer (no token here)
    over = _post(client, "/api/gec/commands", {"op": "meter_batch", "month": "2024-08", "rows": [0] * (n + 1)})
    assert over.status_code == 413 and over.json()["code"] == "too_many_items"


def test_the_command_route_body_holds_far_more_than_the_largest_command_array() -> None:
    # The desk refuses an array over 1,000 commands with its own code (batch_too_large): the body budget must let
    # such an array through to say so, even an array of 200,000 ordinary commands.
    buy = {"op": "buy", "listing": "L-2024-08-000001", "quantity": 1000, "price": "5.00", "platform": "CGEC"}
    transfer = {"op": "transfer", "month": "2024-08", "from": "S1-seller-account", "to": "B1-buyer-account",
                "project": "P-wind-000001", "quantity": 1_000_000}  # fmt: skip
    for command in (buy, transfer):
        assert len(json.dumps([command] * 200_000)) < limits.COMMANDS_BODY_BYTES
