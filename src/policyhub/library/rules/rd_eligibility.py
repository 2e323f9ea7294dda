"""National key R&D programme 2024 application limits (交通 / NQI guides): eligible or every rule broken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypedDict

from policyhub import clock
from policyhub.library.rules.answers import Cited, Span
from policyhub.library.rules.inputs import Application, RdCase
from policyhub.library.rules.rd_checks import CHECKS
from policyhub.library.rules.ruledata import load
from policyhub.tristate import NOT_MET, UNKNOWN, Tri


class Source(TypedDict):
    """The guide and article a limit is printed in."""

    document: str
    issuer: str
    date: str
    article: str


class Condition(TypedDict):
    """One printed limit judged for one application (or the whole portfolio: application None)."""

    rule: str
    label: str
    guide: str
    application: int | None
    programme: str | None
    status: Tri
    strength: str
    detail: str
    missing: list[str]
    text: str
    citation: str
    source: Source


class Violation(TypedDict):
    """A limit the case breaks."""

    rule: str
    label: str
    guide: str
    citation: str
    text: str
    strength: str
    application: int | None
    programme: str | None
    detail: str


class Undecided(TypedDict):
    """A limit left unknown, and the facts that would decide it."""

    rule: str
    application: int | None
    missing: list[str]


class ApplicationVerdict(TypedDict):
    """One application: eligible true / false, or null while undetermined or not covered."""

    index: int
    programme: str
    guide: str
    role: str
    young_scientist: bool
    eligible: bool | None


class Edge(TypedDict):
    """A printed limit whose wording leaves the case's own date on an edge, and how the program reads it."""

    id: str
    rule: str
    on: str
    transport: str
    nqi: str
    reading: str


class Publication(TypedDict):
    """A guide's publication date and its application window."""

    published: str
    window: Span


RdStatus = Literal["eligible", "not_eligible", "undetermined", "not_covered"]


class Eligibility(TypedDict):
    """`rules rd-eligibility`: eligible, or every limit broken, and each condition met / not met / unknown."""

    status: RdStatus
    headline: str
    missing: list[str]
    covers: dict[str, Span]
    edges: list[Edge]
    eligible: bool | None
    complete: bool
    as_of: str | None
    violations: list[Violation]
    unknown: list[Undecided]
    conditions: list[Condition]
    applications: list[ApplicationVerdict]
    effective: dict[str, Publication]
    not_checked: list[Cited]


def citation(guide: dict[str, Any], article: str) -> str:
    """'<guide title>（<issuer> <date>）<article>' — the guides carry no document number."""
    return f"{guide['title']}（{guide['issuer']} {guide['date']}）{article}"


def _condition(
    rule: dict[str, Any], outcome: tuple[Tri, str, list[str]], index: int | None, app: Application | None
) -> Condition:
    guide = load("rd_limits_2024")["guides"][rule["guide"]]
    status, detail, missing = outcome
    return {
        "rule": rule["id"],
        "label": rule["label"],
        "guide": rule["guide"],
        "application": index,
        "programme": app.programme if app else None,
        "status": status,
        "strength": rule["strength"],
        "detail": detail,
        "missing": missing,
        "text": rule["text"],
        "citation": citation(guide, rule["article"]),
        "source": {
            "document": guide["title"],
            "issuer": guide["issuer"],
            "date": guide["date"],
            "article": rule["article"],
        },
    }


def _violation(c: Condition) -> Violation:
    return {"rule": c["rule"], "label": c["label"], "guide": c["guide"], "citation": c["citation"], "text": c["text"],
            "strength": c["strength"], "application": c["application"], "programme": c["programme"],
            "detail": c["detail"]}  # fmt: skip


