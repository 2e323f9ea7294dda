"""The smallest set of one-option / one-level changes that lifts a firm to a target level (exact, see docs)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from policyhub.digital.answers import Answer, Firm
from policyhub.digital.catalog import Catalog, LevelRule, Question, RatioRaw
from policyhub.digital.scoring import Assessment, assess
from policyhub.errors import InputError


@dataclass(frozen=True)
class Step:
    """One change: pick the next option of a question, or meet one more level description of a scenario."""

    kind: str  # "answer" or "scenario"
    subject: str  # "Q5（…）" or the scenario name
    text: str  # the indicator's own words for what the change needs
    question: int | None = None
    option: int | None = None
    scenario: str | None = None
    level: int | None = None
    gain: Fraction = Fraction(0)  # points added to the 0–100 score
    hint: str = ""


@dataclass(frozen=True)
class Plan:
    """Steps in the order we suggest them, with the assessment before and after applying them."""

    target: int
    steps: tuple[Step, ...]
    before: Assessment
    after: Assessment
    keep: tuple[int, ...] = ()  # answers the user locked (plan --keep 11,12)
    outcomes: tuple[int, ...] = ()  # 数字化成效 questions: results, never proposed


@dataclass(frozen=True)
class Limit:
    """How far one plan may move a 单选 answer: at most max_raise options, never above ceiling."""

    max_raise: int | None
    ceiling: int | None
    reason: str


@cache
def _rules() -> dict[str, Any]:
    text = resources.files("policyhub.digital").joinpath("data/plan_steps.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def outcome_questions(catalog: Catalog) -> tuple[int, ...]:
    """Q12–Q15: the 数字化成效 dimension measures what changes bring (…相比于改造前的变化情况), not a change."""
    dim = _rules()["outcome_dimension"]
    return tuple(n for n, q in catalog.questions.items() if q.dimension == dim)


def limits() -> dict[int, Limit]:
    """Realistic step sizes per question (data/plan_steps.json): Q11 one bracket, never above 60 % of revenue."""
    return {int(k): Limit(v["max_raise"], v["ceiling"], v["reason"]) for k, v in _rules()["steps"].items()}


def read_keep(value: Any, catalog: Catalog) -> frozenset[int]:
    """Question numbers a plan may not touch, from "11,12", [11, 12] or None; bad numbers are an InputError."""
    if value is None or value == "" or value == []:
        return frozenset()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise InputError(f"--keep 应为题号列表如 11,12 expected question numbers，收到 got {value!r}", "invalid_keep")
    out = set()
    for item in items:
        text = str(item).strip()
        if isinstance(item, bool) or not text.isdecimal() or int(text) not in catalog.questions:
            top = len(catalog.questions)
            raise InputError(f"--keep：{item!r} 不是题号 1–{top} is not a question number", "invalid_keep")
        out.add(int(text))
    return frozenset(out)


def _device_hint(q: Question, answer: Answer, option: int) -> str:
    """For Q2/Q3 given as counts: how many devices the bracket needs (the smallest M with M/N above its floor)."""
    if not isinstance(q.raw, RatioRaw) or q.raw.denominator not in answer.figures:
        return ""
    total = int(answer.figures[q.raw.denominator])
    if total == 0 or option == 0:
        return ""
    need = math.floor(q.raw.upper_bounds[option - 1] * total / 100) + 1
    return f"≥{need}/{total} 台 ({q.raw.fields[q.raw.numerator]})"


def answer_steps(firm: Firm, catalog: Catalog, keep: frozenset[int] = frozenset()) -> list[Step]:
    """Every one-option raise a firm can act on, per question in printed option order (no outcome, no kept one)."""
    steps = []
    skip = keep | set(outcome_questions(catalog))
    bounds = limits()
    for number, q in catalog.questions.items():
        if number in skip:
            continue
        answer = firm.answers[number]
        subject = f"Q{number}（{q.text}）"
        gain = q.weight * q.step_points  # every option is worth the same: 100/(n−1) × weights
        if isinstance(answer.choice, int):
            limit = bounds.get(number, Limit(None, None, ""))
            end = len(q.options)
            if limit.max_raise is not None:
                end = min(end, answer.choice + 1 + limit.max_raise)
            if limit.ceiling is not None:
                end = min(end, limit.ceiling + 1)
            todo = list(range(answer.choice + 1, end))
        else:
            todo = [i for i in range(1, len(q.options)) if i not in answer.choice]  # 无 (0) is never "added"
        for i in todo:
            hint = _device_hint(q, answer, i) if isinstance(answer.choice, int) else ""
            steps.append(Step("answer", subject, q.options[i], question=number, option=i, gain=gain, hint=hint))
    return steps


def score_steps(firm: Firm, needed: Fraction, catalog: Catalog, keep: frozenset[int] = frozenset()) -> list[Step]:
    """Fewest steps adding ≥ needed points: the largest gains first (all steps cost one, so greedy is exact)."""
    ranked = sorted(answer_steps(firm, catalog, keep), key=lambda s: (-s.gain, s.question or 0, s.option or 0))
    chosen: list[Step] = []
    total = Fraction(0)
    for step in ranked:
        if total >= needed:
            break
        chosen.append(step)
        total += step.gain
    return chosen


def scenario_steps(firm: Firm, rule: LevelRule, catalog: Catalog) -> list[Step]:
    """Cheapest scenarios to bring to the rule's level: cheapest 约束性 ones first, then the cheapest of the rest."""
    cost: dict[str, list[int]] = {}
    for name in catalog.scenarios:
        met = firm.scenarios.get(name, frozenset())
        cost[name] = [lv for lv in range(1, rule.level + 1) if lv not in met]
    order = list(catalog.scenarios)  # ties go to the printed order of the table

    def cheapest(names: list[str]) -> list[str]:
        return sorted(names, key=lambda n: (len(cost[n]), order.index(n)))

    picked = cheapest([n for n in order if catalog.scenarios[n].constrained])[: rule.min_constrained]
    rest = cheapest([n for n in order if n not in picked])
    picked += rest[: max(0, rule.min_scenarios - len(picked))]
    return [
        Step("scenario", name, catalog.scenarios[name].levels[lv - 1], scenario=name, level=lv)
        for name in cheapest(picked)
        for lv in cost[name]
    ]


