"""Issue 28, exceptions are matches: an activity a measure names in its exception answers that measure, whatever
the wording, with the exception quoted and the restriction it lifts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from cli_runner import run_cli
from policyhub.library.rules.negative_list import check_activity, exception_quote

IN_FORCE = dt.date(2025, 3, 1)
# 第12项 "电信公司：限于中国入世承诺开放的电信业务，增值电信业务的外资股比不超过 50%（电子商务、国内多方通信、
# 存储转发类、呼叫中心除外），基础电信业务须由中方控股。"
TELECOM_QUOTE = "增值电信业务的外资股比不超过 50%（电子商务、国内多方通信、存储转发类、呼叫中心除外）"
TELECOM_LIFTS = "增值电信业务的外资股比不超过 50%"


def _answer(activity: str) -> tuple[Any, ...]:
    """What may not depend on the wording: verdict, measures, exceptions with their quote and what they lift."""
    r = check_activity(activity, IN_FORCE)
    excepted = sorted((e["no"], e["exception"], e["quote"], e["lifts"]) for e in r["excepted"])
    return r["verdict"], sorted((m["no"], tuple(m["types"])) for m in r["measures"]), excepted


VARIANTS = [
    # 第12项 "（电子商务、国内多方通信、存储转发类、呼叫中心除外）": each excepted service, worded several ways
    ["外商独资经营呼叫中心业务", "增值电信 呼叫中心", "外资呼叫中心", "设立呼叫中心公司（外商独资）",
     "呼叫中心业务 100%外资"],
    ["存储转发类业务", "外资经营存储转发类增值电信业务", "外商独资 存储转发"],
    ["国内多方通信服务", "外资做国内多方通信业务", "增值电信 国内多方通信"],
    ["电子商务类增值电信业务", "外资电子商务平台", "外商独资经营电子商务"],
    # 第13项 "互联网文化经营（音乐除外）"
    ["互联网文化经营（音乐）", "网络音乐", "外资在线音乐平台"],
    # 第14项 "禁止投资中国法律事务（提供有关中国法律环境影响的信息除外）"
    ["中国法律事务咨询 提供有关中国法律环境影响的信息", "提供中国法律环境影响的信息",
     "外资咨询公司提供有关中国法律环境影响的信息"],
    # 第19项 "（矿业权人在其矿业权范围内开展工作不受此特别管理措施限制）"
    ["矿业权人在其矿业权范围内开展地质调查", "矿业权人在矿业权范围内开展工作",
     "外资矿业公司在其矿业权范围内做地质勘查"],
]  # fmt: skip


@pytest.mark.parametrize("wordings", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_every_wording_of_an_exception_gets_the_same_answer(wordings: list[str]) -> None:
    answers = {w: _answer(w) for w in wordings}
    first = answers[wordings[0]]
    assert first[2], f"{wordings[0]} names an exception"
    assert all(a == first for a in answers.values()), answers


def test_a_call_centre_is_measure_12_with_the_exception_quoted() -> None:
    r = check_activity("外商独资经营呼叫中心业务", IN_FORCE)
    assert r["verdict"] == "restricted"
    assert [(m["no"], m["types"]) for m in r["measures"]] == [(12, ["other"])]  # 限于中国入世承诺开放的电信业务
    (exc,) = r["excepted"]
    assert (exc["no"], exc["quote"], exc["lifts"]) == (12, TELECOM_QUOTE, TELECOM_LIFTS)
    assert TELECOM_QUOTE in r["answer"] and "负面清单未列出该活动" not in r["answer"]
    assert any(b["text"] == TELECOM_QUOTE and "第12项" in b["citation"] for b in r["basis"])


def test_an_exception_alone_answers_with_the_exception_not_with_not_listed() -> None:
    # 第13项 "禁止投资…互联网文化经营（音乐除外）": online music is named, and lifted
    r = check_activity("网络音乐", IN_FORCE)
    assert r["verdict"] == "no_restriction" and r["determined"] is True
    (exc,) = r["excepted"]
    assert exc["no"] == 13 and exc["exception"] == "音乐除外" and exc["quote"].endswith("互联网文化经营（音乐除外）")
    assert "例外" in r["answer"] and "音乐除外" in r["answer"] and "负面清单未列出" not in r["answer"]


def test_an_excepted_survey_is_decided_though_other_measures_share_the_word_survey() -> None:
    # 第19项's exception names 地质调查; 第15项 市场调查 and 第16项 社会调查 share only 调查.
    r = check_activity("矿业权人在其矿业权范围内开展地质调查", IN_FORCE)
    assert (r["verdict"], r["determined"]) == ("no_restriction", True)
    assert r["excepted"][0]["no"] == 19


@pytest.mark.parametrize("activity", ["呼叫中心设备制造", "网络音乐播放器制造"])
def test_making_equipment_for_an_excepted_service_is_manufacturing(activity: str) -> None:
    # 答记者问: manufacturing is cleared to zero; an exception's word inside a product name is not the service.
    r = check_activity(activity, IN_FORCE)
    assert (r["verdict"], r["manufacturing"], r["excepted"]) == ("no_restriction", True, [])


def test_the_quote_is_the_clause_that_carries_the_exception() -> None:
    measure = "电信公司：限于中国入世承诺开放的电信业务，" + TELECOM_QUOTE + "，基础电信业务须由中方控股。"
    assert exception_quote(measure, "电子商务、国内多方通信、存储转发类、呼叫中心除外") == TELECOM_QUOTE
    law = "禁止投资中国法律事务（提供有关中国法律环境影响的信息除外），不得成为国内律师事务所合伙人。"
    assert exception_quote(law, "提供有关中国法律环境影响的信息除外") == law.split("，")[0]


def test_cli_contract_names_measure_12_and_quotes_the_exception() -> None:
    out = run_cli("rules", "negative-list", "外商独资经营呼叫中心业务", "--date", "2025-03-01", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert 12 in [m["no"] for m in data["measures"]] + [e["no"] for e in data["excepted"]]
    assert TELECOM_QUOTE in out.stdout
    assert data["excepted"][0]["quote"] == TELECOM_QUOTE
