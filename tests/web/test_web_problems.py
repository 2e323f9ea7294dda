"""One error format: every 4xx is problem+json with type, title, status, detail and our code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_web_gec import clock, populate

from policyhub.web.app import create_app

PROBLEM = "application/problem+json"


@pytest.fixture
def api(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, clock=clock())) as c:
        yield c


def is_problem(res: object, status: int) -> dict[str, object]:
    """The response is a problem document with every member, and the status it claims."""
    assert res.status_code == status, res.text  # type: ignore[attr-defined]
    assert res.headers["content-type"].startswith(PROBLEM)  # type: ignore[attr-defined]
    body: dict[str, object] = res.json()  # type: ignore[attr-defined]
    assert {"type", "title", "status", "detail", "code"} <= set(body)
    assert body["status"] == status and body["detail"]
    return body


def test_malformed_json_is_400_in_words_not_a_decoder_position(api: TestClient) -> None:
    h = populate(api)
    res = api.post(
        "/api/gec/commands",
        content=b'{"op": "issue", "month": ',
        headers={**h["op"], "content-type": "application/json"},
    )
    body = is_problem(res, 400)
    assert "不是有效的 JSON" in str(body["detail"]) and "not valid JSON" in str(body["detail"])
    assert "body.25" not in str(body["detail"])


def test_a_body_of_the_wrong_shape_is_400_naming_the_body(api: TestClient) -> None:
    h = populate(api)
    body = is_problem(api.post("/api/gec/commands", json=42, headers=h["op"]), 400)
    assert "请求体" in str(body["detail"]) and "JSON" in str(body["detail"])
    assert "dict[str" not in str(body["detail"])
    body = is_problem(api.post("/api/gec/commands", json=["not an object"], headers=h["op"]), 400)


def test_a_bad_field_in_a_command_is_400_and_a_refusal_is_409_with_the_registry_code(api: TestClient) -> None:
    h = populate(api)
    bad = {"op": "claim", "claim": "C1", "account": "S1", "quantity": "lots", "beneficiary": "x", "period": "2024"}
    body = is_problem(api.post("/api/gec/commands", json={**bad}, headers=h["s1"]), 400)
    assert body["code"] == "invalid_command" and "quantity" in str(body["detail"])
    too_many = {**bad, "quantity": 10**9}
    body = is_problem(api.post("/api/gec/commands", json=too_many, headers=h["s1"]), 409)
    assert body["code"] == body["error"]["code"] == "insufficient_quantity"  # type: ignore[index]
    assert body["ok"] is False  # the earlier result members stay for clients that read them
    body = is_problem(api.post("/api/gec/commands", json={"op": "no_such_op"}, headers=h["op"]), 400)
    assert body["code"] == "unknown_op"


def test_forbidden_and_unauthorised_are_problems_too(api: TestClient) -> None:
    h = populate(api)
    body = is_problem(api.post("/api/gec/commands", json={"op": "issue", "month": "2024-09"}, headers=h["b1"]), 403)
    assert body["code"] == "forbidden"
    res = api.post("/api/gec/commands", json={"op": "issue", "month": "2024-09"})
    assert is_problem(res, 401)["code"] == "unauthorized" and res.headers["www-authenticate"] == "Bearer"
    assert is_problem(api.get("/api/no/such/route"), 404)["code"]


@pytest.mark.parametrize("month", ["2024/09", "2024-13", "24-09", ""])
def test_a_bad_month_is_400_whatever_is_wrong_with_it(api: TestClient, month: str) -> None:
    is_problem(api.get("/api/gec/report", params={"month": month}), 400)


def test_a_batch_says_in_its_status_and_headers_how_many_were_refused(api: TestClient) -> None:
    h = populate(api)
    claim = {"op": "claim", "account": "S1", "beneficiary": "x", "period": "2024"}
    batch = [{**claim, "claim": "C1", "quantity": 5}, {**claim, "claim": "C2", "quantity": 10**9}]
    res = api.post("/api/gec/commands", json=batch, headers=h["s1"])
    assert res.status_code == 207
    assert res.headers["policyhub-applied"] == "1" and res.headers["policyhub-refused"] == "1"
    assert [r["ok"] for r in res.json()] == [True, False]
    res = api.post("/api/gec/commands", json=[{**claim, "claim": "C3", "quantity": 1}], headers=h["s1"])
    assert res.status_code == 200 and res.headers["policyhub-refused"] == "0"


def test_other_modules_answer_bad_input_with_the_same_shape(api: TestClient) -> None:
    is_problem(api.post("/api/digital/assess", content=b"{", headers={"content-type": "application/json"}), 400)
    is_problem(api.get("/api/firstset/entries/99.99.99"), 404)
    is_problem(api.post("/api/rules/stamp-duty", json=[]), 400)


@pytest.mark.parametrize("path", ["/api/gec/commands", "/api/firms"])
def test_an_anonymous_malformed_body_is_refused_as_anonymous_401_not_judged_400(api: TestClient, path: str) -> None:
    # FastAPI reads the body before the route's credential check: the sender must be refused first (default deny).
    for headers in ({}, {"authorization": "Basic b3A6b3A="}):
        res = api.post(path, content=b'{"op": "issue", ', headers={**headers, "content-type": "application/json"})
        body = is_problem(res, 401)
        assert body["code"] == "unauthorized" and res.headers["www-authenticate"] == "Bearer"
        assert "JSON" not in str(body["detail"])
        assert is_problem(api.post(path, json=42, headers=headers), 401)["code"] == "unauthorized"


def test_a_malformed_body_on_a_route_the_public_may_use_is_still_400(api: TestClient) -> None:
    res = api.post("/api/greenpower/report", content=b"{", headers={"content-type": "application/json"})
    assert "JSON" in str(is_problem(res, 400)["detail"])
