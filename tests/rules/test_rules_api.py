"""The /api/rules router on a bare FastAPI app: same JSON in and out as the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from policyhub import clock
from policyhub.errors import InputError
from policyhub.library.rules.api import router
from policyhub.library.rules.inputs import RdCase, StampCase, parse
from policyhub.library.rules.negative_list import check_activity
from policyhub.library.rules.rd_eligibility import check_eligibility
from policyhub.library.rules.stamp_duty import assess


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.include_router(router)

    @app.exception_handler(InputError)
    def bad_input(request: Request, exc: InputError) -> JSONResponse:  # as the lead's web app does
        return JSONResponse({"detail": exc.message, "code": exc.code}, status_code=400)

    return TestClient(app)


def test_negative_list_endpoint_matches_core(client: TestClient) -> None:
    res = client.post("/api/rules/negative-list", json={"activity": "民用机场", "date": "2025-01-01"})
    assert res.status_code == 200
    assert res.json() == check_activity("民用机场", dt.date(2025, 1, 1))
    assert res.json()["measures"][0]["no"] == 10


def test_negative_list_date_defaults_to_today(client: TestClient) -> None:
    res = client.post("/api/rules/negative-list", json={"activity": "义务教育"})
    # Beijing's date, not the host's
    assert res.json()["date"] == clock.today().isoformat() and res.json()["restricted"] is True


def test_negative_list_bad_date_is_400_naming_the_field(client: TestClient) -> None:
    res = client.post("/api/rules/negative-list", json={"activity": "新闻", "date": "2024-02-30"})
    assert res.status_code == 400 and res.json()["detail"].startswith("date：应为日期")


def test_negative_list_missing_activity_is_422(client: TestClient) -> None:
    assert client.post("/api/rules/negative-list", json={"date": "2025-01-01"}).status_code == 422


RD = {
    "person": {"birth_date": "1985-12-31", "sex": "male", "phd": True},
    "applications": [{"programme": "交通载运装备与智能交通技术", "guide": "transport", "role": "leader",
                      "young_scientist": True}],
    "as_of": "2024-10-10",
}  # fmt: skip


def test_rd_eligibility_endpoint_matches_core(client: TestClient) -> None:
    res = client.post("/api/rules/rd-eligibility", json=RD)
    assert res.status_code == 200
    assert res.json() == check_eligibility(parse(RdCase, RD))
    assert [v["rule"] for v in res.json()["violations"]] == ["young_scientist_age"]


def test_rd_eligibility_bad_body_is_422(client: TestClient) -> None:
    res = client.post("/api/rules/rd-eligibility", json={**RD, "applications": [{"guide": "x"}]})
    assert res.status_code == 422


STAMP = {
    "date": "2027-12-31",
    "restructuring": {"type": "intra_group_transfer", "relation": "parent_wholly_owned"},
    "items": [{"id": "plant", "kind": "property_transfer", "asset": "building", "amount": 2000000}],
}


def test_stamp_duty_endpoint_matches_core(client: TestClient) -> None:
    res = client.post("/api/rules/stamp-duty", json=STAMP)
    assert res.status_code == 200
    assert res.json() == assess(parse(StampCase, STAMP))
    assert res.json()["items"][0]["exempt"] is True


def test_stamp_duty_after_the_period_is_not_covered(client: TestClient) -> None:
    # Issue 13: "dated 2028-01-01 → taxable (not covered)": the old answer (tax 1000.0) was wrong.
    res = client.post("/api/rules/stamp-duty", json={**STAMP, "date": "2028-01-01"})
    body = res.json()
    assert body["status"] == "not_covered" and body["covers"] == {"from": "2024-10-01", "to": "2027-12-31"}
    assert body["items"][0]["exempt"] is False and body["items"][0]["tax"] is None
