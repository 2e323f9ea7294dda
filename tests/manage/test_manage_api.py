"""The manage and scenarios API answer with the CLI's JSON; bad input is problem+json 400."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from policyhub.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("api") / "p.sqlite"
    return TestClient(create_app(f"sqlite:///{db}"))


def test_questions_and_assess(client: TestClient) -> None:
    assert len(client.get("/api/manage/questions").json()["areas"]) == 9
    out = client.post("/api/manage/assess", json={"firm": "A", "answers": {"十.（一）": "partly"}}).json()
    ten = next(a for a in out["areas"] if a["no"] == "十")
    assert ten["in_place"] == 0.5 and out["priorities"] == ["十.（一）"]


def test_bad_answer_is_a_problem_400_naming_the_practice(client: TestClient) -> None:
    res = client.post("/api/manage/assess", json={"answers": {"十.（一）": "sometimes"}})
    assert res.status_code == 400 and res.headers["content-type"].startswith("application/problem+json")
    assert "十.（一）" in res.json()["detail"]


def test_batch(client: TestClient) -> None:
    out = client.post("/api/manage/batch", json=[{"firm": "A", "answers": {"二.（一）": "none"}}]).json()
    assert out["count"] == 1 and out["weakest_practices"][0]["id"] == "二.（一）"


def test_scenarios_api(client: TestClient) -> None:
    assert len(client.get("/api/scenarios").json()["scenarios"]) == 40
    assert [s["no"] for s in client.get("/api/scenarios/for/设备管理").json()["scenarios"]] == [16, 17]
    assert client.get("/api/scenarios/16").json()["digital"][0]["digital"] == "设备管理"
    assert client.get("/api/scenarios/41").status_code == 404
    assert client.get("/api/scenarios/for/nothing").status_code == 404
