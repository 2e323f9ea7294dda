"""评分逻辑 and 判定方法: the score, each scenario's level, and the firm's level — all in exact fractions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from policyhub.digital.answers import Choice, Firm
from policyhub.digital.catalog import Catalog


@dataclass(frozen=True)
class ItemScore:
    """One 采集项: its 0–100 item score and its share of the 0–100 total."""

    question: int
    choice: Choice
    points: Fraction
    weight: Fraction
    contribution: Fraction


@dataclass(frozen=True)
class LevelCheck:
    """How a firm stands against one row of the 判定方法 table."""

    level: int
    score_ok: bool
    scenarios: int
    constrained: int
    met: bool


@dataclass(frozen=True)
class Assessment:
    """The result for one firm."""

    firm: Firm
    items: tuple[ItemScore, ...]
    score: Fraction
    dimension_scores: dict[str, Fraction]
    scenario_levels: dict[str, int]
    checks: tuple[LevelCheck, ...]
    level: int


def scenario_level(met: frozenset[int]) -> int:
    """The highest k with levels 1..k all met (备注 2: a level counts only after every lower one is met)."""
    level = 0
    while level + 1 in met:
        level += 1
    return level


def operations_share(levels: Mapping[str, int]) -> float:
    """数字化经营's share in percent: it is scored by scenario levels, not points, so the mean level over the four."""
    return round(100 * sum(levels.values()) / (4 * len(levels)), 2) if levels else 0.0  # no scenarios: nothing met


def score_choices(choices: Mapping[int, Choice], catalog: Catalog) -> tuple[ItemScore, ...]:
    """评分逻辑 2: 总分 = Σ 每个选项得分 × 采集项权重 × 二级指标权重 × 一级指标权重."""
    out = []
    for number, q in catalog.questions.items():
        points = q.points(choices[number])
        out.append(ItemScore(number, choices[number], points, q.weight, points * q.weight))
    return tuple(out)


def scenario_levels(firm: Firm, catalog: Catalog) -> dict[str, int]:
    return {name: scenario_level(firm.scenarios.get(name, frozenset())) for name in catalog.scenarios}


def level_checks(score: Fraction, levels: Mapping[str, int], catalog: Catalog) -> tuple[LevelCheck, ...]:
    """Each row of the table: score ≥ the row's points and enough scenarios (and 约束性 ones) at ≥ that level."""
    checks = []
    for rule in catalog.levels:
        reached = [name for name, lv in levels.items() if lv >= rule.level]  # “等级需达到” read as ≥
        constrained = sum(catalog.scenarios[name].constrained for name in reached)
        score_ok = score >= rule.min_score
        met = score_ok and len(reached) >= rule.min_scenarios and constrained >= rule.min_constrained
        checks.append(LevelCheck(rule.level, score_ok, len(reached), constrained, met))
    return tuple(checks)


def firm_level(checks: tuple[LevelCheck, ...]) -> int:
    """The highest row met with every lower row met too; none met → 0 (无等级)."""
    level = 0
    for check in checks:
        if not check.met:
            break
        level = check.level
    return level


def assess(firm: Firm, catalog: Catalog) -> Assessment:
    """Score the 15 items, grade the 16 scenarios, and judge the level (须同时满足两部分要求)."""
    items = score_choices({n: a.choice for n, a in firm.answers.items()}, catalog)
    score = sum((i.contribution for i in items), Fraction(0))
    dims = {name: Fraction(0) for name, _ in catalog.dimensions}
    for item in items:
        dims[catalog.questions[item.question].dimension] += item.contribution
    levels = scenario_levels(firm, catalog)
    checks = level_checks(score, levels, catalog)
    return Assessment(firm, items, score, dims, levels, checks, firm_level(checks))