def apply_steps(firm: Firm, steps: tuple[Step, ...] | list[Step]) -> Firm:
    """The firm after the changes (answers raised lose their raw figures: the option is now what counts)."""
    answers = dict(firm.answers)
    scenarios = dict(firm.scenarios)
    for step in steps:
        if step.kind == "answer" and step.question is not None and step.option is not None:
            old = answers[step.question].choice
            new = max(old, step.option) if isinstance(old, int) else frozenset((old - {0}) | {step.option})
            answers[step.question] = Answer(step.question, new)
        elif step.scenario is not None and step.level is not None:
            scenarios[step.scenario] = scenarios.get(step.scenario, frozenset()) | {step.level}
    return replace(firm, answers=answers, scenarios=scenarios)


def _suggested_order(score_part: list[Step], scenario_part: list[Step], needed: Fraction) -> list[Step]:
    """Steps closing the largest share of their own gap first (score gap or scenario gap); answers first on ties."""
    shares = [(s.gain / needed if needed > 0 else Fraction(0), 0, i, s) for i, s in enumerate(score_part)]
    shares += [(Fraction(1, len(scenario_part)), 1, i, s) for i, s in enumerate(scenario_part)]
    return [s for _, _, _, s in sorted(shares, key=lambda t: (-t[0], t[1], t[2]))]


def make_plan(firm: Firm, target: int, catalog: Catalog, keep: frozenset[int] = frozenset()) -> Plan:
    """The smallest plan towards `target` (1–4) a firm can act on; `keep` answers are not touched."""
    if type(target) is not int or not 1 <= target <= len(catalog.levels):
        top = len(catalog.levels)
        raise InputError(f"目标等级应为 1–{top} target level must be 1–{top}，收到 got {target!r}", "invalid_target")
    before = assess(firm, catalog)
    kept, outcomes = tuple(sorted(keep)), outcome_questions(catalog)
    if before.level >= target:
        return Plan(target, (), before, before, kept, outcomes)
    rule = catalog.levels[target - 1]
    needed = max(Fraction(0), rule.min_score - before.score)
    score_part = score_steps(firm, needed, catalog, keep)
    scenario_part = scenario_steps(firm, rule, catalog)
    steps = tuple(_suggested_order(score_part, scenario_part, needed))
    after = assess(apply_steps(firm, steps), catalog)
    return Plan(target, steps, before, after, kept, outcomes)


def next_steps(assessment: Assessment, catalog: Catalog, count: int = 3) -> list[Step]:
    """The first `count` steps along the smallest plans level by level (the next level first; none at 四级)."""
    steps: list[Step] = []
    firm, level = assessment.firm, assessment.level
    while len(steps) < count and level < len(catalog.levels):
        plan = make_plan(firm, level + 1, catalog)
        steps += plan.steps
        if plan.after.level <= level:  # not reachable by actions alone (outcomes or step limits): stop here
            break
        firm, level = apply_steps(firm, plan.steps), plan.after.level
    return steps[:count]
