"""评分逻辑 and 判定方法: every question's scoring, every level boundary, the no-skipping rule."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from digital_helpers import CONSTRAINED, GUIDED, MULTI, N_OPTIONS, answers_with_full, firm, scenarios_at, zero_answers

from policyhub.digital.answers import parse_firm
from policyhub.digital.catalog import load_catalog
from policyhub.digital.report import points
from policyhub.digital.scoring import Assessment, assess, operations_share, scenario_level

CAT = load_catalog()
# 评分逻辑 1, as printed: 3 options 0/50/100, 5 options 0/25/50/75/100, 6 options 0/20/40/60/80/100
PRINTED_SINGLE = {3: [0, 50, 100], 5: [0, 25, 50, 75, 100], 6: [0, 20, 40, 60, 80, 100]}


def run(data: dict[str, Any]) -> Assessment:
    return assess(parse_firm(data, CAT), CAT)


def item(a: Assessment, q: int) -> Fraction:
    return a.items[q - 1].points


@pytest.mark.parametrize("q", [q for q in N_OPTIONS if q not in MULTI])
def test_single_choice_options_score_evenly_from_0_to_100(q: int) -> None:
    for index, expected in enumerate(PRINTED_SINGLE[N_OPTIONS[q]]):
        answers = zero_answers()
        answers[str(q)] = index
        a = run(firm(answers))
        assert item(a, q) == expected
        assert a.score == expected * CAT.questions[q].weight


@pytest.mark.parametrize("q", sorted(MULTI))
def test_multi_choice_scores_selected_times_100_over_options_minus_one(q: int) -> None:
    n = N_OPTIONS[q]
    assert item(run(firm()), q) == 0  # 选“无”得分为 0
    for k in range(1, n):
        answers = zero_answers()
        answers[str(q)] = list(range(n - k, n))  # which options does not matter, only how many
        a = run(firm(answers))
        assert item(a, q) == Fraction(k * 100, n - 1)
        assert a.score == Fraction(k * 100, n - 1) * CAT.questions[q].weight


def test_q4_one_business_link_is_100_over_14() -> None:
    answers = zero_answers()
    answers["4"] = [7]
    assert item(run(firm(answers)), 4) == Fraction(100, 14)


def test_all_top_answers_score_exactly_100_and_dimensions_50_30_20() -> None:
    a = run(firm(answers_with_full(*N_OPTIONS)))
    assert a.score == 100
    assert a.dimension_scores == {"数字化基础": 50, "数字化管理": 30, "数字化成效": 20}


def test_dimension_scores_sum_to_the_total() -> None:
    answers = zero_answers() | {"1": [1], "5": 2, "8": 3, "10": [2, 4], "13": 1, "15": 2}
    a = run(firm(answers))
    assert sum(a.dimension_scores.values()) == a.score
    assert a.dimension_scores["数字化基础"] == Fraction(25 * 8 + 50 * 10, 100)


@pytest.mark.parametrize(
    ("met", "level"),
    [
        ([], 0),
        ([1], 1),
        ([1, 2], 2),
        ([1, 2, 3], 3),
        ([1, 2, 3, 4], 4),
        ([2], 0),
        ([2, 3, 4], 0),
        ([1, 3, 4], 1),
        ([1, 2, 4], 2),
        ([4, 3, 1, 2], 4),
    ],
)
def test_scenario_level_stops_at_first_unmet_level(met: list[int], level: int) -> None:
    assert scenario_level(frozenset(met)) == level
    assert run(firm(scenarios={"产品设计": met})).scenario_levels["产品设计"] == level


def test_missing_scenario_is_level_0() -> None:
    assert set(run(firm()).scenario_levels.values()) == {0}


# Score exactly at a boundary, built from whole items (no rounding anywhere):
EXACT = {
    20: (4, 5),  # 10 + 10
    40: (6, 7, 8, 9, 10, 11),  # 5 + 5 + 7.5 × 4
    60: (4, 5, 6, 7, 8, 9, 10, 11),  # 20 + 10 + 30
    80: (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),  # everything but 数字化成效
}
ALL_SCENARIOS_AT_4 = scenarios_at(4, 10, 6)


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_score_exactly_at_the_threshold_reaches_the_level(level: int) -> None:
    threshold = CAT.levels[level - 1].min_score
    a = run(firm(answers_with_full(*EXACT[threshold]), ALL_SCENARIOS_AT_4))
    assert a.score == threshold
    assert a.level == level


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_score_just_under_the_threshold_does_not(level: int) -> None:
    threshold = CAT.levels[level - 1].min_score
    answers = answers_with_full(*EXACT[threshold])
    answers["4"] = list(range(1, 14)) if 4 in EXACT[threshold] else answers["4"]
    if 4 not in EXACT[threshold]:
        answers["6"] = [1, 2, 3]  # one option less: −1.25
    a = run(firm(answers, ALL_SCENARIOS_AT_4))
    assert threshold - 2 < a.score < threshold
    assert a.level == level - 1


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_scenario_counts_at_the_requirement_reach_the_level(level: int) -> None:
    rule = CAT.levels[level - 1]
    guided = rule.min_scenarios - rule.min_constrained
    a = run(firm(answers_with_full(*N_OPTIONS), scenarios_at(level, rule.min_constrained, guided)))
    assert a.level == level


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_one_scenario_short_stays_below(level: int) -> None:
    rule = CAT.levels[level - 1]
    guided = rule.min_scenarios - rule.min_constrained - 1
    a = run(firm(answers_with_full(*N_OPTIONS), scenarios_at(level, rule.min_constrained, guided)))
    assert a.level < level


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_one_constrained_short_stays_below_even_with_enough_scenarios(level: int) -> None:
    rule = CAT.levels[level - 1]
    guided = min(len(GUIDED), rule.min_scenarios - rule.min_constrained + 1)
    constrained = rule.min_constrained - 1
    scenarios = scenarios_at(level, constrained, guided)
    assert len(scenarios) >= rule.min_scenarios or level == 4  # 4级: only 6 指导性 exist, 5 + 6 = 11 ≥ 10
    a = run(firm(answers_with_full(*N_OPTIONS), scenarios))
    assert a.level < level


def test_level_4_with_ten_scenarios_but_only_four_constrained_is_level_3() -> None:
    scenarios = scenarios_at(4, 4, 6) | {name: [1, 2, 3] for name in CONSTRAINED[4:5]}
    a = run(firm(answers_with_full(*N_OPTIONS), scenarios))
    assert a.checks[3].scenarios == 10 and a.checks[3].constrained == 4
    assert a.level == 3


def test_both_parts_must_hold_high_score_without_scenarios_is_no_level() -> None:
    a = run(firm(answers_with_full(*N_OPTIONS)))
    assert a.score == 100 and a.level == 0


def test_enough_scenarios_without_score_is_no_level() -> None:
    a = run(firm(zero_answers(), ALL_SCENARIOS_AT_4))
    assert a.score == 0 and a.level == 0


def test_scenario_level_above_the_requirement_counts_as_reaching_it() -> None:
    # “等级需达到一级”: a level-3 scenario counts toward the 一级 requirement
    a = run(firm(answers_with_full(4, 5), scenarios_at(3, 3, 3)))
    assert a.level == 1


def test_score_is_rounded_half_up_on_the_exact_value_only_for_output() -> None:
    assert points(Fraction(2093, 40)) == 52.33  # 52.325 exactly; a binary float would give 52.32
    assert points(Fraction(100, 3)) == 33.33 and points(Fraction(200, 3)) == 66.67
    assert points(Fraction(0)) == 0.0 and points(Fraction(100)) == 100.0


def test_the_operations_share_is_the_mean_scenario_level_over_four_and_zero_without_scenarios() -> None:
    assert operations_share({"研发设计": 4, "生产管控": 2, "采购管理": 0}) == 50.0
    assert operations_share({"研发设计": 1, "生产管控": 1, "采购管理": 1}) == 25.0
    assert operations_share({}) == 0.0  # no scenario given: nothing met, not a division by zero
