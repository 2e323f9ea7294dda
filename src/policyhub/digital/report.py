"""The JSON shapes the CLI and the API share (numbers rounded only here, for output)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any, NotRequired, TypedDict

from policyhub.digital.answers import parse_firm
from policyhub.digital.catalog import Catalog, load_catalog
from policyhub.digital.plan import Plan, Step, make_plan, next_steps
from policyhub.digital.scoring import Assessment, assess


class NextStep(TypedDict):
    """One change in the indicator's words: an answer's next option (with its gain) or a scenario's next level."""

    kind: str  # "answer" or "scenario"
    subject: str
    text: str
    question: NotRequired[int | None]  # answer steps
    option: NotRequired[int | None]
    gain: NotRequired[float]
    scenario: NotRequired[str | None]  # scenario steps
    level: NotRequired[int | None]
    hint: NotRequired[str]
    citation: NotRequired[str]  # the firm report cites the table a step comes from


class Dimension(TypedDict):
    """A dimension's sub-score out of its weight."""

    name: str
    weight: int
    score: float
    percent: float


class QuestionScore(TypedDict):
    """One question: the answer given, its points and its contribution to the score."""

    number: int
    text: str
    type: str
    answer: int | list[int]
    answer_text: str | list[str]
    points: float
    weight: float
    contribution: float
    figures: NotRequired[dict[str, float]]  # an answer derived from raw figures
    derived: NotRequired[dict[str, str]]


class LevelCondition(TypedDict):
    """A level's three conditions (score, scenarios, constrained scenarios), each met or not."""

    level: int
    name: str
    requirement: str
    min_score: int
    min_scenarios: int
    min_constrained: int
    score_ok: bool
    scenarios: int
    constrained: int
    met: bool


class NextLevel(TypedDict):
    """The level above and how many changes its smallest plan takes."""

    level: int
    name: str
    changes: int
    reachable: bool


class AssessmentReport(TypedDict):
    """The assess contract: score, level, sub-scores, scenario levels, each level's conditions, the answers."""

    firm: str | None
    score: float
    score_exact: str
    level: int
    level_name: str
    dimension_scores: dict[str, float]
    dimensions: list[Dimension]
    scenario_levels: dict[str, int]
    constrained_scenarios: list[str]
    level_checks: list[LevelCondition]
    questions: list[QuestionScore]
    next_steps: list[NextStep]
    next_level: NextLevel | None


class Standpoint(TypedDict):
    """A score and a level, before or after a plan."""

    score: float
    level: int


class PlanReport(TypedDict):
    """The plan contract: target, the changes, the score and level before and after, what stays short."""

    firm: str | None
    target: int
    target_name: str
    changes: int
    steps: list[NextStep]
    before: Standpoint
    after: Standpoint
    reached: bool
    kept: list[int]
    outcomes: list[int]
    short_by: float | None


def points(value: Fraction) -> float:
    """Round for output only: 2 decimals, half up (四舍五入) on the exact value, so 52.325 → 52.33."""
    hundredths = math.floor(value * 100 + Fraction(1, 2))
    return float(Decimal(hundredths) / 100)


def _answer_text(choice: int | frozenset[int], options: tuple[str, ...]) -> str | list[str]:
    return options[choice] if isinstance(choice, int) else [options[i] for i in sorted(choice)]


def step_to_dict(step: Step) -> NextStep:
    """A plan step as JSON: the answer's question, option and gain, or the scenario and its level."""
    out: NextStep = {"kind": step.kind, "subject": step.subject, "text": step.text}
    if step.kind == "answer":
        out["question"], out["option"], out["gain"] = step.question, step.option, points(step.gain)
    else:
        out["scenario"], out["level"] = step.scenario, step.level
    if step.hint:
        out["hint"] = step.hint
    return out


