"""The contract through the `policyhub` program and over HTTP: JSON shape, calls, iCalendar, bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from match_support import FIRM
from typer.testing import CliRunner

from cli_runner import Ran, run_cli
from policyhub.cli import app

PROFILE = {"entity": {**FIRM, "champion": {"year": 2021, "batch": 6, "kind": "enterprise"}},
           "digital": {"level": 2, "score": 55}}  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from policyhub.web.app import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite'}")) as c:
        yield c


def policyhub(*args: str) -> Ran:
    return run_cli(*args)


@pytest.fixture(scope="module")
def profile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("match") / "profile.json"
    path.write_text(json.dumps(PROFILE, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def as_json(profile_file: Path) -> dict[str, Any]:
    out = policyhub("match", str(profile_file), "--as-of", "2024-09-20", "--format", "json")
    assert out.returncode == 0, out.stderr
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def test_json_has_the_contracts_shape(as_json: dict[str, Any]) -> None:
    assert as_json["as_of"] == "2024-09-20"
    d20 = next(i for i in as_json["items"] if i["doc"] == "d20" and i["id"] == "d20-apply")
    assert d20["status"] == "eligible" and d20["window"] == {**d20["window"], "opens": None, "closes": "2024-10-31",
                                                             "state": "open"}  # fmt: skip
    for i in as_json["items"]:
        assert {"doc", "title", "who", "status", "window", "conditions", "missing", "citation"} <= set(i)
        assert i["status"] in ("eligible", "not_eligible", "undetermined", "required", "not_applicable")
        assert {"opens", "closes", "state"} <= set(i["window"])
        for c in i["conditions"]:
            assert {"text", "citation", "result"} <= set(c) and c["result"] in ("met", "not_met", "unknown")
    assert d20["conditions"][0] == {**d20["conditions"][0], "text": "在中华人民共和国境内注册登记",
                                    "citation": "d20.二.（一）", "result": "met"}  # fmt: skip


def test_text_is_chinese_first_and_grouped_by_status(profile_file: Path) -> None:
    out = policyhub("match", str(profile_file), "--as-of", "2024-09-20")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("政策匹配")
    assert out.stdout.index("== 须办理 required") < out.stdout.index("== 符合条件 eligible")
    assert "对未提交复核申请材料的企业将依据《管理办法》撤销认定 〔d08.二〕" in out.stdout


def test_calls_lists_every_call_and_duty(as_json: dict[str, Any]) -> None:
    out = policyhub("match", "calls", "--format", "json")
    assert out.returncode == 0, out.stderr
    calls = json.loads(out.stdout)
    assert [c["id"] for c in calls] and {c["id"] for c in calls} == {i["id"] for i in as_json["items"]}
    assert all(c["href"].startswith("/library/docs/") for c in calls)


def test_both_forms_run_in_process_through_the_root_app(profile_file: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["match", "calls", "--format", "json"])
    assert listed.exit_code == 0 and len(json.loads(listed.output)) == 28
    matched = runner.invoke(app, ["match", str(profile_file), "--as-of", "2024-09-20", "--format", "json"])
    assert matched.exit_code == 0 and json.loads(matched.output)["as_of"] == "2024-09-20"


def test_the_calendar_parses_back_with_each_deadline_its_clause_and_link(profile_file: Path,
                                                                         as_json: dict[str, Any]) -> None:  # fmt: skip
    out = policyhub("match", str(profile_file), "--as-of", "2024-09-20", "--format", "ics")
    assert out.returncode == 0, out.stderr
    cal = Calendar.from_ical(out.stdout)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    expected = [i for i in as_json["items"] if i["window"]["closes"] and i["status"] != "not_applicable"
                and i["status"] != "not_eligible"]  # fmt: skip
    assert len(events) == len(expected) > 0
    review = events["d08-review-2024-10-27@policyhub"]
    assert review.decoded("dtstart").isoformat() == "2024-10-27"
    assert "d08.三.（三）" in str(review["description"])
    assert str(review["url"]).endswith("/library/docs/d08#%E4%B8%89%E3%80%81%EF%BC%88%E4%B8%89%EF%BC%89")
    d20 = events["d20-apply-2024-10-31@policyhub"]
    assert "d20.三.（一）" in str(d20["description"]) and "申报单位于10月31日前" in str(d20["description"])


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('{"entity": {"kind": "company"}}', "entity.kind"),
        ('{"entity": {"kind": "enterprise", "size": "huge"}}', "entity.size"),
        ('{"entity": {"kind": "enterprise", "bad_records": "no"}}', "entity.bad_records"),
        ('{"entity": {"kind": "enterprise", "champion": {"batch": "six"}}}', "entity.champion.batch"),
        ('{"entity": {"kind": "enterprise"}, "rd": {"applications": []}}', "rd."),
        ('{"entity": {"kind": "enterprise"}, "digital": {"level": 9}}', "digital.level"),
        ("[1, 2]", "profile"),
        ("{not json", "JSON"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(tmp_path: Path, content: str, named: str) -> None:
    path = tmp_path / "p.json"
    path.write_text(content, encoding="utf-8")
    out = policyhub("match", str(path), "--as-of", "2024-09-20", "--format", "json")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("error: ") and out.stderr.count("\n") == 1 and named in out.stderr


def test_a_bad_date_or_a_missing_file_exits_2(profile_file: Path, tmp_path: Path) -> None:
    for args in ([str(profile_file), "--as-of", "2024-13-01"], [str(tmp_path / "none.json")]):
        out = policyhub("match", *args)
        assert out.returncode == 2 and out.stderr.startswith("error: ") and "Traceback" not in out.stderr


def test_the_api_answers_the_same_json_as_the_cli(client: TestClient, as_json: dict[str, Any]) -> None:
    res = client.post("/api/match", json={**PROFILE, "as_of": "2024-09-20"})
    assert res.status_code == 200
    assert res.json() == as_json
    calls = client.get("/api/match/calls")
    assert calls.status_code == 200 and calls.json() == json.loads(
        policyhub("match", "calls", "--format", "json").stdout
    )


def test_api_bad_input_is_a_problem_400(client: TestClient) -> None:
    for body in ({"entity": {"kind": "x"}}, [], {"entity": "firm"}, {**PROFILE, "as_of": "20240920"}):
        res = client.post("/api/match", json=body)
        assert res.status_code == 400, body
        assert res.headers["content-type"].startswith("application/problem+json")


SCALAR = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=6)
JSONISH = st.recursive(
    SCALAR, lambda ch: st.lists(ch, max_size=3) | st.dictionaries(st.text(max_size=5), ch, max_size=3), max_leaves=6
)
FIELDS = st.sampled_from(["kind", "size", "city_level", "champion", "sector", "bad_records", "registered_in_mainland"])
BODY = st.fixed_dictionaries({}, optional={
    "entity": st.dictionaries(FIELDS, JSONISH | st.sampled_from(["enterprise", "medium", "county"]), max_size=4),
    "facts": JSONISH, "products": JSONISH, "digital": JSONISH, "rd": JSONISH, "activities": JSONISH,
    "stamp_duty": JSONISH, "as_of": JSONISH | st.just("2024-09-20")})  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=BODY | JSONISH)
def test_no_body_is_a_server_error(client: TestClient, body: Any) -> None:
    res = client.post("/api/match", json=body)
    assert res.status_code in (200, 400), (body, res.text[:300])
