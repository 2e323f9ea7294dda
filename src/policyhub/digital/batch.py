"""Many firms at once: each firm's result and percentile, the level distribution, the weakest indicators."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypedDict

from policyhub.digital.answers import parse_firm
from policyhub.digital.catalog import Catalog
from policyhub.digital.report import points
from policyhub.digital.scoring import Assessment, assess
from policyhub.errors import InputError


class FirmRow(TypedDict):
    """One firm in a batch: its score and level, where it stands among the others, its sub-scores."""

    firm: str
    score: float
    level: int
    level_name: str
    percentile: float
    dimension_scores: dict[str, float]
    scenario_levels: dict[str, int]


class LevelCount(TypedDict):
    """How many firms of the batch reached a level."""

    level: int
    level_name: str
    firms: int


class WeakQuestion(TypedDict):
    """An indicator the batch scores low on: mean points (0–100) and mean points lost from the total."""

    number: int
    text: str
    mean_points: float
    mean_lost: float


class WeakScenario(TypedDict):
    """A scenario the batch reaches low levels in (mean level 0–4)."""

    scenario: str
    constrained: bool
    mean_level: float


class Rejected(TypedDict):
    """A firm left out of the batch and why."""

    firm: str
    error: str


class BatchReport(TypedDict):
    """The batch contract: per-firm rows, the level distribution, the weakest indicators, the firms rejected."""

    count: int
    firms: list[FirmRow]
    distribution: list[LevelCount]
    weakest_questions: list[WeakQuestion]
    weakest_scenarios: list[WeakScenario]
    errors: list[Rejected]


@dataclass(frozen=True)
class FirmResult:
    """One firm's assessment and where it stands among the firms assessed together."""

    name: str
    assessment: Assessment
    percentile: Fraction


@dataclass(frozen=True)
class BatchResult:
    """The firms assessed, the ones rejected with the reason, and the aggregates."""

    firms: tuple[FirmResult, ...]
    errors: tuple[tuple[str, str], ...]
    distribution: dict[int, int]
    weakest_questions: tuple[tuple[int, Fraction], ...]  # (question, mean item score 0–100), weakest first
    weakest_scenarios: tuple[tuple[str, Fraction], ...]  # (scenario, mean level 0–4), weakest first


def percentile_ranks(scores: list[Fraction]) -> list[Fraction]:
    """Percentile rank: (firms scoring lower + half of those scoring the same, itself included) / n × 100."""
    n = len(scores)
    return [Fraction(100 * (2 * sum(o < s for o in scores) + sum(o == s for o in scores)), 2 * n) for s in scores]


def assess_many(
    entries: Iterable[tuple[str, Any]], catalog: Catalog, tick: Callable[[], None] | None = None
) -> BatchResult:
    """Assess each (name, contract JSON) entry; a bad entry is reported with its name and skipped."""
    done: list[tuple[str, Assessment]] = []
    errors: list[tuple[str, str]] = []
    for name, data in entries:
        try:
            if isinstance(data, InputError):
                raise data
            firm = parse_firm(data, catalog)
            done.append((name, assess(firm, catalog)))
        except InputError as exc:
            errors.append((name, exc.message))
        if tick:
            tick()
    ranks = percentile_ranks([a.score for _, a in done])
    firms = tuple(FirmResult(n, a, r) for (n, a), r in zip(done, ranks, strict=True))
    distribution = {lv: 0 for lv in range(len(catalog.levels) + 1)}
    for f in firms:
        distribution[f.assessment.level] += 1
    count = max(len(firms), 1)
    q_means = {
        q: sum((f.assessment.items[i].points for f in firms), Fraction(0)) / count
        for i, q in enumerate(catalog.questions)
    }
    weakest_q = sorted(q_means.items(), key=lambda kv: (kv[1], -catalog.questions[kv[0]].weight, kv[0]))
    s_means = {s: Fraction(sum(f.assessment.scenario_levels[s] for f in firms), count) for s in catalog.scenarios}
    order = list(catalog.scenarios)
    weakest_s = sorted(s_means.items(), key=lambda kv: (kv[1], order.index(kv[0])))
    return BatchResult(firms, tuple(errors), distribution, tuple(weakest_q), tuple(weakest_s))


def batch_to_dict(result: BatchResult, catalog: Catalog, top: int = 5) -> BatchReport:
    """JSON: per-firm rows (with percentile), the distribution by level name, the weakest indicators."""
    return {
        "count": len(result.firms),
        "firms": [
            {
                "firm": f.name,
                "score": points(f.assessment.score),
                "level": f.assessment.level,
                "level_name": catalog.level_name(f.assessment.level),
                "percentile": round(float(f.percentile), 1),
                "dimension_scores": {k: points(v) for k, v in f.assessment.dimension_scores.items()},
                "scenario_levels": dict(f.assessment.scenario_levels),
            }
            for f in result.firms
        ],
        "distribution": [
            {"level": lv, "level_name": catalog.level_name(lv), "firms": n} for lv, n in result.distribution.items()
        ],
        "weakest_questions": [
            {
                "number": q,
                "text": catalog.questions[q].text,
                "mean_points": points(mean),
                "mean_lost": points((100 - mean) * catalog.questions[q].weight),
            }
            for q, mean in result.weakest_questions[:top]
        ],
        "weakest_scenarios": [
            {"scenario": s, "constrained": catalog.scenarios[s].constrained, "mean_level": points(mean)}
            for s, mean in result.weakest_scenarios[:top]
        ],
        "errors": [{"firm": n, "error": e} for n, e in result.errors],
    }
