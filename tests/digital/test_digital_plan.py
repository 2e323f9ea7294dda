"""`plan`: applying it reaches the target, and no brute-force search finds a shorter one."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from digital_helpers import CONSTRAINED, GUIDED, MULTI, N_OPTIONS, answers_with_full, firm, scenarios_at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyhub.digital.answers import Firm, parse_firm
from policyhub.digital.catalog import load_catalog
from policyhub.digital.plan import apply_steps, make_plan, next_steps
from policyhub.digital.scoring import assess

CAT = load_catalog()
SCENARIOS = CONSTRAINED + GUIDED

# An independent oracle in integers: score × 140 × 10⁶ (140 = lcm of n−1 over all questions), weights as printed.
WEIGHT_PPM = {
    1: 80000,
    2: 60000,
    3: 60000,
    4: 100000,
    5: 100000,
    6: 50000,
    7: 50000,
    8: 75000,
    9: 75000,
    10: 75000,
    11: 75000,
    12: 70000,
    13: 70000,
    14: 30000,
    15: 30000,
}
SCALE = 140 * 1_000_000
TABLE = {1: (20, 6, 3), 2: (40, 6, 3), 3: (60, 8, 5), 4: (80, 10, 6)}


# What a plan may do (issue 13: "outcome questions (Q12–Q15) are never proposed as changes"; "no jump to > 60 % of
# revenue" for Q11): 单选 raises per plan and the highest option proposed, restated here independently of the data.
OUTCOMES = {12, 13, 14, 15}
MAX_RAISE = {2: 2, 3: 2, 11: 1}
CEILING = {11: 3}


def allowed_top(q: int, units: int) -> int:
    """The highest option (or option count) a plan may bring question q to from `units`."""
    if q in OUTCOMES:
        return units
    top = N_OPTIONS[q] - 1
    if q not in MULTI:
        top = min(top, units + MAX_RAISE.get(q, top), max(units, CEILING.get(q, top)))
    return max(units, top)


def step_value(q: int) -> int:
    return 100 * 140 // (N_OPTIONS[q] - 1) * WEIGHT_PPM[q]


def oracle_reaches(units: dict[int, int], met: dict[str, frozenset[int]], target: int) -> bool:
    """Does a firm with `units` options per question and these scenario level sets reach `target`?"""
    min_score, min_n, min_c = TABLE[target]
    if sum(units[q] * step_value(q) for q in units) < min_score * SCALE:
        return False
    levels = {}
    for name in SCENARIOS:
        lv = 0
        while lv + 1 in met.get(name, frozenset()):
            lv += 1
        levels[name] = lv
    reached = [n for n in SCENARIOS if levels[n] >= target]
    return len(reached) >= min_n and sum(n in CONSTRAINED for n in reached) >= min_c


def units_of(f: Firm) -> dict[int, int]:
    out = {}
    for q, a in f.answers.items():
        out[q] = a.choice if isinstance(a.choice, int) else len(a.choice - {0})
    return out


def brute_force_shorter_exists(f: Firm, target: int, limit: int) -> bool:
    """Try every set of fewer than `limit` one-option / one-level changes."""
    units = units_of(f)
    moves: list[tuple[str, Any]] = [("q", q) for q in units for _ in range(allowed_top(q, units[q]) - units[q])]
    moves += [("s", (n, lv)) for n in SCENARIOS for lv in range(1, 5) if lv not in f.scenarios.get(n, frozenset())]
    for k in range(limit):
        for combo in combinations(moves, k):
            u = dict(units)
            met = {n: set(f.scenarios.get(n, frozenset())) for n in SCENARIOS}
            for kind, what in combo:
                if kind == "q":
                    u[what] += 1
                else:
                    met[what[0]].add(what[1])
            if oracle_reaches(u, {n: frozenset(s) for n, s in met.items()}, target):
                return True
    return False


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


scenario_strategy = st.dictionaries(st.sampled_from(SCENARIOS), st.lists(st.integers(1, 4), max_size=4, unique=True))


@settings(max_examples=120, deadline=None)
@given(answers_strategy(), scenario_strategy, st.integers(1, 4))
def test_applying_the_plan_and_reassessing_reaches_the_target(
    answers: dict[str, Any], scenarios: Any, target: int
) -> None:
    f = parse_firm(firm(answers, scenarios), CAT)
    plan = make_plan(f, target, CAT)
    after = assess(apply_steps(f, plan.steps), CAT)
    assert plan.after.level == after.level
    # reachable by actions alone: every allowed raise and every scenario level met
    best = {q: allowed_top(q, u) for q, u in units_of(f).items()}
    full_scenarios = {n: frozenset(range(1, 5)) for n in SCENARIOS}
    reachable = assess(f, CAT).level >= target or oracle_reaches(best, full_scenarios, target)
    assert (after.level >= target) == reachable
    if reachable:
        units = units_of(apply_steps(f, plan.steps))
        met = apply_steps(f, plan.steps).scenarios
        assert oracle_reaches(units, met, target)  # the independent oracle agrees
    if assess(f, CAT).level >= target:
        assert plan.steps == ()


@settings(max_examples=120, deadline=None)
@given(answers_strategy(), scenario_strategy, st.integers(1, 4))
def test_every_step_is_named_in_the_indicator_own_words(answers: dict[str, Any], scenarios: Any, target: int) -> None:
    f = parse_firm(firm(answers, scenarios), CAT)
    for step in make_plan(f, target, CAT).steps:
        if step.kind == "answer":
            assert step.question is not None and step.option is not None
            assert step.text == CAT.questions[step.question].options[step.option]
        else:
            assert step.scenario is not None and step.level is not None
            assert step.text == CAT.scenarios[step.scenario].levels[step.level - 1]


# Small cases: firms a few changes away from a level boundary, so brute force over all change sets is feasible.
BASES = [
    firm(answers_with_full(4, 5), scenarios_at(1, 3, 3)),  # exactly 一级
    firm(answers_with_full(6, 7, 8, 9, 10, 11), scenarios_at(2, 3, 3)),  # exactly 二级
    firm(answers_with_full(4, 5, 6, 7, 8, 9, 10, 11), scenarios_at(3, 5, 3)),  # exactly 三级
    firm(answers_with_full(*N_OPTIONS), scenarios_at(4, 10, 6)),  # everything
]


@st.composite
def near_boundary(draw: st.DrawFn) -> tuple[Firm, int]:
    """A base firm exactly at level `target`, then up to 3 one-step downgrades (so the plan has ≤ 3 steps)."""
    target = draw(st.integers(1, len(BASES)))
    data = BASES[target - 1]
    f = parse_firm(data, CAT)
    answers = dict(f.answers)
    scenarios = dict(f.scenarios)
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            # not Q11 (at its top, above what a plan proposes) nor Q12–Q15 (outcomes): a plan could not undo those
            q = draw(st.sampled_from(sorted(set(N_OPTIONS) - OUTCOMES - {11})))
            choice = answers[q].choice
            if isinstance(choice, int) and choice > 0:
                answers[q] = type(answers[q])(q, choice - 1)
            elif isinstance(choice, frozenset) and choice != {0}:
                rest = choice - {max(choice)}
                answers[q] = type(answers[q])(q, rest or frozenset({0}))
        else:
            name = draw(st.sampled_from(SCENARIOS))
            met = scenarios.get(name, frozenset())
            if met:
                scenarios[name] = met - {draw(st.sampled_from(sorted(met)))}
    return Firm(answers, scenarios), target


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_boundary())
def test_no_plan_is_longer_than_brute_force_finds(case: tuple[Firm, int]) -> None:
    f, target = case
    plan = make_plan(f, target, CAT)
    assert len(plan.steps) <= 3  # undoing the downgrades is always a plan
    assert not brute_force_shorter_exists(f, target, len(plan.steps))


@pytest.mark.parametrize("target", [1, 2, 3, 4])
def test_plan_from_nothing_reaches_every_level_actions_can_reach(target: int) -> None:
    f = parse_firm(firm(), CAT)
    plan = make_plan(f, target, CAT)
    # 四级 needs ≥80 分: without the 20 outcome points (数字化成效 20%) and with Q11 capped, actions give < 80
    assert plan.after.level == (target if target < 4 else 3)
    rule = CAT.levels[target - 1]
    # the scenario part is exact: rule.min_scenarios scenarios × `target` levels each
    assert sum(s.kind == "scenario" for s in plan.steps) == rule.min_scenarios * target


def test_plan_prefers_the_largest_score_gains() -> None:
    # 一级 needs 20 points from nothing: Q5 (2.5 each) ×4 = 10, Q1 (2.0) ×4 = 8, then one more 2.0? no: Q4 0.714…
    f = parse_firm(firm(scenarios=scenarios_at(1, 3, 3)), CAT)
    steps = make_plan(f, 1, CAT).steps
    gains = [s.gain for s in steps if s.kind == "answer"]
    assert gains == sorted(gains, reverse=True)
    assert sum(gains) >= 20 and sum(gains[:-1]) < 20


def test_plan_for_a_level_already_held_is_empty() -> None:
    f = parse_firm(BASES[1], CAT)
    assert make_plan(f, 2, CAT).steps == () and make_plan(f, 1, CAT).steps == ()


def test_raising_a_scenario_fills_the_missing_lower_level_first() -> None:
    # 产品设计 meets [2, 3] but not 1: a single change (level 1) lifts it to 3 (备注 2)
    data = firm(answers_with_full(*N_OPTIONS), scenarios_at(3, 4, 3) | {"财务管理": [2, 3]})
    f = parse_firm(data, CAT)
    plan = make_plan(f, 3, CAT)
    assert [(s.scenario, s.level) for s in plan.steps] == [("财务管理", 1)]
    assert plan.after.level == 3


@settings(max_examples=150, deadline=None)
@given(answers_strategy(), scenario_strategy)
def test_assessed_level_agrees_with_the_integer_oracle(answers: dict[str, Any], scenarios: Any) -> None:
    f = parse_firm(firm(answers, scenarios), CAT)
    a = assess(f, CAT)
    assert 0 <= a.score <= 100 and sum(a.dimension_scores.values()) == a.score
    expected = max([t for t in TABLE if oracle_reaches(units_of(f), f.scenarios, t)], default=0)
    assert a.level == expected


def test_next_steps_continue_past_the_next_level_when_it_needs_fewer_than_three() -> None:
    f = parse_firm(firm(answers_with_full(4, 5, 6, 7, 8, 9, 10, 11), scenarios_at(2, 3, 3)), CAT)
    a = assess(f, CAT)
    assert a.level == 2
    first = make_plan(f, 3, CAT).steps
    steps = next_steps(a, CAT)
    assert len(steps) == 3 and list(steps[: len(first)]) == list(first[:3])


def test_no_next_steps_at_level_4() -> None:
    f = parse_firm(BASES[3], CAT)
    assert next_steps(assess(f, CAT), CAT) == []
