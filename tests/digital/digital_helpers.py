"""Builders for digital-assessment test inputs (contract JSON)."""

from __future__ import annotations

import copy
from typing import Any

MULTI = {1, 4, 6, 7, 9, 10}
N_OPTIONS = {1: 5, 2: 5, 3: 5, 4: 15, 5: 5, 6: 5, 7: 5, 8: 6, 9: 5, 10: 6, 11: 5, 12: 3, 13: 3, 14: 3, 15: 3}
CONSTRAINED = [
    "产品设计",
    "营销管理",
    "生产管控",
    "质量管理",
    "设备管理",
    "安全生产",
    "能耗管理",
    "采购管理",
    "仓储物流",
    "财务管理",
]
GUIDED = ["工艺设计", "售后服务", "计划排程", "人力资源", "协同办公", "决策支持"]


def zero_answers() -> dict[str, Any]:
    """Every question at its first option (无 / the lowest bracket / the worst trend)."""
    return {str(q): ([0] if q in MULTI else 0) for q in N_OPTIONS}


def full(q: int) -> Any:
    return list(range(1, N_OPTIONS[q])) if q in MULTI else N_OPTIONS[q] - 1


def answers_with_full(*questions: int) -> dict[str, Any]:
    """Zero answers, except the given questions at their top answer."""
    answers = zero_answers()
    for q in questions:
        answers[str(q)] = full(q)
    return answers


def firm(answers: dict[str, Any] | None = None, scenarios: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"answers": copy.deepcopy(answers if answers is not None else zero_answers()), "scenarios": scenarios or {}}


def scenarios_at(level: int, constrained: int, guided: int) -> dict[str, list[int]]:
    """`constrained` 约束性 and `guided` 指导性 scenarios meeting levels 1..level."""
    names = CONSTRAINED[:constrained] + GUIDED[:guided]
    return {name: list(range(1, level + 1)) for name in names}