def assessment_to_dict(a: Assessment, catalog: Catalog, steps: int = 3) -> AssessmentReport:
    """The assess contract: score, level, level_name, scenario_levels, dimension sub-scores, and detail."""
    dims: list[Dimension] = []
    for name, weight in catalog.dimensions:
        value = a.dimension_scores[name]
        dims.append({"name": name, "weight": weight, "score": points(value), "percent": points(value * 100 / weight)})
    questions: list[QuestionScore] = []
    for item in a.items:
        q = catalog.questions[item.question]
        answer = a.firm.answers[item.question]
        row: QuestionScore = {
            "number": q.number,
            "text": q.text,
            "type": q.type,
            "answer": item.choice if isinstance(item.choice, int) else sorted(item.choice),
            "answer_text": _answer_text(item.choice, q.options),
            "points": points(item.points),
            "weight": float(item.weight),
            "contribution": points(item.contribution),
        }
        if answer.figures:
            row["figures"] = {k: float(v) for k, v in answer.figures.items()}
            row["derived"] = dict(answer.derived)
        questions.append(row)
    checks: list[LevelCondition] = [
        {
            "level": c.level,
            "name": catalog.level_name(c.level),
            "requirement": f"≥{rule.min_score} 分；{rule.requirement}",
            "min_score": rule.min_score,
            "min_scenarios": rule.min_scenarios,
            "min_constrained": rule.min_constrained,
            "score_ok": c.score_ok,
            "scenarios": c.scenarios,
            "constrained": c.constrained,
            "met": c.met,
        }
        for c, rule in zip(a.checks, catalog.levels, strict=True)
    ]
    return {
        "firm": a.firm.name,
        "score": points(a.score),
        "score_exact": str(a.score),
        "level": a.level,
        "level_name": catalog.level_name(a.level),
        "dimension_scores": {d["name"]: d["score"] for d in dims},
        "dimensions": dims,
        "scenario_levels": dict(a.scenario_levels),
        "constrained_scenarios": [n for n, s in catalog.scenarios.items() if s.constrained],
        "level_checks": checks,
        "questions": questions,
        "next_steps": [step_to_dict(s) for s in next_steps(a, catalog, steps)] if steps else [],
        "next_level": _next_level(a, catalog),
    }


def _next_level(a: Assessment, catalog: Catalog) -> NextLevel | None:
    """The level above and how many changes its smallest plan takes (None at 四级)."""
    if a.level >= len(catalog.levels):
        return None
    plan = make_plan(a.firm, a.level + 1, catalog)
    reachable = plan.after.level > a.level  # not when only outcomes (Q12–Q15) or step limits stand in the way
    return {
        "level": a.level + 1,
        "name": catalog.level_name(a.level + 1),
        "changes": len(plan.steps),
        "reachable": reachable,
    }


def plan_to_dict(plan: Plan, catalog: Catalog) -> PlanReport:
    """The plan contract: target, the number of changes, each change in the indicator's words, before/after."""
    return {
        "firm": plan.before.firm.name,
        "target": plan.target,
        "target_name": catalog.level_name(plan.target),
        "changes": len(plan.steps),
        "steps": [step_to_dict(s) for s in plan.steps],
        "before": {"score": points(plan.before.score), "level": plan.before.level},
        "after": {"score": points(plan.after.score), "level": plan.after.level},
        "reached": plan.after.level >= plan.target,
        "kept": list(plan.keep),
        "outcomes": list(plan.outcomes),
        "short_by": _short_by(plan, catalog),
    }


def _short_by(plan: Plan, catalog: Catalog) -> float | None:
    """Points the plan's actions leave missing towards the target's minimum score (None when the score is met)."""
    missing = catalog.levels[plan.target - 1].min_score - plan.after.score
    return points(missing) if missing > 0 else None


def result_and_plan(submission: Any) -> tuple[AssessmentReport, PlanReport | None]:
    """A submission's assessment and its plan to the next level (None at the top level), as JSON-ready dicts."""
    catalog = load_catalog()
    firm = parse_firm(submission, catalog)
    result = assessment_to_dict(assess(firm, catalog), catalog)
    plan = None
    if result["level"] < len(catalog.levels):
        plan = plan_to_dict(make_plan(firm, result["level"] + 1, catalog), catalog)
    return result, plan
