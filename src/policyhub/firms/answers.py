"""A firm on file and its dated assessments: the rows the store reads, the summaries kept, what changed."""

from __future__ import annotations

from datetime import datetime
from typing import NotRequired, TypedDict


class Firm(TypedDict):
    """A firm on file: its id, name, credit code and sector (when given), and when it was first saved."""

    id: int
    name: str
    credit_code: str | None  # 统一社会信用代码
    sector: str | None  # an industry of the renewal guide
    created_at: datetime


class FirmListed(Firm):
    """A firm in the list, with how many assessments it has."""

    assessments: int


class DigitalSummary(TypedDict):
    """What a digital assessment keeps for its history: score, level, 得分率 per dimension, scenario levels, answers."""

    score: float
    level: int
    level_name: str
    dimensions: dict[str, float]
    scenario_levels: dict[str, int]
    answers: dict[str, str | list[str]]  # by question number, the option texts chosen
    questions: dict[str, str]


class ManageSummary(TypedDict):
    """What a management diagnosis keeps: the share in place overall and per area, each practice's status."""

    in_place: float | None
    areas: dict[str, float | None]
    area_titles: dict[str, str]
    statuses: dict[str, str]
    priorities: list[str]  # the first five practices to take up


class Change(TypedDict):
    """One figure, level or answer that moved between two assessments."""

    what: str
    before: str | float | list[str] | None
    after: str | float | list[str] | None
    delta: NotRequired[float | None]


class Assessment(TypedDict):
    """One dated assessment as kept: its kind, the answers as given and the summary of the result at the time."""

    id: int
    kind: str  # digital or manage
    kind_name: str
    on: str
    submission: object  # the answers as given (JSON)
    summary: DigitalSummary | ManageSummary  # as the kind says


_Span = TypedDict("_Span", {"from": str, "to": str})  # "from" is a keyword: the functional form


class Moved(_Span):
    """What changed between a kind's last two assessments (their dates, then each change)."""

    changes: list[Change]
