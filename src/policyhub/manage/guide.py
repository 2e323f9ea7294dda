"""The guide as shipped data: nine areas 二…十 and their practices, with which practices we treat as basic."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypedDict

DATA = Path(__file__).with_name("data") / "guide.json"
# The guide prints no weights. We call a practice basic (基础) when its own words state a legal duty or a
# baseline: 三（四）"依法为员工提供'五险一金'", 四（三）"严格遵守相关法律法规", 五（四）"应符合相关标准要求",
# 五（五）"全员安全生产培训制度", 十（二）"坚持依法合规", 三（一）"基本满足需求…基本匹配". Ours, not the guide's.
BASIC_MARKERS = ("依法", "法律法规", "符合相关标准", "安全生产", "基本满足", "基本匹配")


@dataclass(frozen=True)
class Practice:
    """One numbered practice, e.g. 二.（一）明确战略定位, in the guide's words."""

    id: str
    area: str
    title: str
    text: str
    citation: str
    line: int

    @property
    def basic_marker(self) -> str | None:
        """The words that make it basic in our ordering (None if none of BASIC_MARKERS occurs)."""
        return next((w for w in BASIC_MARKERS if w in self.text), None)


@dataclass(frozen=True)
class Area:
    """One capability area 二…十 with its practices in printed order."""

    no: str
    title: str
    citation: str
    practices: tuple[Practice, ...]


@dataclass(frozen=True)
class Guide:
    """The guide's document id, number and areas."""

    document: str
    number: str
    areas: tuple[Area, ...]

    def practices(self) -> dict[str, Practice]:
        """Every practice by id, in printed order."""
        return {p.id: p for a in self.areas for p in a.practices}


class Question(TypedDict):
    """One practice as asked: its id, title and text, where it is printed, and whether we treat it as basic."""

    id: str
    title: str
    text: str
    citation: str
    basic: bool


class QuestionArea(TypedDict):
    """One area 二…十 and its practices, as asked."""

    no: str
    title: str
    citation: str
    practices: list[Question]


class Questionnaire(TypedDict):
    """The questionnaire contract (`manage questions`): the guide, the three answers, the areas."""

    document: str
    number: str
    statuses: dict[str, str]
    areas: list[QuestionArea]


@cache
def load_guide() -> Guide:
    """The shipped guide (built from the seed by policyhub.manage.extract)."""
    raw: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    areas = tuple(
        Area(a["no"], a["title"], a["citation"],
             tuple(Practice(p["id"], a["no"], p["title"], p["text"], p["citation"], p["line"]) for p in a["practices"]))
        for a in raw["areas"]
    )  # fmt: skip
    return Guide(raw["document"], raw["number"], areas)


def questions() -> Questionnaire:
    """The questionnaire contract: areas with their practices (id, title, text, citation, basic)."""
    g = load_guide()
    return {
        "document": g.document,
        "number": g.number,
        "statuses": {"done": "已开展", "partly": "部分开展", "none": "未开展"},
        "areas": [
            {"no": a.no, "title": a.title, "citation": a.citation,
             "practices": [{"id": p.id, "title": p.title, "text": p.text, "citation": p.citation,
                            "basic": p.basic_marker is not None} for p in a.practices]}
            for a in g.areas
        ],
    }  # fmt: skip
