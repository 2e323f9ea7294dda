"""The smallest set of one-option / one-level changes that lifts a firm to a target level (exact, see docs)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction

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


def _device_hint(q: Question, answer: Answer, option: int) -> str:
    """For Q2/Q3 given as counts: how many devices the bracket needs (the smallest M with M/N above its floor)."""
    if not isinstance(q.raw, RatioRaw) or q.raw.denominator not in answer.figures:
        return ""
    total = int(answer.figures[q.raw.denominator])
    if total == 0 or option == 0:
        return ""
    need = math.floor(q.raw.upper_bounds[option - 1] * total / 100) + 1
    return f"≥{need}/{total} 台 ({q.raw.fields[q.raw.numerator]})"


def answer_steps(firm: Firm, catalog: Catalog) -> list[Step]:
    """Every one-option raise still open, per question in printed option order."""
    steps = []
    for number, q in catalog.questions.items():
        answer = firm.answers[number]
        subject = f"Q{number}（{q.text}）"
        gain = q.weight * q.step_points  # every option is worth the same: 100/(n−1) × weights
        if isinstance(answer.choice, int):
            todo = list(range(answer.choice + 1, len(q.options)))
        else:
            todo = [i for i in range(1, len(q.options)) if i not in answer.choice]  # 无 (0) is never "added"
        for i in todo:
            hint = _device_hint(q, answer, i) if isinstance(answer.choice, int) else ""
            steps.append(Step("answer", subject, q.options[i], question=number, option=i, gain=gain, hint=hint))
    return steps


def score_steps(firm: Firm, needed: Fraction, catalog: Catalog) -> list[Step]:
    """Fewest steps adding ≥ needed points: the largest gains first (all steps cost one, so greedy is exact)."""
    ranked = sorted(answer_steps(firm, catalog), key=lambda s: (-s.gain, s.question or 0, s.option or 0))
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


def make_plan(firm: Firm, target: int, catalog: Catalog) -> Plan:
    """The smallest plan reaching `target` (1–4): score steps and scenario steps are independent, each exact."""
    if type(target) is not int or not 1 <= target <= len(catalog.levels):
        top = len(catalog.levels)
        raise InputError(f"目标等级应为 1–{top} target level must be 1–{top}，收到 got {target!r}", "invalid_target")
    before = assess(firm, catalog)
    if before.level >= target:
        return Plan(target, (), before, before)
    rule = catalog.levels[target - 1]
    needed = max(Fraction(0), rule.min_score - before.score)
    score_part = score_steps(firm, needed, catalog)
    scenario_part = scenario_steps(firm, rule, catalog)
    steps = tuple(_suggested_order(score_part, scenario_part, needed))
    after = assess(apply_steps(firm, steps), catalog)
    return Plan(target, steps, before, after)


def next_steps(assessment: Assessment, catalog: Catalog, count: int = 3) -> list[Step]:
    """The first `count` steps along the smallest plans level by level (the next level first; none at 四级)."""
    steps: list[Step] = []
    firm, level = assessment.firm, assessment.level
    while len(steps) < count and level < len(catalog.levels):
        plan = make_plan(firm, level + 1, catalog)
        steps += plan.steps
        firm, level = apply_steps(firm, plan.steps), plan.after.level
    return steps[:count]
