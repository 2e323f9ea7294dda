"""Plans a firm can act on (issue 13): no outcome answers proposed, realistic step sizes, locked answers, no 120 %."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from digital_helpers import MULTI, N_OPTIONS, answers_with_full, firm, scenarios_at, zero_answers
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from policyhub.cli import main
from policyhub.digital.answers import parse_firm
from policyhub.digital.api import router
from policyhub.digital.catalog import load_catalog
from policyhub.digital.cli import app
from policyhub.digital.plan import make_plan, next_steps, outcome_questions, read_keep
from policyhub.digital.scoring import assess
from policyhub.errors import InputError

CAT = load_catalog()


def answers_strategy() -> st.SearchStrategy[dict[str, Any]]:
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for q, n in N_OPTIONS.items():
        if q in MULTI:
            parts[str(q)] = st.one_of(
                st.just([0]), st.lists(st.integers(1, n - 1), min_size=1, max_size=n - 1, unique=True)
            )
        else:
            parts[str(q)] = st.integers(0, n - 1)
    return st.fixed_dictionaries(parts)


def test_the_outcome_questions_are_the_digital_results_dimension_of_the_seed(seed_text: str) -> None:
    # d17 三、具体指标: "数字化成效 20% 绿色低碳 35% 绿色低碳 100% 12 企业数字化改造后每百元营业收入中综合能源
    # 消费量相比于改造前的变化情况"; Q13 "…月均产品合格率相比于改造前的变化情况", Q14/Q15 "…相比于前年变化情况"
    row = "数字化成效 20%\t绿色低碳 35%\t绿色低碳 100%\t12\t企业数字化改造后每百元营业收入中综合能源消费量"
    assert row in seed_text
    assert outcome_questions(CAT) == (12, 13, 14, 15)
    for n in (12, 13, 14, 15):
        assert "变化情况" in CAT.questions[n].text


@settings(max_examples=100, deadline=None)
@given(answers_strategy(), st.integers(1, 4))
def test_a_plan_never_proposes_an_outcome_answer(answers: dict[str, Any], target: int) -> None:
    # issue 13: 'proposes outcome answers as changes ("Q13 → 增加 (+3.5 分)")' — never again
    f = parse_firm(firm(answers, scenarios_at(1, 3, 3)), CAT)
    plan = make_plan(f, target, CAT)
    assert not [s for s in plan.steps if s.question in (12, 13, 14, 15)]
    assert not [s for s in next_steps(assess(f, CAT), CAT) if s.question in (12, 13, 14, 15)]


def test_q11_rises_one_bracket_per_plan_and_never_above_60_percent_of_revenue() -> None:
    # Q11 "企业近三年平均数字化投入总额占营业额的平均比例 … （40%， 60%） （60%， 100%）": no plan proposes (60%，100%)
    f = parse_firm(firm(), CAT)
    q11 = [s for s in make_plan(f, 3, CAT).steps if s.question == 11]
    assert [s.option for s in q11] == [1]  # [0-10%] → （10%， 20%）, one bracket
    at_40 = parse_firm(firm(zero_answers() | {"11": 3}), CAT)
    for target in (1, 2, 3, 4):
        assert not [s for s in make_plan(at_40, target, CAT).steps if s.question == 11]


def test_device_rates_rise_at_most_two_brackets_per_plan() -> None:
    f = parse_firm(firm(), CAT)
    for q in (2, 3):
        assert [s.option for s in make_plan(f, 3, CAT).steps if s.question == q] == [1, 2]


def test_level_4_out_of_reach_by_actions_says_how_many_points_are_missing(tmp_path: Path) -> None:
    # 判定方法 "四级（协同级）	≥80 分": the 20 points of 数字化成效 come from results, not from a plan
    path = tmp_path / "firm.json"
    path.write_text(json.dumps(firm()), encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", str(path), "--target", "4", "--format", "json"])
    assert result.exit_code == 0, result.stdout
    out = json.loads(result.stdout)
    assert out["reached"] is False and out["outcomes"] == [12, 13, 14, 15]
    assert out["short_by"] == pytest.approx(80 - out["after"]["score"], abs=0.01) and out["short_by"] > 0
    text = CliRunner().invoke(app, ["plan", str(path), "--target", "4"]).stdout
    assert "仍差" in text and "Q12、Q13、Q14、Q15" in text


def test_keep_locks_answers_the_plan_may_not_touch(tmp_path: Path) -> None:
    # issue 13: "a user can lock answers the plan may not touch (`plan --keep 11,12`)"
    path = tmp_path / "firm.json"
    path.write_text(json.dumps(firm(scenarios=scenarios_at(2, 3, 3))), encoding="utf-8")
    free = json.loads(CliRunner().invoke(app, ["plan", str(path), "--target", "2", "--format", "json"]).stdout)
    assert 11 in {s["question"] for s in free["steps"] if s["kind"] == "answer"}
    result = CliRunner().invoke(app, ["plan", str(path), "--target", "2", "--keep", "11,12", "--format", "json"])
    assert result.exit_code == 0, result.stdout
    out = json.loads(result.stdout)
    assert out["kept"] == [11, 12] and out["reached"]
    assert not {s["question"] for s in out["steps"] if s["kind"] == "answer"} & {11, 12}


def run_main(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["policyhub", "digital", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("keep", ["99", "11,x", "0"])
def test_keep_with_a_bad_question_number_exits_2(
    keep: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "firm.json"
    path.write_text(json.dumps(firm()), encoding="utf-8")
    code, err = run_main(capsys, monkeypatch, "plan", str(path), "--target", "1", "--keep", keep)
    assert code == 2 and err.startswith("error: ") and "--keep" in err and len(err.strip().splitlines()) == 1


def pass_rate_firm(after: Any, before: Any = 95) -> dict[str, Any]:
    q13 = {"pass_rate_after": after, "pass_rate_before": before}
    return firm(answers_with_full(4, 5) | {"13": q13}, scenarios_at(1, 3, 3))


def test_a_pass_rate_above_100_percent_is_refused_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Q13 "企业数字化改造后月均产品合格率": a share of the products made, never 120 %
    path = tmp_path / "firm.json"
    path.write_text(json.dumps(pass_rate_firm(120)), encoding="utf-8")
    for command in (["assess", str(path)], ["plan", str(path), "--target", "2"]):
        code, err = run_main(capsys, monkeypatch, *command)
        assert code == 2 and "Q13" in err and "100%" in err
    with pytest.raises(InputError, match="100%"):
        parse_firm(pass_rate_firm(99, 100.5), CAT)
    assert parse_firm(pass_rate_firm(100, 98), CAT).answers[13].choice == 2  # 100 % itself is fine: 增加


def client() -> TestClient:
    api = FastAPI()

    async def handler(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, InputError)
        return JSONResponse({"detail": exc.message, "code": exc.code}, status_code=400)

    api.add_exception_handler(InputError, handler)
    api.include_router(router)
    return TestClient(api)


def test_the_plan_endpoint_takes_keep_and_refuses_impossible_figures() -> None:
    body = firm(scenarios=scenarios_at(2, 3, 3)) | {"target": 2, "keep": [11, 12]}
    r = client().post("/api/digital/plan", json=body)
    assert r.status_code == 200 and r.json()["kept"] == [11, 12]
    assert not {s["question"] for s in r.json()["steps"] if s["kind"] == "answer"} & {11, 12}
    assert client().post("/api/digital/plan", json=body | {"keep": [99]}).status_code == 400
    bad = client().post("/api/digital/plan", json=pass_rate_firm(120) | {"target": 2})
    assert bad.status_code == 400 and "Q13" in bad.json()["detail"]
    assert client().post("/api/digital/assess", json=pass_rate_firm(120)).status_code == 400


def test_read_keep_accepts_text_and_lists() -> None:
    assert read_keep("11, 12", CAT) == read_keep([11, 12], CAT) == frozenset({11, 12})
    assert read_keep("", CAT) == read_keep(None, CAT) == frozenset()


def test_the_assessment_says_when_the_next_level_is_out_of_reach_by_actions(tmp_path: Path) -> None:
    # everything but the outcomes at its top (Q11 at （40%， 60%）), all scenarios at 四级: 三级, 78.125 < 80 分
    answers = answers_with_full(*range(1, 11)) | {"11": 3}
    path = tmp_path / "firm.json"
    path.write_text(json.dumps(firm(answers, scenarios_at(4, 10, 6))), encoding="utf-8")
    out = json.loads(CliRunner().invoke(app, ["assess", str(path), "--format", "json"]).stdout)
    assert out["level"] == 3 and out["next_level"]["reachable"] is False and out["next_steps"] == []
    text = CliRunner().invoke(app, ["assess", str(path)]).stdout
    assert "数字化成效" in text and "已达到最高等级" not in text
