"""The management diagnosis: per area the share of practices in place, what is missing, and our priorities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NotRequired, TypedDict

from policyhub.errors import InputError
from policyhub.manage.guide import Guide, Practice, load_guide

# How much of a practice each answer counts as in place. 部分开展 counts half: the guide describes each practice
# as a whole and prints no scale, so half is the neutral reading of "partly" (ours; docs/manage.md).
CREDIT = {"done": Fraction(1), "partly": Fraction(1, 2), "none": Fraction(0)}
ALIASES = {"已开展": "done", "部分开展": "partly", "未开展": "none"}
NAMES = {"done": "已开展", "partly": "部分开展", "none": "未开展"}


@dataclass(frozen=True)
class Answer:
    """One practice's answer and its optional evidence (what the firm points to)."""

    status: str
    evidence: str = ""


@dataclass(frozen=True)
class Answers:
    """A firm's answers by practice id (unanswered practices are absent)."""

    firm: str
    answers: dict[str, Answer]


class PracticeItem(TypedDict):
    """A practice in the guide's words, with the firm's answer (and evidence) when it gave one."""

    id: str
    title: str
    text: str
    citation: str
    status: NotRequired[str]
    status_name: NotRequired[str]
    evidence: NotRequired[str]


class AreaResult(TypedDict):
    """One area: the share of its practices in place, what is missing and what is unanswered."""

    no: str
    title: str
    citation: str
    in_place: float | None
    practices: int
    answered: int
    done: int
    missing: list[PracticeItem]
    unanswered: list[PracticeItem]


class Priority(TypedDict):
    """A missing practice in our order of improvement, with why it comes where it does."""

    id: str
    area: str
    title: str
    status: str
    basic: bool
    reason: str
    citation: str


class Diagnosis(TypedDict):
    """The assess contract (`manage assess`): areas, priorities (weakest area first), totals and our note."""

    firm: str
    document: str
    number: str
    areas: list[AreaResult]
    priorities: list[str]
    priority_detail: list[Priority]
    answered: int
    practices: int
    unanswered: list[str]
    in_place: float | None
    note: str


def _norm_id(raw: str) -> str:
    return re.sub(r"\s+", "", raw).replace("(", "（").replace(")", "）")


def parse_answers(data: Any, guide: Guide | None = None) -> Answers:
    """{"firm": …, "answers": {"二.（一）": "done|partly|none" | {"status": …, "evidence": …}}} → Answers."""
    guide = guide or load_guide()
    if not isinstance(data, dict):
        raise InputError('应为 JSON 对象 expected a JSON object with "answers"')
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise InputError('"answers" 应为对象 must be an object {practice id: done|partly|none}')
    firm = data.get("firm") or ""
    if not isinstance(firm, str):
        raise InputError('"firm" 应为字符串 must be a string')
    known = guide.practices()
    out: dict[str, Answer] = {}
    for key, value in answers.items():
        pid = _norm_id(str(key))
        if pid not in known:
            raise InputError(f"{key}：指南中没有此项 no such practice in the guide (ids run 二.（一） … 十.（二）)")
        evidence = ""
        if isinstance(value, dict):
            evidence = value.get("evidence") or ""
            if not isinstance(evidence, str):
                raise InputError(f"{pid}（{known[pid].title}）：evidence 应为字符串 must be a string")
            value = value.get("status")
        status = ALIASES.get(value, value) if isinstance(value, str) else value
        if status not in CREDIT:
            raise InputError(
                f"{pid}（{known[pid].title}）：应为 done、partly 或 none must be done|partly|none, got {value!r}"
            )
        out[pid] = Answer(str(status), evidence.strip())
    return Answers(firm.strip(), out)


def _share(values: list[Fraction]) -> float | None:
    return round(float(sum(values) / len(values)), 4) if values else None


def _item(p: Practice, a: Answer | None) -> PracticeItem:
    out: PracticeItem = {"id": p.id, "title": p.title, "text": p.text, "citation": p.citation}
    if a is not None:
        out["status"], out["status_name"] = a.status, NAMES[a.status]
        if a.evidence:
            out["evidence"] = a.evidence
    return out


def diagnose(answers: Answers, guide: Guide | None = None) -> Diagnosis:
    """The assess contract: areas (in_place, missing, unanswered) and priorities (weakest area first)."""
    guide = guide or load_guide()
    areas: list[AreaResult] = []
    for area in guide.areas:
        given = [(p, answers.answers.get(p.id)) for p in area.practices]
        credits = [CREDIT[a.status] for _, a in given if a is not None]
        areas.append(
            {
                "no": area.no,
                "title": area.title,
                "citation": area.citation,
                "in_place": _share(credits),
                "practices": len(area.practices),
                "answered": len(credits),
                "done": sum(1 for _, a in given if a is not None and a.status == "done"),
                "missing": [_item(p, a) for p, a in given if a is not None and a.status != "done"],
                "unanswered": [_item(p, None) for p, a in given if a is None],
            }
        )
    detail = priorities(areas, guide)
    return {
        "firm": answers.firm,
        "document": guide.document,
        "number": guide.number,
        "areas": areas,
        "priorities": [p["id"] for p in detail],
        "priority_detail": detail,
        "answered": sum(a["answered"] for a in areas),
        "practices": sum(a["practices"] for a in areas),
        "unanswered": [u["id"] for a in areas for u in a["unanswered"]],
        "in_place": _share([CREDIT[a.status] for a in answers.answers.values()]),
        "note": NOTE,
    }


NOTE = (
    "指南只规定做法，不规定评分；已开展计 1、部分开展计 0.5、未开展计 0，优先顺序为 policyhub 的做法，非官方。"
    " The guide defines practices, not a scoring; credits and priorities are policyhub's, not official."
)


def priorities(areas: list[AreaResult], guide: Guide) -> list[Priority]:
    """Missing practices: weakest area first (guide order on ties); within it basic first, then partly before none."""
    known = guide.practices()
    order = {a["no"]: i for i, a in enumerate(areas)}
    ranked = sorted((a for a in areas if a["missing"]), key=lambda a: (a["in_place"], order[a["no"]]))
    out: list[Priority] = []
    for area in ranked:

        def key(m: PracticeItem) -> tuple[int, int]:
            return (0 if known[m["id"]].basic_marker else 1, 0 if m["status"] == "partly" else 1)

        for m in sorted(area["missing"], key=key):  # stable: printed order within the same key
            marker = known[m["id"]].basic_marker
            why = [f"{area['no']}、{area['title']}：已开展比例 in place {area['in_place']:.0%}"]
            if marker:
                why.append(f"基础项 basic（原文含“{marker}”）")
            if m["status"] == "partly":
                why.append("已部分开展 partly under way")
            out.append({"id": m["id"], "area": area["no"], "title": m["title"], "status": m["status"],
                        "basic": marker is not None, "reason": "；".join(why), "citation": m["citation"]})  # fmt: skip
    return out
