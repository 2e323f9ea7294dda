"""The diagnosis: strong and weak areas, partly counted half, unanswered kept apart, our priorities in order."""

from __future__ import annotations

import pytest

from policyhub.errors import InputError
from policyhub.manage.diagnosis import diagnose, parse_answers
from policyhub.manage.guide import load_guide

ALL = [p.id for p in load_guide().practices().values()]


def _run(answers: dict[str, object]) -> dict[str, object]:
    return diagnose(parse_answers({"firm": "某重机公司", "answers": answers}))


def _area(d: dict[str, object], no: str) -> dict[str, object]:
    return next(a for a in d["areas"] if a["no"] == no)  # type: ignore[attr-defined]


def test_a_firm_doing_everything_has_every_area_in_place_and_no_priorities() -> None:
    d = _run(dict.fromkeys(ALL, "done"))
    assert all(a["in_place"] == 1.0 and not a["missing"] for a in d["areas"])  # type: ignore[attr-defined]
    assert d["priorities"] == [] and d["in_place"] == 1.0 and d["unanswered"] == []


def test_a_weak_area_lists_its_missing_practices_in_the_guides_words() -> None:
    answers = dict.fromkeys(ALL, "done") | {"八.（一）": "none", "八.（三）": "none", "八.（二）": "partly"}
    d = _run(answers)
    eight = _area(d, "八")
    assert eight["in_place"] == pytest.approx((0 + 0.5 + 0 + 1) / 4)
    missing = {m["id"]: m for m in eight["missing"]}  # type: ignore[attr-defined]
    assert list(missing) == ["八.（一）", "八.（二）", "八.（三）"]
    assert "建立相对独立的内部审计人员和制度" in missing["八.（三）"]["text"]
    assert missing["八.（二）"]["status"] == "partly"
    assert _area(d, "二")["in_place"] == 1.0


def test_partly_counts_half() -> None:
    d = _run({"二.（一）": "partly", "二.（二）": "done"})
    assert _area(d, "二")["in_place"] == 0.75


def test_unanswered_practices_are_reported_as_unanswered_not_as_none() -> None:
    d = _run({"二.（一）": "done"})
    two = _area(d, "二")
    assert two["in_place"] == 1.0 and two["answered"] == 1
    assert [u["id"] for u in two["unanswered"]] == ["二.（二）", "二.（三）"]  # type: ignore[attr-defined]
    assert _area(d, "三")["in_place"] is None
    assert "二.（二）" not in d["priorities"] and len(d["unanswered"]) == 29  # type: ignore[arg-type]


def test_priorities_take_the_weakest_area_first_then_basic_then_partly() -> None:
    answers = dict.fromkeys(ALL, "done") | {
        "二.（三）": "none",  # 二: 2/3 in place
        "三.（二）": "none", "三.（三）": "partly", "三.（四）": "none", "三.（一）": "none",  # 三: 1/8 in place
    }  # fmt: skip
    d = _run(answers)
    # 三 is weakest; within it 三.（一）(基本满足) and 三.（四）(依法) are basic,
    # then the partly 三.（三）, then 三.（二）
    assert d["priorities"] == ["三.（一）", "三.（四）", "三.（三）", "三.（二）", "二.（三）"]
    detail = d["priority_detail"][1]  # type: ignore[index]
    assert detail["basic"] and "依法" in detail["reason"]


def test_evidence_and_chinese_status_words_are_accepted() -> None:
    d = _run({"二.（一）": {"status": "部分开展", "evidence": "2024年战略规划"}, "二.(二)": "已开展"})
    two = _area(d, "二")
    assert two["missing"][0]["evidence"] == "2024年战略规划" and two["in_place"] == 0.75  # type: ignore[index]


@pytest.mark.parametrize(
    ("answers", "named"),
    [({"二.（九）": "done"}, "二.（九）"), ({"三.（二）": "maybe"}, "三.（二）"), ({"四.（一）": 1}, "四.（一）")],
)
def test_bad_answers_name_the_practice(answers: dict[str, object], named: str) -> None:
    with pytest.raises(InputError) as err:
        _run(answers)
    assert named in err.value.message


def test_basic_practices_are_those_whose_words_state_a_duty_or_baseline() -> None:
    basic = [p.id for p in load_guide().practices().values() if p.basic_marker]
    assert basic == ["三.（一）", "三.（四）", "四.（三）", "五.（四）", "五.（五）", "十.（二）"]