def check_eligibility(case: RdCase, today: dt.date | None = None) -> Eligibility:
    """Every printed limit for each application and for the person's whole portfolio; eligible = none broken."""
    data = load("rd_limits_2024")
    if case.as_of is None:
        case = case.model_copy(update={"as_of": today or clock.today()})
    conditions: list[Condition] = []
    for index, app in enumerate(case.applications):
        for rule in data["rules"]:
            if rule["guide"] != app.guide or rule["scope"] != "application" or app.role not in rule["roles"]:
                continue
            outcome = CHECKS[rule["check"]](case, app, rule)
            if outcome is not None:
                conditions.append(_condition(rule, outcome, index, app))
    for guide in dict.fromkeys(a.guide for a in case.applications):
        for rule in data["rules"]:
            if rule["guide"] == guide and rule["scope"] == "portfolio":
                outcome = CHECKS[rule["check"]](case, None, rule)
                if outcome is not None:
                    conditions.append(_condition(rule, outcome, None, None))
    violations = [_violation(c) for c in conditions if c["status"] == NOT_MET]
    unknown = [c for c in conditions if c["status"] == UNKNOWN]
    per_app: list[ApplicationVerdict] = [
        {
            "index": i,
            "programme": a.programme,
            "guide": a.guide,
            "role": a.role,
            "young_scientist": a.young_scientist,
            "eligible": not any(v["application"] in (i, None) for v in violations),
        }
        for i, a in enumerate(case.applications)
    ]
    guides = {g: data["guides"][g] for g in dict.fromkeys(a.guide for a in case.applications)}
    covers: dict[str, Span] = {g: {"from": d["date"], "to": d["window"]["to"]} for g, d in guides.items()}
    day = (case.as_of or today or clock.today()).isoformat()
    outside: list[str] = [g for g, c in covers.items() if not (c["from"] <= day <= c["to"])]
    missing = list(dict.fromkeys(m for c in unknown for m in c["missing"]))
    # Never eligible while a deciding condition is unknown: eligible is true only when every condition is met.
    status: RdStatus = (
        "not_covered" if outside else ("not_eligible" if violations else ("undetermined" if unknown else "eligible"))
    )
    eligible = {"eligible": True, "not_eligible": False}.get(status)
    for a in per_app:
        a["eligible"] = (
            False if a["eligible"] is False else (None if status in ("undetermined", "not_covered") else True)
        )
    return {
        "status": status,
        "headline": _headline(status, violations, missing, outside, covers),
        "missing": missing,
        "covers": covers,
        "edges": _edges(case, data),
        "eligible": eligible,
        "complete": not unknown,
        "as_of": case.as_of.isoformat() if case.as_of else None,
        "violations": violations,
        "unknown": [{"rule": c["rule"], "application": c["application"], "missing": c["missing"]} for c in unknown],
        "conditions": conditions,
        "applications": per_app,
        "effective": {g: {"published": d["date"], "window": d["window"]} for g, d in guides.items()},
        "not_checked": [
            {"text": n["text"], "citation": citation(data["guides"][n["guide"]], n["article"])}
            for n in data["not_checked"]
            if n["guide"] in guides
        ],
    }


def _edges(case: RdCase, data: dict[str, Any]) -> list[Edge]:
    """Printed limits whose wording leaves the case's own date on an edge (transport 「前」 vs NQI 「及以前」)."""
    out: list[Edge] = []
    for edge in data["edges"]:
        reg = case.unit.registered_date
        if reg is not None and reg.isoformat() == edge["on"] and any(a.guide == "transport" for a in case.applications):
            out.append({"id": edge["id"], "rule": edge["rule"], "on": edge["on"], "transport": edge["transport"],
                        "nqi": edge["nqi"], "reading": edge["reading"]})  # fmt: skip
    return out


def _headline(
    status: str, violations: list[Violation], missing: list[str], outside: Sequence[str], covers: Mapping[str, Span]
) -> str:
    """One line: eligible, not eligible (how many rules), undetermined (what to supply) or not covered (dates)."""
    if status == "not_covered":
        spans = "；".join(f"{g} {covers[g]['from']}至{covers[g]['to']}" for g in outside)
        return f"未覆盖 not covered：核对日期不在2024年度指南的发布至申报截止期间（{spans}）"
    if status == "not_eligible":
        return f"不符合申报条件 not eligible：{len(violations)} 项规则未满足"
    if status == "undetermined":
        return f"未能判定 undetermined：请补充 {'、'.join(missing)}"
    return "符合申报条件 eligible：全部条件满足"
