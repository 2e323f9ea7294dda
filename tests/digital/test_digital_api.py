"""The router: same JSON in and out as the CLI."""

from __future__ import annotations

import json
from typing import Any

from digital_helpers import answers_with_full, firm, scenarios_at, zero_answers
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyhub.digital.answers import parse_firm
from policyhub.digital.api import router
from policyhub.digital.catalog import load_catalog
from policyhub.digital.report import assessment_to_dict
from policyhub.digital.scoring import assess
from policyhub.errors import InputError

CAT = load_catalog()


def client() -> TestClient:
    app = FastAPI()

    async def handler(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, InputError)
        return JSONResponse({"detail": exc.message, "code": exc.code}, status_code=400)

    app.add_exception_handler(InputError, handler)
    app.include_router(router)
    return TestClient(app)


def test_assess_returns_the_cli_json() -> None:
    r = client().post("/api/digital/assess", json=firm(answers_with_full(4, 5), scenarios_at(1, 3, 3)))
    assert r.status_code == 200
    body = r.json()
    assert body["score"] == 20.0 and body["level"] == 1 and body["level_name"] == "一级（初始级）"
    assert set(body["dimension_scores"]) == {"数字化基础", "数字化管理", "数字化成效"}


def test_assess_bad_input_is_a_400_naming_the_question() -> None:
    r = client().post("/api/digital/assess", json={"answers": zero_answers() | {"5": 9}})
    assert r.status_code == 400 and "Q5" in r.json()["detail"]


def test_plan_takes_answers_plus_target() -> None:
    body = firm(answers_with_full(4, 5), scenarios_at(1, 3, 3)) | {"target": 2}
    r = client().post("/api/digital/plan", json=body)
    assert r.status_code == 200 and r.json()["reached"] and r.json()["after"]["level"] >= 2
    assert client().post("/api/digital/plan", json=body | {"target": 7}).status_code == 422


def test_batch_takes_a_list_of_firms() -> None:
    firms = [firm() | {"firm": "甲"}, firm(answers_with_full(4, 5), scenarios_at(1, 3, 3)) | {"firm": "乙"}]
    r = client().post("/api/digital/batch", json=firms)
    assert r.status_code == 200
    body = r.json()
    assert [f["firm"] for f in body["firms"]] == ["甲", "乙"] and body["firms"][1]["percentile"] == 75.0


def test_energy_example() -> None:
    r = client().post("/api/digital/energy", json={"电力": 310, "高炉煤气": 1.5})
    assert r.status_code == 200 and r.json()["total_tce"] == 382.919
    assert client().post("/api/digital/energy", json={"水": 1}).status_code == 400


def test_questions_lists_the_questionnaire_for_a_form() -> None:
    body = client().get("/api/digital/questions").json()
    assert len(body["questions"]) == 15 and len(body["scenarios"]) == 16
    q2 = body["questions"][1]
    assert q2["type"] == "单选" and q2["options"][0] == "[0-10%]" and "digital_devices" in q2["raw"]["fields"]
    assert body["questions"][0]["option_points"] == [0, 25, 50, 75, 100]
    assert body["scenarios"][0]["name"] == "产品设计" and body["scenarios"][0]["constrained"] is True
    assert len(body["energy"]) == 15 and body["levels"][3]["min_scenarios"] == 10


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=4),
    max_leaves=8,
)
raw_fields = st.sampled_from(
    ["devices", "digital_devices", "networked_devices", "energy_last_year", "energy_year_before", "revenue_last_year",
     "revenue_year_before", "staff_last_year", "staff_year_before", "cost_last_year", "cost_year_before", "电力"]
)  # fmt: skip
answer_values = json_values | st.dictionaries(raw_fields, json_values | st.integers(0, 100), max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(st.sampled_from([str(i) for i in range(0, 17)]), answer_values, max_size=16),
    st.dictionaries(st.sampled_from(["产品设计", "工艺设计*", "x"]), json_values, max_size=3),
)
def test_any_json_is_answered_or_rejected_never_a_crash(answers: dict[str, Any], scenarios: dict[str, Any]) -> None:
    base = zero_answers() | answers
    try:
        result = assess(parse_firm({"answers": base, "scenarios": scenarios}, CAT), CAT)
    except InputError as exc:
        assert exc.message
        return
    json.dumps(assessment_to_dict(result, CAT), allow_nan=False)
